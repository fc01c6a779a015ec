"""From a therapy (stated attributes, a matched product, extracted text) to the rule state.

Order of trust: what the user states beats what a named product's label says, which beats
what the description's words suggest; implications (umbilical cord → donor cells) only fill
attributes nobody spoke to.
"""

from __future__ import annotations

from collections.abc import Mapping

from .conditions import evaluate
from .schema import Implication
from .tables import Tables
from .therapy import ATTRIBUTE_VALUES, REFINEMENT_ATTRIBUTES, Therapy

MutableState = dict[str, frozenset[str]]
_UNSPECIFIED = frozenset(("unspecified",))


def _as_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def stated(therapy: Therapy) -> MutableState:
    """The categorical attributes the therapy states, each as a one-value set."""
    out: MutableState = {}
    for attr in ATTRIBUTE_VALUES:
        value = getattr(therapy, attr)
        if value is not None:
            out[attr] = frozenset((_as_value(value),))
    return out


def fill(state: MutableState, values: Mapping[str, frozenset[str]]) -> list[str]:
    """Add values for attributes the state does not hold yet; returns the attributes added."""
    added = []
    for attr, possible in values.items():
        if attr not in state and possible:
            state[attr] = possible
            added.append(attr)
    return added


def apply_implications(state: MutableState, tables: Tables) -> list[tuple[str, str, Implication]]:
    """Fill attributes that follow from others; returns (attribute, value, implication).

    Unnamed refinements read as "unspecified" while the implications are tested, but stay
    unset so an implication may still name them (an embryo implies pluripotent cells).
    """
    applied: list[tuple[str, str, Implication]] = []
    borrowed = [a for a in REFINEMENT_ATTRIBUTES if a not in state]
    borrowed_set = set(borrowed)
    for attr in borrowed:
        state[attr] = _UNSPECIFIED
    try:
        changed = True
        while changed:
            changed = False
            keys = state.keys()
            for condition, imp in tables.implications:
                targets = imp.then
                if keys >= targets.keys() and borrowed_set.isdisjoint(targets):
                    continue
                if not keys >= imp.when.keys() or evaluate(condition, state)[0] is not True:
                    continue
                for attr, value in targets.items():
                    if attr not in state or attr in borrowed_set:
                        state[attr] = frozenset((value,))
                        if attr in borrowed_set:
                            borrowed.remove(attr)
                            borrowed_set.discard(attr)
                        applied.append((attr, value, imp))
                        changed = True
    finally:
        for attr in borrowed:
            del state[attr]
    return applied


def default_refinements(state: MutableState, tables: Tables) -> None:
    """Nobody named a cell type or a non-cell substance: that is itself information.

    Likewise an unmentioned attribute with an open default (manipulation) keeps only the
    values that would have had to be declared otherwise.
    """
    for attr in REFINEMENT_ATTRIBUTES:
        state.setdefault(attr, _UNSPECIFIED)
    for attr, possible in tables.open_defaults.items():
        state.setdefault(attr, possible)


def resolved(state: Mapping[str, frozenset[str]]) -> dict[str, object]:
    """The attributes that have exactly one possible value, booleans as booleans."""
    out: dict[str, object] = {}
    for attr in ATTRIBUTE_VALUES:
        possible = state.get(attr)
        if possible is None or len(possible) != 1:
            continue
        (value,) = tuple(possible)
        if attr in REFINEMENT_ATTRIBUTES and value == "unspecified":
            continue
        out[attr] = (value == "true") if ATTRIBUTE_VALUES[attr] == ("true", "false") else value
    return out
