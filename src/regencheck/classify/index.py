"""Every rule condition of a knowledge base compiled into one bit-parallel index.

A classification tests some 150 conditions (categories, risk levels, the jurisdictions and
their conditions); testing them one rule at a time (now only the oracle in
tests/classify/test_index.py) dominated a first-sight classification. Here each condition is a bit in one integer, and each attribute
carries precomputed masks: the bits whose test it settles false for a value, and the bits
that test it at all. One pass over the attributes of a state then answers every condition at
once, with the same three values: a bit in `false` is False, else a bit in `unknown` is
unknown, else True. `pick` turns a slice of bits back into a `Selection`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .conditions import Compiled, Selection, State

T = TypeVar("T")

#: Per attribute: (its name, the bits that test it, value → bits whose test that value fails,
#: and the usual answers ready-made: absent or one value → (false bits, unknown bits)).
AttributeMasks = tuple[str, int, Mapping[str, int], Mapping[frozenset[str] | None, tuple[int, int]]]


#: What a state says about every bit of an index: (bits settled false, bits still unknown);
#: a bit in neither is true.
Evaluation = tuple[int, int]

#: The attributes that leave any of the given bits unknown (asked only when some are).
Explain = Callable[[int], frozenset[str]]


@dataclass(frozen=True, slots=True)
class Slice(Generic[T]):
    """An ordered rule table inside the index: its bits and the entry behind each bit."""

    mask: int
    entries: Mapping[int, T]
    fallback: T | None = None
    #: The selection when one entry surely matches and nothing before it may: the usual case.
    alone: Mapping[int, Selection[T]] = field(default_factory=dict)
    #: The selection when nothing may match (the fallback, or nothing).
    empty: Selection[T] = field(default_factory=lambda: Selection((), None, frozenset()))


class IndexBuilder:
    """Collects conditions in order; each gets the next bit."""

    def __init__(self) -> None:
        self._conditions: list[Compiled] = []

    def add(self, condition: Compiled) -> int:
        """The bit (a power of two) assigned to `condition`."""
        self._conditions.append(condition)
        return 1 << (len(self._conditions) - 1)

    def table(self, rows: Iterable[tuple[Compiled, T]], fallback: T | None = None) -> Slice[T]:
        """Add an ordered table; bit order is table order, so the lowest sure bit wins."""
        entries: dict[int, T] = {}
        mask = 0
        for condition, entry in rows:
            bit = self.add(condition)
            entries[bit.bit_length() - 1] = entry
            mask |= bit
        alone = {position: Selection((e,), e, frozenset()) for position, e in entries.items()}
        empty: Selection[T] = (
            Selection((fallback,), fallback, frozenset())
            if fallback is not None
            else Selection((), None, frozenset())
        )
        return Slice(mask, entries, fallback, alone, empty)

    def build(self) -> ConditionIndex:
        tested: dict[str, int] = {}
        failing: dict[str, dict[str, int]] = {}
        allowed_by: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for position, condition in enumerate(self._conditions):
            bit = 1 << position
            for attr, allowed in condition:
                tested[attr] = tested.get(attr, 0) | bit
                allowed_by.setdefault(attr, []).append((bit, allowed))
        for attr, tests in allowed_by.items():
            values = {v for _, allowed in tests for v in allowed}
            failing[attr] = {
                v: sum(bit for bit, allowed in tests if v not in allowed) for v in sorted(values)
            }
        attributes = []
        for attr in sorted(tested):
            ready: dict[frozenset[str] | None, tuple[int, int]] = {None: (0, tested[attr])}
            for value, fails in failing[attr].items():
                ready[frozenset((value,))] = (fails, 0)
            attributes.append((attr, tested[attr], failing[attr], ready))
        return ConditionIndex(tuple(attributes))


@dataclass(frozen=True, slots=True)
class ConditionIndex:
    """The per-attribute masks of every condition added to an `IndexBuilder`."""

    attributes: tuple[AttributeMasks, ...]

    def restricted(self, names: Iterable[str]) -> ConditionIndex:
        """The same bits, answered only by the attributes in `names` (the others stay silent)."""
        keep = set(names)
        return ConditionIndex(tuple(a for a in self.attributes if a[0] in keep))

    def evaluate(self, state: State) -> Evaluation:
        """Settle every bit against `state`; an attribute the state lacks leaves its bits unknown."""
        false = unknown = 0
        for attr, tested, failing, ready in self.attributes:
            possible = state.get(attr)
            answer = ready.get(possible)
            if answer is None:
                answer = _settle(possible, tested, failing)
            false |= answer[0]
            unknown |= answer[1]
        return false, unknown

    def unknown_attributes(self, state: State, bits: int) -> frozenset[str]:
        """The attributes whose values in `state` leave some of `bits` unknown."""
        out = []
        for attr, tested, failing, ready in self.attributes:
            if not tested & bits:
                continue
            possible = state.get(attr)
            answer = ready.get(possible)
            if answer is None:
                answer = _settle(possible, tested, failing)
            if answer[1] & bits:
                out.append(attr)
        return frozenset(out)


def _settle(possible: frozenset[str] | None, tested: int, failing: Mapping[str, int]) -> tuple[int, int]:
    """(false bits, unknown bits) of one attribute for a value set the ready answers lack."""
    if possible is None:
        return 0, tested
    if not possible:
        return 0, 0  # an empty set is within any allowed set, as the one-rule-at-a-time reading has it
    # False where every possible value fails a test, true where none does, unknown between.
    all_fail = tested
    any_fail = 0
    for value in possible:
        fails = failing.get(value, tested)
        all_fail &= fails
        any_fail |= fails
    return all_fail, any_fail & ~all_fail


def pick(table: Slice[T], ev: Evaluation, explain: Explain) -> tuple[Selection[T], int]:
    """The ordered-table walk over a slice, and the candidate bits (0 when a fallback was used).

    `explain` names the attributes behind unknown bits; it is called only when a candidate is
    unknown.
    """
    false, unknown_bits = ev
    live = table.mask & ~false
    sure = live & ~unknown_bits
    definite: T | None = None
    if sure:
        first = sure & -sure
        live &= (first << 1) - 1
        if live == first:
            return table.alone[first.bit_length() - 1], live
        definite = table.entries[first.bit_length() - 1]
    if not live:
        return table.empty, 0
    entries = table.entries
    candidates: list[T] = []
    rest = live
    while rest:
        low = rest & -rest
        candidates.append(entries[low.bit_length() - 1])
        rest ^= low
    pending = live & unknown_bits
    unknown = explain(pending) if pending else frozenset()
    return Selection(tuple(candidates), definite, unknown), live
