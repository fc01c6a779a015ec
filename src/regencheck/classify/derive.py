"""From the facts gathered about a therapy to everything the rules conclude, memoised.

The conclusion depends only on the attribute state (stated, product label, words, in that
order of trust), so identical states, whether from YAML or from differently worded texts,
are derived once per knowledge base.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .categorize import CategoryResult, categorize
from .conditions import select
from .products import product_status
from .questions import order_unknowns, questions_for
from .result import Ruling
from .rulings import decide
from .schema import Implication, Product, RiskCriterion
from .state import MutableState, apply_implications, default_refinements, fill
from .tables import Tables

Values = Mapping[str, frozenset[str]]
MEMO_LIMIT = 20_000


@dataclass(frozen=True)
class Derived:
    """Everything `classify` concludes from an attribute state."""

    state: dict[str, frozenset[str]]
    implied: tuple[tuple[str, str, Implication], ...]
    added: frozenset[str]
    conflicting: tuple[str, ...]
    category: CategoryResult
    product_status: str | None
    sure_risk: RiskCriterion | None
    rulings: dict[str, Ruling]
    unknowns: tuple[str, ...]
    questions: tuple[str, ...]
    questions_ko: tuple[str, ...]


def _key(values: Values) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple(sorted(values.items()))


def derive(
    base: MutableState,
    strong: Values,
    weak: Values,
    conflicting: tuple[str, ...],
    product: Product | None,
    named: bool,
    tables: Tables,
) -> Derived:
    """Apply words, implications and defaults to `base`, then categorise, rule and ask."""
    key = (
        "derive",
        _key(base),
        _key(strong),
        _key(weak),
        conflicting,
        product.id if product else None,
        named,
    )
    cached: Derived | None = tables.memo.get(key)
    if cached is not None:
        return cached
    state = dict(base)
    added = set(fill(state, strong))
    implied = apply_implications(state, tables)
    if weak:
        weak_added = fill(state, weak)
        if weak_added:
            added.update(weak_added)
            implied += apply_implications(state, tables)
    default_refinements(state, tables)
    clash = tuple(a for a in conflicting if a in added)

    cat = categorize(state, tables)
    state["category"] = cat.possible
    pstatus = product_status(product, named, state)
    if pstatus is not None:
        state["product"] = frozenset((pstatus,))
    risk_sel = select(tables.risk, state)
    levels: set[str] = {c.level for c in risk_sel.candidates}
    if risk_sel.definite is None:
        levels.add("none")
    state["kr_risk"] = frozenset(levels)
    sure_risk = risk_sel.definite if len(risk_sel.candidates) == 1 else None

    rulings = {code: decide(table, state) for code, table in tables.jurisdictions.items()}
    derived_from = {
        "category": cat.unknown,
        "kr_risk": risk_sel.unknown,
        "product": frozenset(("indication",)),
    }
    unknown: set[str] = set(cat.unknown)
    for ruling in rulings.values():
        for attr in ruling.depends_on:
            unknown |= derived_from.get(attr, frozenset((attr,)))
    unknown = {a for a in unknown if a not in state or len(state[a]) > 1}
    if named:
        unknown.discard("product_name")
    ordered = order_unknowns(unknown, tables)
    questions, questions_ko = questions_for(ordered, tables, clash)
    result = Derived(
        state=state,
        implied=tuple(implied),
        added=frozenset(added),
        conflicting=clash,
        category=cat,
        product_status=pstatus,
        sure_risk=sure_risk,
        rulings=rulings,
        unknowns=ordered,
        questions=questions,
        questions_ko=questions_ko,
    )
    if len(tables.memo) < MEMO_LIMIT:
        tables.memo[key] = result
    return result
