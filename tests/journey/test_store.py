from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from regencheck.errors import Conflict, InputFileError, PermissionDenied
from regencheck.journey import AdverseEventReport
from regencheck.store import Actor, BlobStore, migrate
from regencheck.store import cases as jm
from regencheck.store.base import Base
from regencheck.store.db import Database
from regencheck.store.models import AuditEntry

from .conftest import sari_case

SEOUL = ZoneInfo("Asia/Seoul")


def test_the_journey_migration_creates_exactly_the_tables_the_models_describe(db: Database) -> None:
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    journey = [d for d in diffs if "journey" in repr(d)]
    assert journey == []
    assert migrate.current_revisions(db) == migrate.head_revisions(db)


def test_a_coordinator_opens_a_case_and_moves_it_forward_with_an_audit_trail(
    db: Database, coordinator: Actor
) -> None:
    with db.writing() as s:
        case = jm.open_case(s, coordinator, sari_case())
        case_id = case.id
    with db.writing() as s:
        jm.advance_stage(s, coordinator, case_id, "procedure_day")
    with db.reading() as s:
        case = jm.get_case(s, coordinator, case_id)
        assert [c.stage for c in case.stage_changes] == ["remote_consultation", "procedure_day"]
        assert case.stage_changes[1].by == "cora"
        actions = s.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "journey_cases", AuditEntry.entity_id == str(case_id)
            )
        ).all()
        assert list(actions) == ["create", "update"]


def test_a_case_never_moves_back(db: Database, coordinator: Actor) -> None:
    with db.writing() as s:
        case_id = jm.open_case(s, coordinator, sari_case(), stage="recovery").id
    with pytest.raises(Conflict), db.writing() as s:
        jm.advance_stage(s, coordinator, case_id, "procedure_day")


@pytest.mark.parametrize("persona", ["viewer", "verifier"])
def test_viewers_and_verifiers_cannot_read_patient_cases(
    db: Database, coordinator: Actor, persona: str, request: pytest.FixtureRequest
) -> None:
    outsider: Actor = request.getfixturevalue(persona)
    with db.writing() as s:
        case_id = jm.open_case(s, coordinator, sari_case()).id
    with db.reading() as s:
        with pytest.raises(PermissionDenied):
            jm.get_case(s, outsider, case_id)
        with pytest.raises(PermissionDenied):
            jm.list_cases(s, outsider)


def test_an_unexpected_reaction_is_escalated_logged_and_closed(db: Database, coordinator: Actor) -> None:
    with db.writing() as s:
        case_id = jm.open_case(s, coordinator, sari_case()).id
    report = AdverseEventReport(
        onset=datetime(2026, 11, 9).date(),
        symptoms=["nodule"],
        reporter="Ibu Sari",
        reported_at=datetime(2026, 11, 12, 9, tzinfo=SEOUL),
    )
    with db.writing() as s:
        event = jm.report_adverse_event(s, coordinator, case_id, report)
        event_id = event.id
        assert (event.level, event.status) == ("unexpected", "escalated")
    with db.writing() as s:
        jm.escalate(s, coordinator, event_id, "senior_review_requested", "Dr Park to review by Friday")
    with pytest.raises(Conflict), db.writing() as s:
        jm.close_case(s, coordinator, case_id, jm.get_case(s, coordinator, case_id).version)
    with db.writing() as s:
        jm.escalate(s, coordinator, event_id, "closed", "resolved with massage")
    with db.reading() as s:
        event = jm.get_event(s, coordinator, event_id)
        assert [e.action for e in event.escalations] == ["reported", "senior_review_requested", "closed"]
        assert event.status == "closed"
    with pytest.raises(Conflict), db.writing() as s:
        jm.escalate(s, coordinator, event_id, "note", "too late")


def test_a_stale_edit_is_refused(db: Database, coordinator: Actor) -> None:
    with db.writing() as s:
        case = jm.open_case(s, coordinator, sari_case())
        case_id, version = case.id, case.version
    with db.writing() as s:
        jm.update_case(s, coordinator, case_id, {"contact_channel": "Line"}, version)
    with pytest.raises(Conflict), db.writing() as s:
        jm.update_case(s, coordinator, case_id, {"contact_channel": "Email"}, version)


def test_documents_are_kept_by_hash_and_empty_files_refused(
    db: Database, coordinator: Actor, blobs: BlobStore
) -> None:
    with db.writing() as s:
        case_id = jm.open_case(s, coordinator, sari_case()).id
        doc = jm.attach_document(
            s,
            coordinator,
            blobs,
            case_id,
            kind="consent",
            filename="../consent.pdf",
            content_type="application/pdf",
            data=b"%PDF-1.4 consent",
            max_bytes=1000,
        )
        assert doc.original_name == "consent.pdf"
        assert blobs.read(doc.sha256) == b"%PDF-1.4 consent"
        with pytest.raises(InputFileError):
            jm.attach_document(
                s,
                coordinator,
                blobs,
                case_id,
                kind="quote",
                filename="q.pdf",
                content_type=None,
                data=b"",
                max_bytes=1000,
            )


def test_the_schedule_of_a_stored_case_is_in_the_patients_zone(db: Database, coordinator: Actor) -> None:
    with db.writing() as s:
        case = jm.open_case(s, coordinator, sari_case())
        schedule = jm.case_schedule(case)
    assert schedule is not None and schedule.protocol == "surgical_adjunct"
    week1 = schedule.followups()[0]
    assert week1.patient_starts_at is not None and week1.patient_starts_at.hour == 8
