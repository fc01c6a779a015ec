"""Registry snapshots import whole or not at all; evidence is stored once by its SHA-256."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from regencheck.errors import InputFileError, ValidationFailed
from regencheck.store import Actor, BlobStore
from regencheck.store.db import Database
from regencheck.store.directory import add_credential, create_clinic
from regencheck.store.evidence import attach_evidence
from regencheck.store.models import RegistryRow
from regencheck.store.registry import import_snapshot, lookup
from regencheck.store.schemas import ClinicCreate, CredentialCreate

GOOD_CSV = (
    "kind,name,address,number,valid_from,valid_until,source,retrieved_on\n"
    "regenerative_medicine_institution,Seoul Bright Clinic,Gangnam-gu,RM-2021-017,2021-03-01,2027-02-28,MOHW list,2026-10-01\n"
    "foreign_patient_registration,Seoul Bright Clinic,Gangnam-gu,FP-7781,,2027-05-01,KHIDI,2026-10-01\n"
)


def test_it_imports_a_registry_and_finds_rows_by_name_and_number(db: Database, verifier: Actor) -> None:
    with db.writing() as s:
        snap = import_snapshot(
            s, verifier, None, data=GOOD_CSV.encode(), filename="registry.csv", source="Team registry export"
        )
        assert (snap.row_count, snap.source, snap.retrieved_on) == (
            2,
            "Team registry export",
            date(2026, 10, 1),
        )
    with db.reading() as s:
        assert lookup(s, q="bright").total == 2
        rows = lookup(s, number="FP-7781").items
        assert [r.kind for r in rows] == ["foreign_patient_registration"]
        assert rows[0].valid_until == date(2027, 5, 1)


def test_a_snapshot_without_a_common_source_says_each_row_names_its_own(
    db: Database, verifier: Actor
) -> None:
    with db.writing() as s:
        snap = import_snapshot(s, verifier, None, data=GOOD_CSV.encode(), filename="r.csv")
        assert snap.source == "r.csv: 2 sources, named on each row"
    no_source = GOOD_CSV.replace("MOHW list", "").replace("KHIDI", "")
    with pytest.raises(ValidationFailed, match="came from"), db.writing() as s:
        import_snapshot(s, verifier, None, data=no_source.encode(), filename="r.csv")


def test_rows_without_their_own_source_take_the_stated_one_and_verify_later(
    db: Database, verifier: Actor
) -> None:
    from regencheck.store.registry import snapshot_csv
    from regencheck.verify import parse_registry

    no_source = GOOD_CSV.replace("MOHW list", "").replace("KHIDI", "")
    with db.writing() as s:
        snap = import_snapshot(
            s, verifier, None, data=no_source.encode(), filename="r.csv", source="Team export"
        )
        text = snapshot_csv(s, snap)
    readback = parse_registry(text, "stored")
    assert [e.source for e in readback.entries] == ["Team export", "Team export"]


def test_a_bad_row_names_its_line_and_column_and_nothing_is_stored(db: Database, verifier: Actor) -> None:
    bad = GOOD_CSV + "kahf,,Jung-gu,K-1,2026-13-01,,KAHF,2026-10-01\n"
    with pytest.raises(ValidationFailed) as info, db.writing() as s:
        import_snapshot(s, verifier, None, data=bad.encode(), filename="registry.csv")
    where = {p.location for p in info.value.problems}
    assert {"line 4.name", "line 4.valid_from"} <= where
    with db.reading() as s:
        assert s.query(RegistryRow).count() == 0


def test_a_wrong_header_lists_the_expected_columns(db: Database, verifier: Actor) -> None:
    with pytest.raises(ValidationFailed, match="header"), db.writing() as s:
        import_snapshot(s, verifier, None, data=b"name,licence\nA,1\n", filename="x.csv")


def _credential(db: Database, actor: Actor) -> tuple[int, int]:
    with db.writing() as s:
        clinic = create_clinic(s, actor, ClinicCreate(name="Evidence Clinic"))
        cred = add_credential(s, actor, clinic.id, CredentialCreate(kind="kahf", number="K-9"))
        return clinic.id, cred.id


def test_the_same_evidence_uploaded_twice_is_stored_once(
    db: Database, verifier: Actor, blobs: BlobStore
) -> None:
    cid, cred = _credential(db, verifier)
    data = b"%PDF-1.4 certificate"
    with db.writing() as s:
        a = attach_evidence(
            s,
            verifier,
            blobs,
            clinic_id=cid,
            credential_id=cred,
            filename="../../cert.pdf",
            content_type="application/pdf",
            data=data,
            max_bytes=1000,
        )
        b = attach_evidence(
            s,
            verifier,
            blobs,
            clinic_id=cid,
            credential_id=cred,
            filename="copy.pdf",
            content_type="text/html; charset=utf-8",
            data=data,
            max_bytes=1000,
        )
        assert a.sha256 == b.sha256 == hashlib.sha256(data).hexdigest()
        assert (a.original_name, b.content_type) == ("cert.pdf", "text/html")
    assert blobs.read(a.sha256) == data
    assert len([p for p in blobs.root.rglob("*") if p.is_file()]) == 1


def test_an_oversized_upload_is_refused_with_the_limit(
    db: Database, verifier: Actor, blobs: BlobStore
) -> None:
    cid, cred = _credential(db, verifier)
    with pytest.raises(InputFileError, match="limit of 10 bytes"), db.writing() as s:
        attach_evidence(
            s,
            verifier,
            blobs,
            clinic_id=cid,
            credential_id=cred,
            filename="big.pdf",
            content_type="application/pdf",
            data=b"x" * 11,
            max_bytes=10,
        )


def test_a_stored_file_altered_on_disk_is_refused(blobs: BlobStore) -> None:
    sha = blobs.put(b"original")
    blobs.path(sha).write_bytes(b"tampered")
    with pytest.raises(InputFileError, match="altered"):
        blobs.read(sha)
