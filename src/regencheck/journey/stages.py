"""The journey stages of seed 000 part 9 and the rule for moving a case through them.

A case moves forward one stage at a time or skips ahead (a patient may arrive already
verified), but never back: going back would rewrite history the audit log has recorded.
Closing a case is separate from its stage.
"""

from __future__ import annotations

from ..errors import Conflict, ValidationFailed
from ..knowledge import KnowledgeBase
from . import knowledge as jk
from .schema import Stage


def stage_ids(kb: KnowledgeBase | None = None) -> list[str]:
    """Stage ids in journey order."""
    return [s.id for s in jk.stages(jk.resolve(kb)).stages]


def stage(stage_id: str, kb: KnowledgeBase | None = None) -> Stage:
    """One stage by id; an unknown id is a user error naming the allowed ones."""
    for s in jk.stages(jk.resolve(kb)).stages:
        if s.id == stage_id:
            return s
    raise ValidationFailed(f"unknown stage {stage_id!r}; expected one of: {', '.join(stage_ids(kb))}")


def check_transition(current: str | None, target: str, kb: KnowledgeBase | None = None) -> None:
    """Raise unless a case at `current` (None = new case) may move to `target`."""
    order = stage_ids(kb)
    stage(target, kb)
    if current is None:
        return
    if current not in order:
        raise ValidationFailed(f"unknown current stage {current!r}")
    if order.index(target) <= order.index(current):
        raise Conflict(
            f"a case at stage {current!r} cannot move back or stay at {target!r}; stages only move forward"
        )


def next_stage(current: str | None, kb: KnowledgeBase | None = None) -> str | None:
    """The stage after `current` (the first stage for a new case; None after the last)."""
    order = stage_ids(kb)
    if current is None:
        return order[0]
    i = order.index(current)
    return order[i + 1] if i + 1 < len(order) else None
