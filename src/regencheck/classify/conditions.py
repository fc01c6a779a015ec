"""Three-valued evaluation of rule conditions over what is known about a therapy.

The state maps each attribute to the *set of values it may still have*: a stated attribute is a
one-value set, a conflicting one holds every value the description named, and a missing one is
absent (any value). A condition `attr ∈ allowed` is then true when every possible value is
allowed, false when none is, and unknown otherwise: an unknown never becomes a guess.

`evaluate` and `select` are the reference semantics, one rule at a time; `classify` runs the
bit-parallel `index`, and a property test keeps the two equal on arbitrary states.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

State = Mapping[str, frozenset[str]]
Compiled = tuple[tuple[str, frozenset[str]], ...]

T = TypeVar("T")


def compile_when(when: Mapping[str, Sequence[str]]) -> Compiled:
    """A `when` mapping as a tuple of (attribute, allowed values), cheapest to test first."""
    return tuple(sorted(((k, frozenset(v)) for k, v in when.items()), key=lambda kv: kv[0]))


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


@dataclass(frozen=True)
class Selection(Generic[T]):
    """The entries that may apply, in table order; `definite` is the one that surely does."""

    candidates: tuple[T, ...]
    definite: T | None
    unknown: frozenset[str]


def select(table: Sequence[tuple[Compiled, T]], state: State, fallbacks: Sequence[T] = ()) -> Selection[T]:
    """Walk an ordered table: keep every entry that may match, stop at the first sure match.

    Fallback entries are used only when no ordinary entry may match at all.
    """
    candidates: list[T] = []
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
