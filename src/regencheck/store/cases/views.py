"""Read-only views of a case that the reports, exports, pages and FHIR bundle need."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from ...journey.case import AdverseEventReport
from ...journey.fhir import AdverseEventEntry, case_bundle
from ...journey.schedule import Schedule, build_schedule
from ...journey.triage import Triage
from ...knowledge import KnowledgeBase
from .. import records
from ..models import Verification
from .service import triage_case_report
from .tables import JourneyAdverseEvent, JourneyCase


def case_schedule(
    case: JourneyCase, kb: KnowledgeBase | None = None, language: str | None = None
) -> Schedule | None:
    """The case's schedule from its procedure date and therapy, in the patient's zone and language."""
    if case.procedure_date is None:
        return None
    hour, minute = (int(x) for x in case.appointment_time.split(":"))
    therapy = case.therapy or {}
    return build_schedule(
        case.procedure_date,
        kb,
        category=therapy.get("category"),
        indication=therapy.get("indication"),
        route=therapy.get("route"),
        clinic_follow_up_days=[int(d) for d in case.clinic_follow_up_days],
        appointment_time=time(hour, minute),
        patient_timezone=case.timezone,
        language=language or case.language,
    )


def event_entries(
    case: JourneyCase,
    kb: KnowledgeBase | None = None,
    language: str | None = None,
) -> list[tuple[AdverseEventReport, Triage, JourneyAdverseEvent]]:
    """Each stored event as the journey core's report and a fresh triage in `language`."""
    out = []
    for e in case.adverse_events:
        report = AdverseEventReport(
            onset=e.onset,
            symptoms=list(e.symptoms),
            free_text=e.free_text,
            reporter=e.reporter,
            reported_at=e.reported_at,
            photos=[str(p) for p in e.photos],
        )
        result = triage_case_report(case, report, kb, language)
        out.append((report, result, e))
    return out


def fhir_entries(case: JourneyCase, kb: KnowledgeBase | None = None) -> list[AdverseEventEntry]:
    return [
        AdverseEventEntry(str(e.id), report, result, closed=e.status == "closed")
        for report, result, e in event_entries(case, kb, "en")
    ]


def verification_result(session: Session, case: JourneyCase) -> dict[str, Any] | None:
    """The stored scorecard of the verification the case relies on, if any."""
    if case.verification_id is None:
        return None
    verification = session.get(Verification, case.verification_id)
    return dict(verification.result) if verification is not None else None


def case_summary(case: JourneyCase) -> dict[str, Any]:
    return records.public(case)


def case_detail(case: JourneyCase, kb: KnowledgeBase | None, today: date) -> dict[str, Any]:
    schedule = case_schedule(case, kb)
    done = frozenset(str(i) for i in case.done_items)
    return {
        **records.public(case),
        "stage_history": [records.public(c) for c in case.stage_changes],
        "notes": [records.public(n) for n in case.notes],
        "documents": [records.public(d) for d in case.documents],
        "adverse_events": [event_detail(e) for e in case.adverse_events],
        "schedule": schedule.to_dict(today=today, done=done) if schedule else None,
    }


def event_detail(event: JourneyAdverseEvent) -> dict[str, Any]:
    return {**records.public(event), "escalations": [records.public(x) for x in event.escalations]}


def fhir_bundle(session: Session, case: JourneyCase, kb: KnowledgeBase | None) -> dict[str, Any]:
    now = datetime.now(UTC)
    return case_bundle(
        str(case.id),
        case.patient_alias,
        schedule=case_schedule(case, kb, "en"),
        adverse_events=fhir_entries(case, kb),
        scorecard=verification_result(session, case),
        offering=case.offering_name,
        title=f"Follow-up after {case.offering_name}",
        today=now.date(),
        generated_at=now,
        done=frozenset(str(i) for i in case.done_items),
    )
