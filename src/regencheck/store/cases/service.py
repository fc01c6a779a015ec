"""The audited services that change patient cases.

Every change goes through `records.create/update` or `audit.record` in the same transaction,
so the audit log names who changed a case and how. Only actors with `manage_cases`
(coordinators, admins) may read or change cases: patient data is never shown to viewers or
verifiers.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import Conflict, InputFileError, NotFound, PermissionDenied, ValidationFailed
from ...journey import stages as journey_stages
from ...journey.case import AdverseEventReport, CaseInput, EscalationAction
from ...journey.triage import Triage, triage
from ...knowledge import KnowledgeBase
from .. import audit, records
from ..base import utcnow
from ..blobs import BlobStore, clean_content_type, clean_filename
from ..models import Offering, Verification
from ..records import Page
from ..roles import Actor, Permission
from .tables import (
    DOCUMENT_KINDS,
    JourneyAdverseEvent,
    JourneyCase,
    JourneyDocument,
    JourneyEscalation,
    JourneyNote,
    JourneyStageChange,
)


def require_case_access(actor: Actor) -> None:
    """Patient data is for those who manage cases; everyone else is refused, reads included."""
    if not actor.can(Permission.manage_cases):
        raise PermissionDenied(f"{actor.username} ({actor.role}) may not see or change patient cases")


def _log(session: Session, actor: Actor, action: str, case: JourneyCase, after: dict[str, Any]) -> None:
    audit.record(
        session, actor=actor.username, action=action, entity="journey_cases", entity_id=case.id, after=after
    )


def open_case(
    session: Session,
    actor: Actor,
    data: CaseInput,
    *,
    clinic_id: int | None = None,
    offering_id: int | None = None,
    verification_id: int | None = None,
    stage: str | None = None,
    kb: KnowledgeBase | None = None,
) -> JourneyCase:
    """Open a case at `stage` (default: the first stage of the journey)."""
    require_case_access(actor)
    first = stage or journey_stages.stage_ids(kb)[0]
    journey_stages.check_transition(None, first, kb)
    if offering_id is not None and session.get(Offering, offering_id) is None:
        raise ValidationFailed(f"offering {offering_id} does not exist")
    if verification_id is not None and session.get(Verification, verification_id) is None:
        raise ValidationFailed(f"verification {verification_id} does not exist")
    now = utcnow()
    case = JourneyCase(
        patient_alias=data.patient.alias,
        home_country=data.patient.home_country,
        language=data.patient.language,
        contact_channel=data.patient.contact_channel,
        timezone=data.patient.timezone,
        consent_recorded_on=data.patient.consent_recorded_on,
        clinic_id=clinic_id,
        clinic_name=data.clinic,
        offering_id=offering_id,
        offering_name=data.offering,
        therapy=data.therapy.model_dump(exclude_none=True),
        verification_id=verification_id,
        verification_note=data.verification or "",
        procedure_date=data.procedure_date,
        appointment_time=data.appointment_time.strftime("%H:%M"),
        clinic_follow_up_days=list(data.clinic_follow_up_days),
        done_items=[],
        stage=first,
        status="open",
        created_by=actor.username,
    )
    case.stage_changes.append(JourneyStageChange(stage=first, at=now, by=actor.username))
    for text in data.notes:
        case.notes.append(JourneyNote(at=now, by=actor.username, text=text))
    return records.create(session, actor, case, "case")


def get_case(session: Session, actor: Actor, case_id: int) -> JourneyCase:
    require_case_access(actor)
    return records.get_or_404(session, JourneyCase, case_id, "case")


def list_cases(
    session: Session, actor: Actor, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> Page[JourneyCase]:
    require_case_access(actor)
    stmt = select(JourneyCase).order_by(JourneyCase.id.desc())
    if status:
        stmt = stmt.where(JourneyCase.status == status)
    return records.paginate(session, stmt, limit, offset)


def _open(case: JourneyCase) -> None:
    if case.status != "open":
        raise Conflict(f"case {case.id} is closed; reopen is not possible, open a new case")


def advance_stage(
    session: Session,
    actor: Actor,
    case_id: int,
    stage: str,
    *,
    version: int | None = None,
    at: datetime | None = None,
    kb: KnowledgeBase | None = None,
) -> JourneyCase:
    """Move the case forward to `stage`, recording when and by whom."""
    case = get_case(session, actor, case_id)
    _open(case)
    journey_stages.check_transition(case.stage, stage, kb)
    case.stage_changes.append(JourneyStageChange(stage=stage, at=at or utcnow(), by=actor.username))
    return records.update(
        session,
        actor,
        case,
        {"stage": stage},
        case.version if version is None else version,
        f"case {case_id}",
    )


def update_case(
    session: Session, actor: Actor, case_id: int, changes: dict[str, Any], version: int
) -> JourneyCase:
    """Change plain fields (procedure date, appointment time, contact channel…) at `version`.

    Audited as an update with the case before and after. The schedule needs no rewrite: it is
    derived from the procedure date and appointment time each time it is read.
    """
    allowed = {
        "procedure_date",
        "appointment_time",
        "contact_channel",
        "timezone",
        "verification_id",
        "verification_note",
        "clinic_follow_up_days",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            f"cannot change {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}"
        )
    case = get_case(session, actor, case_id)
    _open(case)
    return records.update(session, actor, case, changes, version, f"case {case_id}")


def mark_done(session: Session, actor: Actor, case_id: int, item_id: str) -> JourneyCase:
    """Record that a scheduled item (e.g. `week_1`) took place."""
    case = get_case(session, actor, case_id)
    if item_id in case.done_items:
        return case
    return records.update(
        session, actor, case, {"done_items": [*case.done_items, item_id]}, case.version, f"case {case_id}"
    )


def close_case(session: Session, actor: Actor, case_id: int, version: int) -> JourneyCase:
    case = get_case(session, actor, case_id)
    _open(case)
    still_open = [e.id for e in case.adverse_events if e.status != "closed"]
    if still_open:
        raise Conflict(f"case {case_id} has adverse events still open ({still_open}); close them first")
    return records.update(session, actor, case, {"status": "closed"}, version, f"case {case_id}")


def add_note(session: Session, actor: Actor, case_id: int, text: str) -> JourneyNote:
    case = get_case(session, actor, case_id)
    if not text.strip():
        raise ValidationFailed("a note needs text")
    note = JourneyNote(case_id=case.id, by=actor.username, text=text[:5000])
    return records.create(session, actor, note, f"note on case {case_id}")


def attach_document(
    session: Session,
    actor: Actor,
    blobs: BlobStore,
    case_id: int,
    *,
    kind: str,
    filename: str | None,
    content_type: str | None,
    data: bytes,
    max_bytes: int,
) -> JourneyDocument:
    """Keep an evidence file of the case (content-addressed); refuses empty and oversized files."""
    case = get_case(session, actor, case_id)
    if kind not in DOCUMENT_KINDS:
        raise ValidationFailed(f"document kind {kind!r}: expected one of {', '.join(DOCUMENT_KINDS)}")
    name = clean_filename(filename)
    if not data:
        raise InputFileError(f"{name}: file is empty")
    if len(data) > max_bytes:
        raise InputFileError(f"{name}: file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes")
    doc = JourneyDocument(
        case_id=case.id,
        kind=kind,
        sha256=blobs.put(data),
        original_name=name,
        content_type=clean_content_type(content_type),
        size=len(data),
        added_by=actor.username,
    )
    return records.create(session, actor, doc, f"document '{name}'")


def get_document(session: Session, actor: Actor, case_id: int, document_id: int) -> JourneyDocument:
    """A document of the case; a document of another case is not found here (ids are not keys)."""
    case = get_case(session, actor, case_id)
    doc = session.get(JourneyDocument, document_id)
    if doc is None or doc.case_id != case.id:
        raise NotFound(f"case {case_id} has no document {document_id}")
    return doc


def procedure_moment(case: JourneyCase) -> datetime:
    """The procedure's clinic-time moment; needed to judge how long a reaction has lasted."""
    from zoneinfo import ZoneInfo

    if case.procedure_date is None:
        raise ValidationFailed(f"case {case.id} has no procedure date; set it before reporting a reaction")
    hour, minute = (int(x) for x in case.appointment_time.split(":"))
    return datetime.combine(case.procedure_date, time(hour, minute), tzinfo=ZoneInfo("Asia/Seoul"))


def triage_case_report(
    case: JourneyCase, report: AdverseEventReport, kb: KnowledgeBase | None, language: str | None = None
) -> Triage:
    """Triage a report against this case's procedure moment and home country, in `language`
    (default the patient's): the same reading when a report arrives and when it is shown again."""
    return triage(
        report.symptoms,
        procedure_at=procedure_moment(case),
        reported_at=report.reported_at,
        free_text=report.free_text,
        home_country=case.home_country,
        kb=kb,
        language=language or case.language,
    )


def report_adverse_event(
    session: Session, actor: Actor, case_id: int, report: AdverseEventReport, kb: KnowledgeBase | None = None
) -> JourneyAdverseEvent:
    """Record and triage a reaction; anything not expected is escalated at once and logged."""
    case = get_case(session, actor, case_id)
    _open(case)
    result = triage_case_report(case, report, kb)
    event = JourneyAdverseEvent(
        case_id=case.id,
        onset=report.onset,
        symptoms=list(report.symptoms),
        free_text=report.free_text,
        reporter=report.reporter,
        reported_at=report.reported_at,
        photos=list(report.photos),
        level=result.level,
        triage=result.to_dict(),
        status="escalated" if result.escalate else "open",
    )
    event.escalations.append(
        JourneyEscalation(by=actor.username, action="reported", note=f"triage: {result.level}")
    )
    return records.create(session, actor, event, f"adverse event on case {case_id}")


def get_event(session: Session, actor: Actor, event_id: int) -> JourneyAdverseEvent:
    require_case_access(actor)
    return records.get_or_404(session, JourneyAdverseEvent, event_id, "adverse event")


def escalate(
    session: Session, actor: Actor, event_id: int, action: EscalationAction, note: str = ""
) -> JourneyEscalation:
    """Append to the escalation log; `closed` closes the event, and nothing follows a close."""
    event = get_event(session, actor, event_id)
    if event.status == "closed":
        raise Conflict(f"adverse event {event_id} is closed; its log is final")
    entry = JourneyEscalation(event_id=event.id, by=actor.username, action=action, note=note[:2000])
    session.add(entry)
    changes: dict[str, Any] = {}
    if action == "closed":
        changes["status"] = "closed"
    elif action != "note" and event.status == "open":
        changes["status"] = "escalated"
    records.flush(session, f"adverse event {event_id}")
    audit.record(
        session,
        actor=actor.username,
        action="escalate",
        entity="journey_adverse_events",
        entity_id=event.id,
        after={"action": action, "note": note[:2000]},
    )
    if changes:
        records.update(session, actor, event, changes, event.version, f"adverse event {event_id}")
    return entry
