"""Gather specialists with their clinic's latest verification (and whether monitoring says it is
stale) and rank them for a patient's goal with `regencheck.match`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..knowledge import KnowledgeBase
from ..knowledge.facts import evidence_max_age_months
from ..match import Candidate, Goal, MatchResult, Thresholds, match_specialists
from ..verify.schema import ThresholdsFile
from .directory import latest_verdicts
from .models import Clinic, Specialist
from .monitoring import monitor_report


def thresholds(kb: KnowledgeBase) -> Thresholds:
    topic = kb.topic("verify/thresholds", ThresholdsFile)
    return Thresholds(
        min_years=topic.value("specialist_min_years").value,
        min_cases=topic.value("specialist_min_cases").value,
        specialties_for={m.indication: tuple(m.specialties) for m in topic.specialty_matches},
    )


def match_for(session: Session, kb: KnowledgeBase, goal: Goal, today: date) -> MatchResult:
    """The ranked specialists for `goal` as of `today`."""
    max_age = evidence_max_age_months(kb) or 12
    stale = {
        r["clinic_id"]: tuple(r["reasons"])
        for r in monitor_report(session, today, 0, max_age).to_dict()["needs_reverification"]
    }
    # A specialist whose name the record does not know cannot be introduced to a patient.
    rows = session.execute(
        select(Specialist, Clinic)
        .join(Clinic, Specialist.clinic_id == Clinic.id)
        .where(Specialist.name.is_not(None))
        .order_by(Specialist.id)
    ).all()
    verdicts = latest_verdicts(session, sorted({clinic.id for _s, clinic in rows}))
    candidates = []
    for spec, clinic in rows:
        v = verdicts.get(clinic.id)
        reasons = stale.get(clinic.id, ())
        if v is not None and (today - v.as_of).days > max_age * 31:
            reasons = (*reasons, f"verified on {v.as_of.isoformat()}, more than {max_age} months ago")
        candidates.append(
            Candidate(
                spec.id,
                spec.name or "",
                clinic.id,
                clinic.name,
                spec.specialty,
                spec.subspecialty,
                _whole(spec.years_in_subspecialty),
                spec.cumulative_cases,
                v.id if v else None,
                v.verdict if v else None,
                v.as_of if v else None,
                reasons,
            )
        )
    return match_specialists(goal, candidates, thresholds(kb))


def _whole(years: float | None) -> float | None:
    """18.0 years reads as 18 years."""
    return int(years) if years is not None and float(years).is_integer() else years
