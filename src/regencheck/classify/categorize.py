"""Therapy state → category, from the ordered category rules of the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass

from .index import Evaluation, Explain, pick
from .schema import CategoryRule
from .tables import Tables


@dataclass(frozen=True)
class CategoryResult:
    """The category (or `unknown`), the rules that may apply, and what would settle it."""

    category: str
    possible: frozenset[str]
    rule: CategoryRule | None
    unknown: frozenset[str]


def categorize(tables: Tables, ev: Evaluation, explain: Explain) -> CategoryResult:
    """The one category every possible reading agrees on, else `unknown` with the candidates.

    `possible` holds "unknown" when it may be that no category fits.

    `ev` is the condition index evaluated on the therapy's state; `explain` names unknowns.
    """
    sel, _ = pick(tables.category_slice, ev, explain)
    if sel.definite is not None and len(sel.candidates) == 1:
        return _sure(tables, sel.definite)
    possible: frozenset[str] = frozenset(r.category for r in sel.candidates)
    if sel.definite is None:
        # No rule surely matches, so "no category fits" is a reading too: a rule that only
        # may match ("bone-marrow cells", cultured or not) does not name the category.
        possible |= _NO_CATEGORY
    if len(possible) == 1:
        rule = sel.definite or (sel.candidates[0] if sel.candidates else None)
        return CategoryResult(next(iter(possible)), possible, rule, frozenset())
    return CategoryResult("unknown", possible, None, sel.unknown)


_NO_CATEGORY = frozenset(("unknown",))


def _sure(tables: Tables, rule: CategoryRule) -> CategoryResult:
    """The result when one rule surely matches and none before it may; one per rule, shared."""
    results: dict[str, CategoryResult] = tables.cached_results
    found = results.get(rule.id)
    if found is None:
        found = results[rule.id] = CategoryResult(
            rule.category, frozenset((rule.category,)), rule, frozenset()
        )
    return found
