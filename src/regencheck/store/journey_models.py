"""Patient cases in the store: tables and the audited services that change them.

Tables: a case (minimum personal data, consent date, links to the clinic, offering and
verification used), its stage history, notes, evidence documents, adverse events with their
triage, and each event's escalation log. Every change goes through `records.create/update`
or `audit.record` in the same transaction, so the audit log names who changed a case and how.
Only actors with `manage_cases` (coordinators, admins) may read or change cases: patient data
is never shown to viewers or verifiers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..errors import Conflict, InputFileError, NotFound, PermissionDenied, ValidationFailed
from ..journey import stages as journey_stages
from ..journey.case import AdverseEventReport, CaseInput, EscalationAction
from ..journey.fhir import AdverseEventEntry, case_bundle
from ..journey.schedule import Schedule, build_schedule
from ..journey.triage import Triage, triage
from ..knowledge import KnowledgeBase
from . import audit, records
from .base import Base, utcnow
from .blobs import BlobStore, clean_content_type, clean_filename
from .models import Offering, Verification, Versioned
from .records import Page
from .roles import Actor, Permission

CASE_STATUSES = ("open", "closed")
EVENT_STATUSES = ("open", "escalated", "closed")
DOCUMENT_KINDS = ("consent", "quote", "protocol", "photo", "other")


class JourneyCase(Versioned, Base):
    """One patient's journey with one clinic and offering."""

    __tablename__ = "journey_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_alias: Mapped[str] = mapped_column(String(120))
    home_country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(5))
    contact_channel: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    consent_recorded_on: Mapped[date] = mapped_column(Date)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="SET NULL"), default=None)
    clinic_name: Mapped[str] = mapped_column(String(200))
    offering_id: Mapped[int | None] = mapped_column(
        ForeignKey("offerings.id", ondelete="SET NULL"), default=None
    )
    offering_name: Mapped[str] = mapped_column(String(200))
    therapy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    verification_id: Mapped[int | None] = mapped_column(
        ForeignKey("verifications.id", ondelete="SET NULL"), default=None
    )
    verification_note: Mapped[str] = mapped_column(String(500), default="")
    procedure_date: Mapped[date | None] = mapped_column(Date, default=None)
    appointment_time: Mapped[str] = mapped_column(String(5), default="10:00")
    clinic_follow_up_days: Mapped[list[Any]] = mapped_column(default=list)
    done_items: Mapped[list[Any]] = mapped_column(default=list)
    stage: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by: Mapped[str] = mapped_column(String(64))

    stage_changes: Mapped[list[JourneyStageChange]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="JourneyStageChange.id"
    )
    notes: Mapped[list[JourneyNote]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="JourneyNote.id"
    )
    documents: Mapped[list[JourneyDocument]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="JourneyDocument.id"
    )
    adverse_events: Mapped[list[JourneyAdverseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="JourneyAdverseEvent.id"
    )


class JourneyStageChange(Base):
    __tablename__ = "journey_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("journey_cases.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(64))

    case: Mapped[JourneyCase] = relationship(back_populates="stage_changes")


class JourneyNote(Base):
    __tablename__ = "journey_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("journey_cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)

    case: Mapped[JourneyCase] = relationship(back_populates="notes")


class JourneyDocument(Base):
    """An evidence file of a case (consent, quote, protocol, photo), stored by SHA-256."""

    __tablename__ = "journey_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("journey_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(130))
    size: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[JourneyCase] = relationship(back_populates="documents")


class JourneyAdverseEvent(Versioned, Base):
    """A reported reaction, its triage at the time of the report, and whether it is closed."""

    __tablename__ = "journey_adverse_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("journey_cases.id", ondelete="CASCADE"), index=True)
    onset: Mapped[date] = mapped_column(Date)
    symptoms: Mapped[list[Any]] = mapped_column(default=list)
    free_text: Mapped[str] = mapped_column(Text, default="")
    reporter: Mapped[str] = mapped_column(String(200))
    reported_at: Mapped[datetime]
    photos: Mapped[list[Any]] = mapped_column(default=list)
    level: Mapped[str] = mapped_column(String(12))
    triage: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(10), default="open")

    case: Mapped[JourneyCase] = relationship(back_populates="adverse_events")
    escalations: Mapped[list[JourneyEscalation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="JourneyEscalation.id"
    )


class JourneyEscalation(Base):
    """One line of an adverse event's escalation log."""

    __tablename__ = "journey_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("journey_adverse_events.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[JourneyAdverseEvent] = relationship(back_populates="escalations")


# ---- services ---------------------------------------------------------------------------------


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


def report_adverse_event(
    session: Session, actor: Actor, case_id: int, report: AdverseEventReport, kb: KnowledgeBase | None = None
) -> JourneyAdverseEvent:
    """Record and triage a reaction; anything not expected is escalated at once and logged."""
    case = get_case(session, actor, case_id)
    _open(case)
    result = triage(
        report.symptoms,
        procedure_at=procedure_moment(case),
        reported_at=report.reported_at,
        free_text=report.free_text,
        home_country=case.home_country,
        kb=kb,
        language=case.language,
    )
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


# ---- views the reports, exports and pages need -------------------------------------------------


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
        result = triage(
            report.symptoms,
            procedure_at=procedure_moment(case),
            reported_at=report.reported_at,
            free_text=report.free_text,
            home_country=case.home_country,
            kb=kb,
            language=language or case.language,
        )
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
