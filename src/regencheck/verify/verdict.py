"""The verdict rule of the product specification, as a pure function of the criteria's marks.

`not_verified` if any critical criterion fails; else `insufficient_evidence` if a critical one is
unknown; else `verified` if every applicable criterion passes; else `conditional`. An unknown is
never counted as a pass, and the reasons name each criterion that decided the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Verdict = Literal["verified", "conditional", "not_verified", "insufficient_evidence"]


@dataclass(frozen=True)
class Mark:
    """What the verdict needs from one criterion."""

    id: str
    title: str
    status: str
    critical: bool
    explanation: str = ""


def _reason(mark: Mark) -> str:
    label = "critical, " if mark.critical else ""
    return f"{mark.id} {mark.title} ({label}{mark.status}): {mark.explanation}".rstrip(": ")


def decide(marks: list[Mark]) -> tuple[Verdict, list[str]]:
    """The verdict and its reasons (the criteria that decided it, in criterion order)."""
    critical_fail = [m for m in marks if m.critical and m.status == "fail"]
    critical_unknown = [m for m in marks if m.critical and m.status == "unknown"]
    other_fail = [m for m in marks if not m.critical and m.status == "fail"]
    other_unknown = [m for m in marks if not m.critical and m.status == "unknown"]
    if critical_fail:
        return "not_verified", [_reason(m) for m in critical_fail + critical_unknown + other_fail]
    if critical_unknown:
        return "insufficient_evidence", [_reason(m) for m in critical_unknown + other_fail + other_unknown]
    if not other_fail and not other_unknown and all(m.status in ("pass", "not_applicable") for m in marks):
        return "verified", ["every applicable criterion passes"]
    return "conditional", [_reason(m) for m in other_fail + other_unknown]
