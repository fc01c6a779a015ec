"""The clinic record is its dossier: what is imported is what assembles back (an equal `Dossier`),
an export is a fixed point, and a refused import leaves the store as it was. On SQLite and
PostgreSQL, over every sample dossier and over generated ones."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from regencheck.errors import Conflict, InputFileError, ValidationFailed
from regencheck.inputs import load_structured_file
from regencheck.store import audit
from regencheck.store.bootstrap import SAMPLES_DIR
from regencheck.store.db import Database
from regencheck.store.dossier_files import inline_files
from regencheck.store.dossier_record import (
    dossier_json,
    dossier_yaml,
    import_dossier,
    record_dossier,
)
from regencheck.store.models import AuditEntry, Clinic, Credential, Specialist
from regencheck.store.roles import Actor
from regencheck.verify import dossier as dm

SAMPLES = sorted((SAMPLES_DIR / "dossiers").glob("*.yaml"))
VERA = Actor(username="vera", role="verifier")


def _sample(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = inline_files(load_structured_file(path), path.parent)
    return document


def _import(db: Database, document: Any, clinic_id: int | None = None, **kwargs: Any) -> int:
    with db.writing() as s:
        return import_dossier(s, VERA, document, clinic_id, **kwargs).clinic.id


def _record(db: Database, clinic_id: int) -> dm.Dossier:
    with db.reading() as s:
        return record_dossier(s, clinic_id)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_dossier_comes_back_equal_and_its_export_is_a_fixed_point(
    db: Database, path: Path
) -> None:
    document = _sample(path)
    cid = _import(db, document)
    record = _record(db, cid)
    assert record == dm.parse_dossier(document)
    exported_yaml, exported_json = dossier_yaml(record), dossier_json(record)
    assert dm.parse_dossier(yaml.safe_load(exported_yaml)) == record
    assert dm.parse_dossier(json.loads(exported_json)) == record
    with db.writing() as s:
        again = import_dossier(s, VERA, yaml.safe_load(exported_yaml), cid)
        assert again.changes == [], "the record already is its export"
    assert dossier_yaml(_record(db, cid)) == exported_yaml
    _import(db, json.loads(exported_json), cid)
    assert dossier_json(_record(db, cid)) == exported_json


def test_a_sample_read_from_its_folder_stands_alone(db: Database) -> None:
    path = SAMPLES_DIR / "dossiers" / "exosome_sold_as_stem_cell.yaml"
    cid = _import(db, load_structured_file(path), base_dir=path.parent)
    texts = [m.text for m in _record(db, cid).marketing or []]
    assert texts and all(t and "<html" not in t for t in texts), "the page is stored as its visible text"


def test_a_file_reference_is_refused_without_its_folder(db: Database) -> None:
    document = {"clinic": {"name": "Paper Clinic"}, "marketing": [{"file": "page.html"}]}
    with pytest.raises(InputFileError, match=r"page\.html"):
        _import(db, document)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Clinic)) == 0


def _store_state(db: Database) -> tuple[str, int, int, int]:
    with db.reading() as s:
        record = dossier_yaml(record_dossier(s, 1)) if s.get(Clinic, 1) else ""
        entries = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        creds = s.scalar(select(func.count()).select_from(Credential)) or 0
        specs = s.scalar(select(func.count()).select_from(Specialist)) or 0
        return record, entries, creds, specs


def test_a_refused_import_leaves_the_record_and_the_audit_log_as_they_were(db: Database) -> None:
    cid = _import(db, _sample(SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml"))
    _import(db, {"clinic": {"name": "Another Clinic"}})
    before = _store_state(db)
    assert cid == 1 and before[2] == 3
    bad_field = {"clinic": {"name": "Lumen", "price_tier": "cheap"}, "specialist": {"name": "Dr. New"}}
    with pytest.raises(ValidationFailed) as refused:
        _import(db, bad_field, cid)
    assert [p.location for p in refused.value.problems] == ["clinic.price_tier"]
    # Valid as a dossier but refused half-way through the writes: the new name is taken.
    renamed = {"clinic": {"name": "another clinic", "credentials": []}, "specialist": {"name": "Dr. New"}}
    with pytest.raises(Conflict, match="already exists"):
        _import(db, renamed, cid)
    too_long = {"clinic": {"name": "Lumen", "address": "x" * 401}}
    with pytest.raises(ValidationFailed) as long_refused:
        _import(db, too_long, cid)
    assert [p.location for p in long_refused.value.problems] == ["clinic.address"]
    assert _store_state(db) == before


def test_an_import_replaces_the_record_and_says_what_changed(db: Database) -> None:
    cid = _import(db, _sample(SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml"))
    with db.reading() as s:
        kahf_id = s.scalar(select(Credential.id).where(Credential.kind == "kahf"))
    smaller = {
        "clinic": {
            "name": "Lumen Plastic Surgery Clinic",
            "credentials": [{"kind": "kahf", "number": "KAHF-2024-09", "valid_until": date(2029, 1, 1)}],
        },
        "specialist": {"name": "Dr. Min-jun Seo", "years_in_subspecialty": 17.5},
    }
    with db.writing() as s:
        result = import_dossier(s, VERA, smaller, cid)
        changes = {(c.action, c.part, c.label) for c in result.changes}
    assert ("changed", "credential", "kahf KAHF-2024-09") in changes
    assert ("removed", "credential", "malpractice_insurance MPI-2026-55120") in changes
    assert ("removed", "offering", "SVF-enriched fat grafting with facelift") in changes
    assert ("changed", "specialist", "Dr. Min-jun Seo") in changes
    assert _record(db, cid) == dm.parse_dossier(smaller)
    with db.reading() as s:
        assert s.scalar(select(Credential.id).where(Credential.kind == "kahf")) == kahf_id, (
            "matched, kept its id"
        )
        assert audit.verify_chain(s).ok


def test_a_number_no_json_column_keeps_exactly_is_refused_naming_its_field(db: Database) -> None:
    document = {"clinic": {"name": "Big Numbers"}, "offering": {"therapy": {"dose": 1e20}}}
    with pytest.raises(ValidationFailed) as refused:
        _import(db, document)
    assert [p.location for p in refused.value.problems] == ["offering.therapy.dose"]


def test_an_import_without_a_name_keeps_the_clinics_and_a_new_record_needs_one(db: Database) -> None:
    cid = _import(db, {"clinic": {"name": "Named Clinic"}})
    _import(db, {"quote": {"currency": "KRW"}}, cid)
    assert _record(db, cid).clinic == dm.Clinic(name="Named Clinic")
    with pytest.raises(ValidationFailed) as refused:
        _import(db, {"quote": {"currency": "KRW"}})
    assert refused.value.problems[0].location == "clinic.name"


# ---------------------------------------------------------------------------------------------
# Generated dossiers

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=24)
NAME = st.text(st.characters(blacklist_categories=("Cs", "Z", "C")), min_size=1, max_size=20)
DAY = st.dates(min_value=date(1990, 1, 1), max_value=date(2045, 12, 31))
FLAG = st.booleans()


def _opt(**fields: Any) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def _choice(literal: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(get_args(literal))


EVIDENCE = _opt(
    kind=_choice(dm.SpecialistFact),
    source=TEXT,
    url=TEXT,
    checked_on=DAY,
    method=_choice(dm.Method),
    checked_by=TEXT,
)
CREDENTIAL = st.fixed_dictionaries(
    {"kind": _choice(dm.CredentialKind)},
    optional={"number": TEXT, "valid_until": DAY, "claimed_only": FLAG, "evidence": EVIDENCE},
)
# Numbers a JSON column keeps exactly on both backends (larger ones are refused, see below).
SAFE_FLOAT = st.floats(-(2.0**52), 2.0**52, allow_nan=False)
JSON_VALUE = st.recursive(
    st.none() | FLAG | st.integers(-(2**40), 2**40) | SAFE_FLOAT | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
YEARS = st.integers(0, 80) | st.floats(0, 80, allow_nan=False)
AMOUNT = st.integers(0, 10**9) | st.floats(0, 1e12, allow_nan=False, allow_infinity=False)
TEXT_SOURCE = st.one_of(TEXT, st.fixed_dictionaries({"text": TEXT}))

DOSSIERS = st.fixed_dictionaries(
    {
        "clinic": st.fixed_dictionaries(
            {"name": NAME},
            optional={
                "address": TEXT,
                "institution_type": st.sampled_from(
                    ["clinic", "hospital", "general_hospital", "tertiary_hospital"]
                ),
                "licence_number": TEXT,
                "price_tier": st.sampled_from(["express", "standard", "premium", "vip"]),
                "credentials": st.lists(CREDENTIAL, max_size=3),
                "lab": _opt(site=st.sampled_from(["on_site", "off_site"]), name=TEXT, evidence=EVIDENCE),
                "evidence": EVIDENCE,
            },
        )
    },
    optional={
        "specialist": _opt(
            name=TEXT,
            licence_number=TEXT,
            specialty=st.sampled_from(["plastic_surgery", "dermatology", "orthopedics", "other"]),
            board_certified=FLAG,
            subspecialty=TEXT,
            years_in_subspecialty=YEARS,
            cumulative_cases=st.integers(0, 2**31 - 1),
            disciplinary_actions=st.lists(
                _opt(date=DAY, summary=TEXT, kind=st.sampled_from(["warning", "suspension"]), until=DAY),
                max_size=2,
            ),
            evidence=st.lists(EVIDENCE, max_size=3),
        ),
        "offering": _opt(
            marketing_name=TEXT,
            therapy=st.dictionaries(TEXT, JSON_VALUE, max_size=4),
            description=TEXT,
            indication=st.sampled_from(["aesthetic", "orthopedic", "disease", "wellness"]),
            role=st.sampled_from(["adjunct", "standalone"]),
            base_procedure=TEXT,
        ),
        "marketing": st.lists(TEXT_SOURCE, max_size=4),
        "consultation": _opt(
            physician_led=FLAG,
            minutes=st.integers(0, 1440) | st.floats(0, 1440, allow_nan=False),
            written_protocol=_opt(biologic=FLAG, source=FLAG, risk_class=FLAG),
            consent=TEXT_SOURCE,
        ),
        "quote": _opt(
            currency=st.sampled_from(["KRW", "USD", "sgd"]),
            lines=st.lists(
                st.fixed_dictionaries(
                    {"item": TEXT, "amount": AMOUNT},
                    optional={"quantity": st.integers(1, 50), "kind": _choice(dm.LineKind), "note": TEXT},
                ),
                max_size=3,
            ),
            agency_fee_percent=st.floats(0, 100, allow_nan=False),
        ),
        "aftercare": _opt(
            follow_up_days=st.lists(st.integers(0, 400), max_size=4),
            baseline_photos=FLAG,
            adverse_event_languages=st.lists(st.sampled_from(["en", "id", "ko"]), max_size=3),
            remote_follow_up=FLAG,
            candidacy_screening=_opt(health=FLAG, goals=FLAG),
        ),
        "patient": _opt(home_country=st.sampled_from(["SG", "ID", "US"]), language=TEXT),
        "facilitator": _opt(name=TEXT, registration_number=TEXT, valid_until=DAY, claimed_only=FLAG),
    },
)

_names = itertools.count()


def _unique(document: dict[str, Any]) -> dict[str, Any]:
    """The same dossier under a clinic name no earlier example used (names are unique per store)."""
    return document | {
        "clinic": document["clinic"] | {"name": f"{document['clinic']['name']} {next(_names)}"}
    }


GENERATED = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


@GENERATED
@given(document=DOSSIERS)
def test_a_generated_dossier_comes_back_equal_and_its_export_is_a_fixed_point(
    db: Database, document: dict[str, Any]
) -> None:
    document = _unique(document)
    cid = _import(db, document)
    record = _record(db, cid)
    assert record == dm.parse_dossier(document)
    exported = dossier_yaml(record)
    with db.writing() as s:
        assert import_dossier(s, VERA, yaml.safe_load(exported), cid).changes == []
    assert dossier_yaml(_record(db, cid)) == exported
    _import(db, json.loads(dossier_json(record)), cid)
    assert dossier_json(_record(db, cid)) == dossier_json(record)


@GENERATED
@given(first=DOSSIERS, second=DOSSIERS)
def test_importing_over_a_record_makes_it_the_new_dossier(
    db: Database, first: dict[str, Any], second: dict[str, Any]
) -> None:
    cid = _import(db, _unique(first))
    second = _unique(second)
    _import(db, second, cid)
    assert _record(db, cid) == dm.parse_dossier(second)
