"""Match a patient's goal to verified specialists (seed 000's "verification and matching" step):
whose documented specialty, subspecialty, years and cases fit the procedure, and whose clinic's
latest verification says what about them.

The ranking rule is fixed, disclosed (`RANKING_RULE`, shown on the page) and uses only documented
facts: nothing a clinic pays for, no field a clinic can buy. Unverified clinics are left out, a
clinic whose verification failed is left out, and a stale verification is labelled and ranked
after current ones. What the records do not document (languages, dates, prices) is said, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

RANKING_RULE = (
    "Clinics verified 'verified' first, then 'conditional', then 'insufficient evidence'; clinics "
    "never verified or 'not verified' are not listed. Within each: current verifications before "
    "stale ones, then specialists whose documented subspecialty names the procedure, then those "
    "meeting more of the knowledge base's experience thresholds, then more years, then more cases, "
    "then name. No payment or listing fee affects the order."
)
VERDICT_ORDER = {"verified": 0, "conditional": 1, "insufficient_evidence": 2}
_WORD = re.compile(r"[\w가-힣]+")
_STOP = frozenset(["and", "or", "the", "of", "for", "with", "in", "a", "an", "to", "my", "me", "i", "want"])


@dataclass(frozen=True)
class Goal:
    """What the patient wants, as the coordinator enters it."""

    procedure: str
    indication: str | None = None
    language: str | None = None
    budget: str | None = None
    dates: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A specialist as documented in the store, with their clinic's latest verification."""

    specialist_id: int
    name: str
    clinic_id: int
    clinic_name: str
    specialty: str | None
    subspecialty: str | None
    years: float | None  # a dossier may say 17.5 years
    cases: int | None
    verification_id: int | None
    verdict: str | None
    verified_on: date | None
    stale_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    """The experience thresholds of criteria 1.2–1.4, from the knowledge base."""

    min_years: float
    min_cases: float
    specialties_for: dict[str, tuple[str, ...]]


@dataclass
class Match:
    candidate: Candidate
    fits: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    subspecialty_fits: bool = False
    thresholds_met: int = 0

    def sort_key(self) -> tuple[Any, ...]:
        c = self.candidate
        return (
            VERDICT_ORDER.get(c.verdict or "", 9),
            bool(c.stale_reasons),
            not self.subspecialty_fits,
            -self.thresholds_met,
            -(c.years or 0),
            -(c.cases or 0),
            c.name.casefold(),
        )

    def to_dict(self) -> dict[str, Any]:
        c = self.candidate
        return {
            "specialist_id": c.specialist_id,
            "specialist": c.name,
            "clinic_id": c.clinic_id,
            "clinic": c.clinic_name,
            "specialty": c.specialty,
            "subspecialty": c.subspecialty,
            "years_in_subspecialty": c.years,
            "cumulative_cases": c.cases,
            "verification_id": c.verification_id,
            "verdict": c.verdict,
            "verified_on": c.verified_on.isoformat() if c.verified_on else None,
            "stale": list(c.stale_reasons),
            "fits": self.fits,
            "gaps": self.gaps,
            "labels": self.labels,
        }


@dataclass
class MatchResult:
    goal: Goal
    matches: list[Match]
    left_out: list[dict[str, str]]
    not_documented: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal.__dict__,
            "ranking_rule": RANKING_RULE,
            "matches": [m.to_dict() for m in self.matches],
            "left_out": self.left_out,
            "not_documented": self.not_documented,
        }


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").casefold()) if w not in _STOP and len(w) > 1}


def match_specialists(goal: Goal, candidates: Iterable[Candidate], thresholds: Thresholds) -> MatchResult:
    """Rank the candidates that fit the goal (see `RANKING_RULE`); say why each is listed or not."""
    wanted = _words(goal.procedure)
    specialties = thresholds.specialties_for.get(goal.indication or "", ())
    matches: list[Match] = []
    left_out: list[dict[str, str]] = []
    for c in candidates:
        if c.verdict not in VERDICT_ORDER:
            reason = (
                "never verified"
                if c.verdict is None
                else f"latest verification: {c.verdict.replace('_', ' ')}"
            )
            left_out.append({"specialist": c.name, "clinic": c.clinic_name, "reason": reason})
            continue
        if specialties and c.specialty not in specialties:
            left_out.append(
                {
                    "specialist": c.name,
                    "clinic": c.clinic_name,
                    "reason": f"specialty {c.specialty or 'not documented'} does not cover {goal.indication}",
                }
            )
            continue
        m = Match(c)
        if specialties:
            m.fits.append(f"board specialty {c.specialty} covers {goal.indication}")
        overlap = wanted & _words(c.subspecialty)
        if overlap:
            m.subspecialty_fits = True
            m.fits.append(f"subspecialty '{c.subspecialty}' names {', '.join(sorted(overlap))}")
        elif c.subspecialty:
            m.gaps.append(f"subspecialty '{c.subspecialty}' does not name the procedure")
        else:
            m.gaps.append("no subspecialty documented")
        for value, minimum, unit in (
            (c.years, thresholds.min_years, "years"),
            (c.cases, thresholds.min_cases, "cases"),
        ):
            if value is None:
                m.gaps.append(f"{unit} not documented")
            elif value >= minimum:
                m.thresholds_met += 1
                m.fits.append(f"{value:,} {unit} (threshold {minimum:,.0f})")
            else:
                m.gaps.append(f"{value:,} {unit}, below the threshold of {minimum:,.0f}")
        if c.verdict != "verified":
            m.labels.append(f"verification: {c.verdict.replace('_', ' ') if c.verdict else ''}")
        if c.stale_reasons:
            m.labels.append("needs re-verification")
        matches.append(m)
    matches.sort(key=Match.sort_key)
    not_documented = [
        f"{what} ({value}): the records do not document it; ask the clinic"
        for what, value in (("language", goal.language), ("dates", goal.dates), ("budget", goal.budget))
        if value
    ]
    return MatchResult(goal, matches, left_out, not_documented)
