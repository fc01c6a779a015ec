"""From a therapy (stated attributes, a matched product, extracted text) to the rule state.

Order of trust: what the user states beats what a named product's label says, which beats
what the description's words suggest; implications (umbilical cord → donor cells) only fill
attributes nobody spoke to.
"""

from __future__ import annotations

from collections.abc import Mapping

from .result import Evidence
from .tables import Tables
from .therapy import ATTRIBUTE_VALUES, BOOL_VALUES, REFINEMENT_ATTRIBUTES, Therapy

MutableState = dict[str, frozenset[str]]
_UNSPECIFIED = frozenset(("unspecified",))


def _as_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _singletons(attr: str) -> dict[object, frozenset[str]]:
    if ATTRIBUTE_VALUES[attr] == BOOL_VALUES:
        return {True: frozenset(("true",)), False: frozenset(("false",))}
    return {v: frozenset((v,)) for v in ATTRIBUTE_VALUES[attr]}


#: Per attribute, each value a therapy may state → its one-value set, built once.
_STATED: tuple[tuple[str, dict[object, frozenset[str]]], ...] = tuple(
    (attr, _singletons(attr)) for attr in ATTRIBUTE_VALUES
)


def stated(therapy: Therapy) -> MutableState:
    """The categorical attributes the therapy states, each as a one-value set."""
    out: MutableState = {}
    fields = therapy.__dict__
    for attr, singles in _STATED:
        value = fields[attr]
        if value is not None:
            single = singles.get(value)
            out[attr] = single if single is not None else frozenset((_as_value(value),))
    return out


def fill(state: MutableState, values: Mapping[str, frozenset[str]]) -> list[str]:
    """Add values for attributes the state does not hold yet; returns the attributes added."""
    added = []
    for attr, possible in values.items():
        if attr not in state and possible:
            state[attr] = possible
            added.append(attr)
    return added


def apply_implications(state: MutableState, tables: Tables) -> list[Evidence]:
    """Fill attributes that follow from others; returns the implied evidence, in order applied.

    Unnamed refinements read as "unspecified" while the implications are tested, but stay
    unset so an implication may still name them (an embryo implies pluripotent cells).
    """
    applied: list[Evidence] = []
    borrowed = [a for a in REFINEMENT_ATTRIBUTES if a not in state]
    borrowed_set = set(borrowed)
    for attr in borrowed:
        state[attr] = _UNSPECIFIED
    try:
        changed = True
        while changed:
            changed = False
            for condition, targets in tables.implication_rows:
                for attr, _, _, _ in targets:
                    if attr not in state or attr in borrowed_set:
                        break
                else:
                    continue  # nothing left for it to fill
                for attr, allowed in condition:
                    possible = state.get(attr)
                    if possible is None or not possible <= allowed:
                        break
                else:
                    for attr, _, single, evidence in targets:
                        if attr not in state or attr in borrowed_set:
                            state[attr] = single
                            if attr in borrowed_set:
                                borrowed.remove(attr)
                                borrowed_set.discard(attr)
                            applied.append(evidence)
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


_SKIP = object()


def _resolutions(attr: str) -> dict[frozenset[str], object]:
    boolean = ATTRIBUTE_VALUES[attr] == BOOL_VALUES
    out: dict[frozenset[str], object] = {}
    for value in ATTRIBUTE_VALUES[attr]:
        skip = attr in REFINEMENT_ATTRIBUTES and value == "unspecified"
        out[frozenset((value,))] = _SKIP if skip else (value == "true") if boolean else value
    return out


#: Per attribute, each one-value set → the value `resolved` reports (or `_SKIP`), built once.
_RESOLVED: tuple[tuple[str, dict[frozenset[str], object]], ...] = tuple(
    (attr, _resolutions(attr)) for attr in ATTRIBUTE_VALUES
)


def resolved(state: Mapping[str, frozenset[str]]) -> dict[str, object]:
    """The attributes that have exactly one possible value, booleans as booleans."""
    out: dict[str, object] = {}
    for attr, known in _RESOLVED:
        possible = state.get(attr)
        if possible is None:
            continue
        value = known.get(possible)
        if value is None:  # several values, or one outside the enum
            if len(possible) != 1:
                continue
            (raw,) = tuple(possible)
            if attr in REFINEMENT_ATTRIBUTES and raw == "unspecified":
                continue
            value = (raw == "true") if ATTRIBUTE_VALUES[attr] == BOOL_VALUES else raw
        elif value is _SKIP:
            continue
        out[attr] = value
    return out
