"""Therapy state → category, from the ordered category rules of the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import State, select
from .schema import CategoryRule
from .tables import Tables


@dataclass(frozen=True)
class CategoryResult:
    """The category (or `unknown`), the rules that may apply, and what would settle it."""

    category: str
    possible: frozenset[str]
    rule: CategoryRule | None
    unknown: frozenset[str]


def categorize(state: State, tables: Tables) -> CategoryResult:
    """The one category every possible reading agrees on, else `unknown` with the candidates."""
    key = tuple(state.get(a) for a in _KEYS)
    cached: CategoryResult | None = tables.memo.get(("category", key))
    if cached is not None:
        return cached
    sel = select(tables.categories, state)
    possible = frozenset(r.category for r in sel.candidates) or frozenset(("unknown",))
    if len(possible) == 1:
        rule = sel.definite or (sel.candidates[0] if sel.candidates else None)
        result = CategoryResult(next(iter(possible)), possible, rule, frozenset())
    else:
        result = CategoryResult("unknown", possible, None, sel.unknown)
    if len(tables.memo) < 20_000:
        tables.memo[("category", key)] = result
    return result


_KEYS = (
    "cell_source",
    "tissue",
    "viable_cells",
    "manipulation",
    "same_procedure",
    "processing_site",
    "homologous_use",
    "route",
    "indication",
    "cell_type",
    "substance",
    "isolation",
)
