"""Adverse-event triage: expected, unexpected or emergency, from cited knowledge, with due dates.

The level of a report is the most serious level among its symptoms. An expected reaction
reported after its window (seed 002: 48-72 h) is no longer expected. A report with only free
text cannot be classified by rule, so it goes to the clinic as unexpected: a person must read
it. Emergencies put the emergency numbers first (Korea's, then the home country's). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from ..errors import FieldProblem, ValidationFailed
from ..knowledge import KnowledgeBase
from . import knowledge as jk
from .schema import Severity

LEVEL_ORDER: dict[Severity, int] = {"expected": 0, "unexpected": 1, "emergency": 2}
Reason = Literal["within_expected_window", "beyond_expected_window", "unexpected_sign", "emergency_sign"]
PROCEDURE_COUNTRY = "KR"


@dataclass(frozen=True)
class SymptomFinding:
    """One reported symptom, the level it was given and why (a reason code the report translates)."""

    id: str
    label: str
    level: Severity
    reason: Reason
    hours_after_procedure: float
    window_hours: int | None
    source: list[str]


@dataclass(frozen=True)
class DueAction:
    id: str
    level: Severity
    label: str
    due_at: datetime | None
    source: list[str]
    citations: list[str]


@dataclass(frozen=True)
class EmergencyContact:
    country: str
    number: str
    service: str
    label: str
    source: list[str]


@dataclass(frozen=True)
class Triage:
    """The outcome: a level, the symptoms behind it, what to do by when, and whom to call."""

    level: Severity
    symptoms: list[SymptomFinding]
    actions: list[DueAction]
    emergency_contacts: list[EmergencyContact] = field(default_factory=list)
    needs_human_review: bool = False

    @property
    def escalate(self) -> bool:
        """True when the clinic and a senior physician must look at it."""
        return self.level != "expected"

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "escalate": self.escalate,
            "needs_human_review": self.needs_human_review,
            "symptoms": [
                {
                    "id": s.id,
                    "label": s.label,
                    "level": s.level,
                    "reason": s.reason,
                    "hours_after_procedure": round(s.hours_after_procedure, 1),
                    "window_hours": s.window_hours,
                    "source": s.source,
                }
                for s in self.symptoms
            ],
            "actions": [
                {
                    "id": a.id,
                    "level": a.level,
                    "label": a.label,
                    "due_at": a.due_at.isoformat(timespec="minutes") if a.due_at else None,
                    "source": a.source,
                    "citations": a.citations,
                }
                for a in self.actions
            ],
            "emergency_contacts": [
                {"country": c.country, "number": c.number, "service": c.service, "label": c.label}
                for c in self.emergency_contacts
            ],
        }


def symptom_ids(kb: KnowledgeBase | None = None) -> list[str]:
    """Every symptom a report form may offer, in knowledge order."""
    return [r.id for r in jk.reactions(jk.resolve(kb)).reactions]


def emergency_contacts(
    home_country: str | None, kb: KnowledgeBase | None = None, language: str = "en"
) -> list[EmergencyContact]:
    """Korea's numbers first (where the procedure was), then the home country's, if known."""
    by_country = {c.country: c for c in jk.emergency(jk.resolve(kb)).countries}
    out: list[EmergencyContact] = []
    for code in dict.fromkeys([PROCEDURE_COUNTRY, (home_country or "").upper()]):
        entry = by_country.get(code)
        if entry is None:
            continue
        out += [
            EmergencyContact(code, n.number, n.service, n.label.get(language), list(entry.source))
            for n in entry.numbers
        ]
    return out


def triage(
    symptoms: list[str],
    *,
    procedure_at: datetime,
    reported_at: datetime,
    free_text: str = "",
    home_country: str | None = None,
    kb: KnowledgeBase | None = None,
    language: str = "en",
) -> Triage:
    """Classify a report. Unknown symptom ids are a user error naming the allowed ids.

    `procedure_at` and `reported_at` must be time-zone aware, so a report from Jakarta and a
    procedure in Seoul are compared on the same clock.
    """
    kb = jk.resolve(kb)
    data = jk.reactions(kb)
    by_id = {r.id: r for r in data.reactions}
    problems = [
        FieldProblem(f"symptoms[{i}]", f"unknown symptom {s!r}; expected one of: {', '.join(by_id)}")
        for i, s in enumerate(symptoms)
        if s not in by_id
    ]
    if problems:
        raise ValidationFailed("the adverse-event report names unknown symptoms", problems=problems)
    if not symptoms and not free_text.strip():
        raise ValidationFailed(
            "an adverse-event report needs at least one symptom or a description",
            problems=[FieldProblem("symptoms", "choose a symptom or describe what happened in free_text")],
        )
    if procedure_at.tzinfo is None or reported_at.tzinfo is None:
        raise ValidationFailed("procedure and report times must carry a time zone")

    hours = (reported_at - procedure_at).total_seconds() / 3600
    findings: list[SymptomFinding] = []
    for sid in dict.fromkeys(symptoms):
        r = by_id[sid]
        level: Severity = r.severity
        reason: Reason = "emergency_sign" if level == "emergency" else "unexpected_sign"
        if r.severity == "expected":
            window = r.expected_within_hours or 0
            level, reason = (
                ("expected", "within_expected_window")
                if hours <= window
                else ("unexpected", "beyond_expected_window")
            )
        findings.append(
            SymptomFinding(
                sid, r.label.get(language), level, reason, hours, r.expected_within_hours, list(r.source)
            )
        )

    needs_review = bool(free_text.strip()) and not findings
    levels = [f.level for f in findings] or ["unexpected"]
    overall: Severity = max(levels, key=lambda lv: LEVEL_ORDER[lv])
    # A more serious level keeps the duties of the less serious ones (an emergency still needs
    # the clinic's senior review), but self-care advice only applies when nothing is wrong.
    wanted = [lv for lv in ("emergency", "unexpected", "expected") if LEVEL_ORDER[lv] <= LEVEL_ORDER[overall]]
    if overall != "expected":
        wanted.remove("expected")
    actions = [
        DueAction(
            a.id,
            a.level,
            a.label.get(language),
            reported_at + timedelta(hours=a.due_hours) if a.due_hours is not None else None,
            list(a.source),
            kb.cite(a.source),
        )
        for lv in wanted
        for a in data.actions
        if a.level == lv
    ]
    contacts = emergency_contacts(home_country, kb, language) if overall == "emergency" else []
    return Triage(overall, findings, actions, contacts, needs_review)
