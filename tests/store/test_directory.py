"""Clinics, specialists and credentials: duplicates, optimistic locking and warnings."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from regencheck.errors import Conflict, NotFound
from regencheck.store import Actor, records
from regencheck.store.db import Database
from regencheck.store.directory import (
    add_credential,
    add_specialist,
    create_clinic,
    credential_warnings,
    list_clinics,
    update_clinic,
)
from regencheck.store.models import Clinic, Credential
from regencheck.store.schemas import ClinicCreate, ClinicUpdate, CredentialCreate, SpecialistCreate


def _clinic(db: Database, actor: Actor, name: str = "Apgujeong Regen Clinic") -> int:
    with db.writing() as s:
        return create_clinic(s, actor, ClinicCreate(name=name, institution_type="clinic")).id


def test_it_refuses_a_second_clinic_with_the_same_name_in_any_case(db: Database, verifier: Actor) -> None:
    _clinic(db, verifier)
    with pytest.raises(Conflict, match="already exists"), db.writing() as s:
        create_clinic(s, verifier, ClinicCreate(name="APGUJEONG regen clinic"))


def test_the_second_of_two_concurrent_edits_gets_a_conflict(db: Database, verifier: Actor) -> None:
    cid = _clinic(db, verifier)
    with db.writing() as s:
        update_clinic(s, verifier, cid, ClinicUpdate(version=1, address="first editor's address"))
    with pytest.raises(Conflict, match="version 2"), db.writing() as s:
        update_clinic(s, verifier, cid, ClinicUpdate(version=1, address="second editor's address"))
    with db.reading() as s:
        clinic = s.get(Clinic, cid)
        assert clinic is not None and clinic.address == "first editor's address" and clinic.version == 2


def test_a_race_past_the_version_check_is_still_caught_by_the_version_column(
    db: Database, verifier: Actor
) -> None:
    cid = _clinic(db, verifier)
    with db.reading() as s:
        stale = s.get(Clinic, cid)
        assert stale is not None
        s.expunge(stale)
    with db.writing() as s:
        update_clinic(s, verifier, cid, ClinicUpdate(version=1, notes="saved first"))
    with pytest.raises(Conflict, match="changed by someone else"), db.writing() as s:
        clinic = s.merge(stale, load=False)
        clinic.notes = "would overwrite"
        records.flush(s, f"clinic {cid}")
    with db.reading() as s:
        assert s.get(Clinic, cid).notes == "saved first"  # type: ignore[union-attr]


def test_it_searches_clinics_by_a_fragment_with_wildcards_taken_literally(
    db: Database, verifier: Actor
) -> None:
    _clinic(db, verifier, "Gangnam 100% Clinic")
    _clinic(db, verifier, "Busan Clinic")
    with db.reading() as s:
        assert [c.name for c in list_clinics(s, q="100%").items] == ["Gangnam 100% Clinic"]
        assert list_clinics(s, q="%").total == 1
        assert list_clinics(s, q="_").total == 0
        assert list_clinics(s).total == 2


def test_it_refuses_an_unknown_institution_type_naming_the_allowed_values() -> None:
    with pytest.raises(ValidationError, match="tertiary_hospital"):
        ClinicCreate(name="X", institution_type="spa")  # type: ignore[arg-type]


def test_a_specialist_name_is_unique_within_a_clinic(db: Database, verifier: Actor) -> None:
    cid = _clinic(db, verifier)
    with db.writing() as s:
        add_specialist(s, verifier, cid, SpecialistCreate(name="Dr. Kim", specialty="plastic_surgery"))
    with pytest.raises(Conflict), db.writing() as s:
        add_specialist(s, verifier, cid, SpecialistCreate(name="Dr. Kim"))


def test_a_credential_on_an_unknown_clinic_is_not_found(db: Database, verifier: Actor) -> None:
    with pytest.raises(NotFound, match="clinic 999"), db.writing() as s:
        add_credential(s, verifier, 999, CredentialCreate(kind="kahf"))


def test_it_warns_about_expired_unchecked_and_stale_credentials() -> None:
    today = date(2026, 11, 22)
    expired = Credential(
        kind="kahf", valid_until=date(2026, 1, 1), claimed_only=False, checked_on=date(2026, 10, 1)
    )
    claimed = Credential(kind="kahf", valid_until=None, claimed_only=True, checked_on=None)
    stale = Credential(
        kind="kahf", valid_until=date(2030, 1, 1), claimed_only=False, checked_on=date(2024, 1, 1)
    )
    fine = Credential(
        kind="kahf", valid_until=date(2030, 1, 1), claimed_only=False, checked_on=date(2026, 9, 1)
    )

    def warn(c: Credential) -> list[str]:
        return credential_warnings(c, today, expiring_within_days=60, max_check_age_months=12)

    assert any("expired" in w for w in warn(expired))
    assert any("claimed only" in w for w in warn(claimed))
    assert any("last checked" in w for w in warn(stale))
    assert warn(fine) == []


def test_months_before_clamps_to_the_end_of_a_shorter_month() -> None:
    from regencheck.store.directory import months_before

    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 11, 22), 12) == date(2025, 11, 22)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
