from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from regencheck.disclaimer import DISCLAIMER
from regencheck.errors import ValidationFailed
from regencheck.reports import i18n
from regencheck.reports.i18n import Translator

PACKAGE = Path(i18n.__file__).parent


def extracted_messages() -> set[str]:
    keywords = dict(DEFAULT_KEYWORDS)
    keywords["N_"] = None
    method_map = [("**.py", "python"), ("templates/**.j2", "jinja2.ext:babel_extract")]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(PACKAGE), method_map, options, keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("language", ["id", "ko"])
def test_every_message_in_code_and_templates_is_translated(language: str) -> None:
    with (PACKAGE / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string}
    missing = sorted(extracted_messages() - translated)
    assert not missing, f"untranslated in {language}: {missing}"


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
