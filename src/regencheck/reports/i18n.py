"""Report languages: Babel message catalogs, and locale-aware dates, numbers and money.

Catalogs are the `.po` files in `reports/locale/<lang>/LC_MESSAGES/messages.po`, compiled in
memory on first use, so a fresh clone needs no build step and a translator edits one text file.
Message ids are the English text; an untranslated message falls back to English.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from ..errors import ValidationFailed

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "id", "ko")
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (translated where shown)."""
    return message


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of `language`, built once per process from its `.po` file."""
    check_language(language)
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        return NullTranslations()
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def check_language(language: str) -> str:
    """Refuse a report language we have no catalog for, naming the ones we have."""
    if language not in LANGUAGES:
        raise ValidationFailed(
            f"unsupported report language {language!r}; expected one of: {', '.join(LANGUAGES)}"
        )
    return language


@dataclass(frozen=True)
class Translator:
    """Everything language-specific a report needs: messages and CLDR formatting for one locale."""

    language: str

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def gettext(self, message: str) -> str:
        return str(translations(self.language).gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return str(translations(self.language).ngettext(singular, plural, n))

    def date(self, value: date, fmt: str = "long") -> str:
        return str(format_date(value, format=fmt, locale=self.language))

    def datetime(self, value: datetime, zone: str | None = None, fmt: str = "medium") -> str:
        """A time shown in `zone` (the patient's), with the zone's name so nobody guesses."""
        tz = ZoneInfo(zone) if zone else value.tzinfo
        shown = value.astimezone(tz) if tz else value
        text = format_datetime(shown, format=fmt, locale=self.language)
        return f"{text} ({zone})" if zone else str(text)

    def number(self, value: float, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, format=pattern, locale=self.language))

    def money(self, amount: float, currency: str) -> str:
        """Amount with the currency's symbol or code as the locale writes it.

        Amounts of a thousand or more are shown in whole units: cents on a 15,000,000 KRW or
        11,400,000 IDR quote are noise a patient should not have to read past.
        """
        if abs(amount) >= 1000:
            pattern = re.sub(r"\.0+", "", self.locale.currency_formats["standard"].pattern)
            return str(
                format_currency(round(amount), currency, pattern, locale=self.language, currency_digits=False)
            )
        return str(format_currency(amount, currency, locale=self.language, currency_digits=True))

    def territory(self, code: str | None) -> str:
        """A country's name in the report language (CLDR), or the code when CLDR lacks it."""
        if not code:
            return ""
        return str(self.locale.territories.get(code.upper(), code.upper()))
