"""From the facts gathered about a therapy to everything the rules conclude, memoised.

The conclusion depends only on the attribute state (stated, product label, words, in that
order of trust), so identical states, whether from YAML or from differently worded texts,
are derived once per knowledge base. A state seen for the first time is settled against the
knowledge base's condition index (`index`) in a few passes over its attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import NamedTuple, get_args

from .categorize import CategoryResult, categorize
from .index import pick
from .products import product_status
from .questions import order_unknowns, questions_for
from .result import Evidence, Ruling
from .rulings import decide
from .schema import Product, RiskCriterion
from .state import MutableState, apply_implications, default_refinements, fill, resolved
from .tables import Tables
from .vocabulary import ProductStatus

Values = Mapping[str, frozenset[str]]
MEMO_LIMIT = 20_000
_PRODUCT_UNKNOWN = frozenset(("indication",))
_NO_RISK = "none"
_PRODUCT_STATUS = {s: frozenset((s,)) for s in get_args(ProductStatus)}
_STEM_CELLS = frozenset(("stem_cells",))
_OTHER = frozenset(("other",))


class Derived(NamedTuple):
    """Everything `classify` concludes from an attribute state."""

    state: dict[str, frozenset[str]]
    implied: tuple[Evidence, ...]
    added: frozenset[str]
    conflicting: tuple[str, ...]
    category: CategoryResult
    product_status: str | None
    sure_risk: RiskCriterion | None
    rulings: dict[str, Ruling]
    unknowns: tuple[str, ...]
    questions: tuple[str, ...]
    questions_ko: tuple[str, ...]
    attributes: dict[str, object]


def _key(values: Values) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple(sorted(values.items())) if values else ()


def _settle(
    state: MutableState, strong: Values, weak: Values, tables: Tables
) -> tuple[set[str], list[Evidence]]:
    """Fill the text's strong values, then implications, then weak values and implications
    again, then defaults; returns the attributes the words added and the implied evidence."""
    added = set(fill(state, strong)) if strong else set()
    implied = apply_implications(state, tables)
    if weak:
        weak_added = fill(state, weak)
        if weak_added:
            added.update(weak_added)
            implied += apply_implications(state, tables)
    default_refinements(state, tables)
    return added, implied


def _open_attributes(
    rulings: Mapping[str, Ruling],
    cat: CategoryResult,
    risk_unknown: frozenset[str],
    state: Mapping[str, frozenset[str]],
    named: bool,
) -> set[str]:
    """The attributes still open that the category or any ruling depends on (derived keys
    such as the category or the risk level stand for the attributes that would settle them)."""
    unknown: set[str] = set(cat.unknown)
    for ruling in rulings.values():
        for attr in ruling.depends_on:
            if attr == "category":
                unknown |= cat.unknown
            elif attr == "kr_risk":
                unknown |= risk_unknown
            elif attr == "product":
                unknown |= _PRODUCT_UNKNOWN
            else:
                unknown.add(attr)
    if unknown:
        unknown = {a for a in unknown if a not in state or len(state[a]) > 1}
        if named:
            unknown.discard("product_name")
    return unknown


def derive(
    base: MutableState,
    strong: Values,
    weak: Values,
    conflicting: tuple[str, ...],
    product: Product | None,
    named: bool,
    tables: Tables,
    fit: str | None = None,
    stem_cells: bool = False,
) -> Derived:
    """Apply words, implications and defaults to `base`, then categorise, rule and ask.

    `fit` says whether the text names the product's labelled use ("on"), another use ("off"),
    or neither (None); see `products.label_fit`. `stem_cells`: the text sells it as stem cells.
    """
    key = (
        "derive",
        # Insertion order is fixed by `stated` and `fill`; equal keys are equal states.
        tuple(base.items()),
        _key(strong),
        _key(weak),
        conflicting,
        product.id if product else None,
        named,
        fit,
        stem_cells,
    )
    cached: Derived | None = tables.memo.get(key)
    if cached is not None:
        return cached
    state = dict(base)
    added, implied = _settle(state, strong, weak, tables)
    clash = tuple(a for a in conflicting if a in added)

    state["named_as"] = _STEM_CELLS if stem_cells else _OTHER
    # The therapy's attributes are settled now; category, product and risk follow in turn.
    false, unknown_bits = tables.therapy_index.evaluate(state)
    derived = tables.derived_index
    explain = partial(tables.condition_index.unknown_attributes, state)
    more_false, more_unknown = derived.evaluate(state)
    cat = categorize(tables, (false | more_false, unknown_bits | more_unknown), explain)
    state["category"] = cat.possible
    pstatus = product_status(product, named, state, fit)
    if pstatus is not None:
        state["product"] = _PRODUCT_STATUS.get(pstatus) or frozenset((pstatus,))
    more_false, more_unknown = derived.evaluate(state)
    risk_sel, _ = pick(tables.risk_slice, (false | more_false, unknown_bits | more_unknown), explain)
    levels = frozenset(c.level for c in risk_sel.candidates)
    state["kr_risk"] = levels if risk_sel.definite is not None else levels | {_NO_RISK}
    sure_risk = risk_sel.definite if len(risk_sel.candidates) == 1 else None

    more_false, more_unknown = derived.evaluate(state)
    ev = (false | more_false, unknown_bits | more_unknown)
    rulings = {code: decide(table, state, ev, explain) for code, table in tables.jurisdictions.items()}
    unknown = _open_attributes(rulings, cat, risk_sel.unknown, state, named)
    ordered = order_unknowns(unknown, tables) if unknown else ()
    questions, questions_ko = questions_for(ordered, tables, clash) if ordered else ((), ())
    result = Derived(
        state,
        tuple(implied),
        frozenset(added),
        clash,
        cat,
        pstatus,
        sure_risk,
        rulings,
        ordered,
        questions,
        questions_ko,
        resolved(state),
    )
    if len(tables.memo) < MEMO_LIMIT:
        tables.memo[key] = result
    return result
