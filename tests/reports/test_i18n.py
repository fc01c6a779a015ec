from datetime import date

import pytest

from regencheck.disclaimer import DISCLAIMER
from regencheck.errors import ValidationFailed
from regencheck.reports import i18n
from regencheck.reports.i18n import Translator


@pytest.mark.parametrize(("language", "start"), [("id", "regencheck adalah"), ("ko", "regencheck는")])
def test_the_disclaimer_is_translated(language: str, start: str) -> None:
    assert Translator(language).gettext(DISCLAIMER).startswith(start)


def test_dates_and_money_follow_the_locale() -> None:
    assert Translator("id").date(date(2026, 5, 11), "full") == "Senin, 11 Mei 2026"
    assert Translator("ko").date(date(2026, 5, 11), "long") == "2026년 5월 11일"
    assert Translator("id").money(11_400_000, "IDR") == "Rp11.400.000"
    assert Translator("en").money(980.5, "SGD") == "SGD980.50"
    assert Translator("en").money(15_000_000, "KRW") == "₩15,000,000"


def test_an_unsupported_language_is_refused_with_the_supported_ones() -> None:
    with pytest.raises(ValidationFailed, match="en, id, ko"):
        Translator("fr").gettext("x") if i18n.check_language("fr") else None
