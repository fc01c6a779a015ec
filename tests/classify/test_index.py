"""The bit-parallel condition index answers exactly as the rule-by-rule evaluation does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from functools import partial
from types import MappingProxyType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from regencheck.classify.conditions import Compiled, Selection, State
from regencheck.classify.index import IndexBuilder, Slice, pick
from regencheck.classify.result import CLASSIFICATION_FIELDS, Classification, assemble_classification
from regencheck.classify.tables import Tables, tables_for
from regencheck.classify.vocabulary import CONDITION_VALUES
from regencheck.knowledge import default_knowledge


# The reference semantics, one rule at a time: what `index` must answer for every state.
def evaluate(condition: Compiled, state: State) -> tuple[bool | None, tuple[str, ...]]:
    """True, False or None (unknown) for a compiled condition, and the attributes left unknown."""
    unknown: list[str] = []
    for attr, allowed in condition:
        possible = state.get(attr)
        if possible is None:
            unknown.append(attr)
        elif possible <= allowed:
            continue
        elif possible.isdisjoint(allowed):
            return False, ()
        else:
            unknown.append(attr)
    if unknown:
        return None, tuple(unknown)
    return True, ()


def select(
    table: Sequence[tuple[Compiled, Any]], state: State, fallbacks: Sequence[Any] = ()
) -> Selection[Any]:
    """Walk an ordered table: keep every entry that may match, stop at the first sure match.

    Fallback entries are used only when no ordinary entry may match at all.
    """
    candidates: list[Any] = []
    unknown: set[str] = set()
    for condition, entry in table:
        result, missing = evaluate(condition, state)
        if result is False:
            continue
        candidates.append(entry)
        if result is True:
            return Selection(tuple(candidates), entry, frozenset(unknown))
        unknown.update(missing)
    if not candidates and fallbacks:
        return Selection((fallbacks[0],), fallbacks[0], frozenset())
    return Selection(tuple(candidates), None, frozenset(unknown))


TABLES: Tables = tables_for(default_knowledge())

# Any attribute may be absent, one value, several values, an empty set or an out-of-enum value.
states = st.fixed_dictionaries(
    {},
    optional={
        attr: st.frozensets(st.sampled_from([*values, "not_a_value"]), max_size=3)
        for attr, values in CONDITION_VALUES.items()
    },
)


def _tables() -> list[tuple[str, list[Any], Slice[Any]]]:
    out: list[tuple[str, list[Any], Slice[Any]]] = [
        ("categories", list(TABLES.categories), TABLES.category_slice),
        ("risk", list(TABLES.risk), TABLES.risk_slice),
    ]
    for code, jt in TABLES.jurisdictions.items():
        out.append((code, list(jt.rules), jt.slice))
    return out


@settings(max_examples=150, deadline=None)
@given(states)
def test_every_table_selects_as_the_rule_by_rule_walk_does(state: State) -> None:
    explain = partial(TABLES.condition_index.unknown_attributes, state)
    ev = TABLES.condition_index.evaluate(state)
    for name, rows, table in _tables():
        fallbacks = TABLES.jurisdictions[name].fallbacks if name in TABLES.jurisdictions else []
        expected = select(rows, state, fallbacks)
        got, _ = pick(table, ev, explain)
        assert got == expected, name


def test_an_absent_attribute_leaves_a_test_unknown_even_when_it_allows_every_value() -> None:
    builder = IndexBuilder()
    table = builder.table([((("viable_cells", frozenset({"true", "false"})),), "any viability")])
    index = builder.build()
    state: State = {}
    sel, _ = pick(table, index.evaluate(state), partial(index.unknown_attributes, state))
    assert sel.definite is None
    assert sel.unknown == frozenset({"viable_cells"})


def test_an_assembled_classification_names_every_field_of_the_dataclass() -> None:
    assert {f.name for f in fields(Classification)} == CLASSIFICATION_FIELDS
    values: dict[str, Any] = {
        "category": "prp",
        "attributes": MappingProxyType({}),
        "unknowns": (),
        "questions": (),
        "questions_ko": (),
        "approved_product": None,
        "rulings": MappingProxyType({}),
        "knowledge_version": "v1",
    }
    built = Classification(**values)
    defaults = {f.name: getattr(built, f.name) for f in fields(Classification)}
    assembled = assemble_classification({k: v for k, v in defaults.items() if k != "extra"})
    assert assembled == built
