"""Several writers at once: every change lands, the audit chain stays linear and valid, and a
stored verification cannot be edited."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from regencheck.errors import Conflict
from regencheck.store import Actor, audit, verify_chain
from regencheck.store.db import Database
from regencheck.store.directory import create_clinic
from regencheck.store.models import Verification
from regencheck.store.schemas import ClinicCreate

WRITERS = 6
EACH = 4


def test_concurrent_writers_keep_one_valid_chain(db: Database) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        actor = Actor(username=f"writer{n}", role="verifier")
        try:
            for i in range(EACH):
                with db.writing() as s:
                    create_clinic(s, actor, ClinicCreate(name=f"Clinic {n}-{i}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    with db.reading() as s:
        assert audit.count_entries(s) == WRITERS * EACH
        report = verify_chain(s)
    assert report.ok and report.checked == WRITERS * EACH


def test_a_stored_verification_cannot_be_changed(db: Database) -> None:
    with db.writing() as s:
        v = Verification(
            clinic_name="X",
            verdict="verified",
            knowledge_version="k",
            as_of=date(2026, 11, 1),
            dossier={},
            result={"verdict": "verified"},
            created_by="vera",
        )
        s.add(v)
        s.flush()
        vid = v.id
    with pytest.raises(Conflict, match="immutable"), db.writing() as s:
        stored = s.get(Verification, vid)
        assert stored is not None
        stored.verdict = "not_verified"
        s.flush()
    with db.reading() as s:
        assert s.get(Verification, vid).verdict == "verified"  # type: ignore[union-attr]
