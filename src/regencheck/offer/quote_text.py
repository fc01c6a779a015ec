"""Read a quote the way a patient receives it: lines of text with prices, not a YAML table.

A quote arrives as an e-mail, a WhatsApp message or a PDF: "SVF processing ..... ₩3,500,000",
"Stem cell facelift package: KRW 12,000,000", "PRP x2  350만원", "Total US$ 8,500". Each line
with one price becomes a quote line; "total" lines are kept aside (they are a sum, not an item)
so the audit can check them. A price with no currency takes the quote's one named currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Symbols and codes a quote to an international patient uses, mapped to ISO 4217.
_SYMBOLS = {
    "₩": "KRW",
    "원": "KRW",
    "won": "KRW",
    "krw": "KRW",
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "s$": "SGD",
    "sgd": "SGD",
    "rp": "IDR",
    "idr": "IDR",
    "¥": "JPY",
    "円": "JPY",
    "jpy": "JPY",
    "€": "EUR",
    "eur": "EUR",
}
_CURRENCY = r"(?:us\$|s\$|usd|sgd|krw|idr|jpy|eur|won|rp|[₩$¥€])"
# Bounded and anchored so a long run of digits cannot be retried from every position (ReDoS).
_NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:[,.\s]\d{3}){1,5}(?:\.\d{1,2})?|\d{1,12}(?:\.\d{1,2})?)"
# Korean price units: 350만원 = 3,500,000 KRW; 1억 2천만원 is rare in quotes and not read.
_MAN = r"(?<![\d.,])(?P<man>\d{1,6}(?:[.,]\d{1,4})?)\s*만\s*원?"
_PRICE = re.compile(
    rf"{_MAN}"
    rf"|(?P<pre>{_CURRENCY})\s*(?P<n1>{_NUMBER})"
    rf"|(?P<n2>{_NUMBER})\s*(?P<post>{_CURRENCY}|원|円)",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"^\W*(?:grand\s+)?(?:total|sum|합계|총액|총\s*비용|총|jumlah|total\s+biaya)\b", re.I)
_QUANTITY = re.compile(
    r"(?:^|\s)(?:x\s*(?P<a>\d{1,2})|(?P<b>\d{1,2})\s*(?:x|회|sessions?|times|kali))\b", re.I
)
_LEADER_CHARS = " \t.:·…-–—|="
# A quote line is short; longer lines are prose, not priced items, and are not parsed.
MAX_LINE = 300


@dataclass(frozen=True)
class QuoteTextLine:
    """One priced line as written, with the price read from it."""

    item: str
    amount: float
    currency: str | None
    quantity: int
    line: str


@dataclass
class QuoteText:
    """What a quote text says: its priced lines, the total it states, and what could not be read."""

    lines: list[QuoteTextLine] = field(default_factory=list)
    stated_total: float | None = None
    currency: str | None = None
    mixed_currencies: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.lines)


def _amount(raw: str) -> float:
    """'3,500,000' / '3.500.000' / '3 500 000' / '8,500.50' as a number."""
    raw = raw.strip()
    grouped = re.fullmatch(r"\d{1,3}(?:([,.\s])\d{3})+(?:\.(\d{1,2}))?", raw)
    if grouped:
        sep = grouped.group(1)
        whole = raw.split(".")[0] if sep != "." else raw
        if sep == "." and grouped.group(2) is None:
            return float(raw.replace(".", ""))
        digits = re.sub(r"[,.\s]", "", whole)
        cents = grouped.group(2)
        return float(digits) + (float(f"0.{cents}") if cents and sep != "." else 0.0)
    return float(raw)


def _price(match: re.Match[str]) -> tuple[float, str | None]:
    if match.group("man"):
        return float(match.group("man").replace(",", ".")) * 10_000, "KRW"
    number = match.group("n1") or match.group("n2")
    symbol = (match.group("pre") or match.group("post") or "").lower()
    return _amount(number), _SYMBOLS.get(symbol)


def parse_quote_text(text: str) -> QuoteText:
    """The priced lines of a quote; a line with no price or more than one is not an item."""
    quote = QuoteText()
    currencies: set[str] = set()
    for raw_line in text.splitlines():
        if len(raw_line) > MAX_LINE:
            continue
        line = raw_line.strip().strip("*-•·").strip()
        prices = [m for m in _PRICE.finditer(line) if (m.group("man") or m.group("pre") or m.group("post"))]
        if len(prices) != 1:
            continue
        match = prices[0]
        amount, currency = _price(match)
        if amount <= 0:
            continue
        if currency:
            currencies.add(currency)
        label = (
            line[: match.start()].rstrip(_LEADER_CHARS).strip()
            or line[match.end() :].strip(_LEADER_CHARS).strip()
        )
        if _TOTAL.match(label or line):
            quote.stated_total = amount
            continue
        if not label:
            continue
        qty = _QUANTITY.search(label)
        quantity = int(qty.group("a") or qty.group("b")) if qty else 1
        quote.lines.append(QuoteTextLine(label[:200], amount, currency, max(quantity, 1), raw_line.strip()))
    if len(currencies) == 1:
        quote.currency = next(iter(currencies))
    elif currencies:
        quote.mixed_currencies = sorted(currencies)
    return quote
