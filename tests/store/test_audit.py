"""The audit log records every change and any edit, deletion or truncation of it shows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from regencheck.store import Actor, audit, verify_chain
from regencheck.store.db import Database
from regencheck.store.directory import create_clinic, delete_clinic, update_clinic
from regencheck.store.schemas import ClinicCreate, ClinicUpdate


def _three_changes(db: Database, actor: Actor) -> None:
    with db.writing() as s:
        clinic = create_clinic(s, actor, ClinicCreate(name="Seoul Bright Clinic", address="Gangnam-gu"))
        cid = clinic.id
    with db.writing() as s:
        update_clinic(s, actor, cid, ClinicUpdate(version=1, address="Seocho-gu"))
    with db.writing() as s:
        delete_clinic(s, actor, cid)


@contextmanager
def _guard_lifted(db: Database) -> Iterator[None]:
    """Simulate someone with direct database access bypassing the append-only triggers."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_entries_no_update"))
            conn.execute(text("DROP TRIGGER audit_entries_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only"))
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            if db.is_sqlite:
                for event in ("UPDATE", "DELETE"):
                    conn.execute(
                        text(
                            f"CREATE TRIGGER audit_entries_no_{event.lower()} BEFORE {event} ON audit_entries "
                            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
                        )
                    )
            else:
                conn.execute(text("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only"))


def test_it_records_who_changed_what_with_before_and_after(db: Database, verifier: Actor) -> None:
    _three_changes(db, verifier)
    with db.reading() as s:
        entries, total = audit.list_entries(s)
    assert total == 3
    delete, update, create = entries
    assert (create.action, update.action, delete.action) == ("create", "update", "delete")
    assert {e.actor for e in entries} == {"vera"}
    assert create.after is not None and create.after["name"] == "Seoul Bright Clinic"
    assert update.before is not None and update.before["address"] == "Gangnam-gu"
    assert update.after is not None and update.after["address"] == "Seocho-gu"
    assert delete.before is not None and delete.after is None


def test_an_untouched_chain_verifies(db: Database, verifier: Actor) -> None:
    _three_changes(db, verifier)
    with db.reading() as s:
        report = verify_chain(s)
    assert report.ok and report.checked == 3


def test_the_database_refuses_to_update_or_delete_entries(db: Database, verifier: Actor) -> None:
    _three_changes(db, verifier)
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2"))
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq = 2"))


def test_it_names_the_first_edited_entry(db: Database, verifier: Actor) -> None:
    _three_changes(db, verifier)
    with _guard_lifted(db), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2"))
    with db.reading() as s:
        report = verify_chain(s)
    assert not report.ok
    assert report.broken_seq == 2
    assert report.reason is not None and "changed" in report.reason


def test_it_names_a_deleted_entry(db: Database, verifier: Actor) -> None:
    _three_changes(db, verifier)
    with _guard_lifted(db), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    with db.reading() as s:
        report = verify_chain(s)
    assert (report.ok, report.broken_seq) == (False, 2)
    assert report.reason is not None and "missing" in report.reason


def test_it_notices_entries_cut_off_the_end(db: Database, verifier: Actor) -> None:
    _three_changes(db, verifier)
    with _guard_lifted(db), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq = 3"))
    with db.reading() as s:
        report = verify_chain(s)
    assert (report.ok, report.broken_seq) == (False, 3)


def test_a_rolled_back_change_leaves_no_entry(db: Database, verifier: Actor) -> None:
    with pytest.raises(RuntimeError), db.writing() as s:
        create_clinic(s, verifier, ClinicCreate(name="Ghost Clinic"))
        raise RuntimeError("request failed after the write")
    with db.reading() as s:
        assert audit.count_entries(s) == 0
        assert verify_chain(s).ok
