"""Three-valued evaluation of rule conditions over what is known about a therapy.

The state maps each attribute to the *set of values it may still have*: a stated attribute is a
one-value set, a conflicting one holds every value the description named, and a missing one is
absent (any value). A condition `attr ∈ allowed` is then true when every possible value is
allowed, false when none is, and unknown otherwise: an unknown never becomes a guess.

The one evaluator is the bit-parallel `index`, which answers every condition of a state in one
pass. The rule-at-a-time reading of these semantics lives in `tests/classify/test_index.py`
as the oracle a property test holds the index to, on arbitrary states.
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


@dataclass(frozen=True)
class Selection(Generic[T]):
    """The entries that may apply, in table order; `definite` is the one that surely does."""

    candidates: tuple[T, ...]
    definite: T | None
    unknown: frozenset[str]
