"""Currency conversion with the dated FX table of the knowledge base.

A patient budgets in their own currency, so quote totals are converted with the latest rate
dated on or before the as-of date (a direct rate, its inverse, or through KRW), and the
conversion names the rate, its date and its source so the figure can be checked or redone
with an overlay of newer rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..knowledge import KnowledgeBase
from .schema import FxFile, FxRate


@dataclass(frozen=True)
class Conversion:
    amount: float
    currency: str
    rate: float
    rates: list[FxRate]

    def describe(self) -> dict[str, object]:
        return {
            "amount": round(self.amount, 2),
            "currency": self.currency,
            "rate": self.rate,
            "rates": [
                {
                    "base": r.base,
                    "quote": r.quote,
                    "rate": r.rate,
                    "as_of": r.as_of.isoformat(),
                    "source": r.source,
                }
                for r in self.rates
            ],
        }


def _best(rates: list[FxRate], base: str, quote: str, as_of: date) -> tuple[float, FxRate] | None:
    direct = [r for r in rates if r.base == base and r.quote == quote and r.as_of <= as_of]
    inverse = [r for r in rates if r.base == quote and r.quote == base and r.as_of <= as_of]
    best: tuple[float, FxRate] | None = None
    for r in direct:
        if best is None or r.as_of > best[1].as_of:
            best = (r.rate, r)
    for r in inverse:
        if best is None or r.as_of > best[1].as_of:
            best = (1.0 / r.rate, r)
    return best


def convert(amount: float, base: str, quote: str, kb: KnowledgeBase, as_of: date) -> Conversion | None:
    """`amount` in `base` expressed in `quote`, or None when the table has no usable rate."""
    if base == quote:
        return Conversion(amount, quote, 1.0, [])
    rates = kb.topic("verify/fx", FxFile).rates
    one = _best(rates, base, quote, as_of)
    if one is not None:
        return Conversion(amount * one[0], quote, one[0], [one[1]])
    pivot = "KRW"
    first = _best(rates, base, pivot, as_of)
    second = _best(rates, pivot, quote, as_of)
    if first is None or second is None:
        return None
    rate = first[0] * second[0]
    return Conversion(amount * rate, quote, rate, [first[1], second[1]])


def currency_of(country: str | None) -> str | None:
    """The current currency of an ISO 3166 country code (CLDR data via Babel)."""
    if not country:
        return None
    from babel.numbers import get_territory_currencies

    try:
        found = get_territory_currencies(country.upper())
    except Exception:  # Babel raises on unknown territories
        return None
    return str(found[0]) if found else None
