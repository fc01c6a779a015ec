"""Migration 0004 on SQLite and PostgreSQL: a clinic stored the old way (a dossier document beside
credential and specialist rows that bootstrap had copied out of it) becomes one record, with
nothing duplicated, nothing entered through the forms overwritten, and nothing that pointed at a
changed table lost; downgrade puts the whole dossier back into the JSON column."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from regencheck.store import dossier_record, migrate
from regencheck.store.db import Database

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NOW = datetime(2026, 11, 1, tzinfo=UTC)
STAMPS = {"version": 1, "created_at": NOW, "updated_at": NOW}

OLD_DOSSIER: dict[str, Any] = {
    "clinic": {
        "name": "Lumen Plastic Surgery Clinic",
        "address": "12 Dosan-daero, Gangnam-gu, Seoul",
        "licence_number": "GN-2011-0457",
        "price_tier": "premium",
        "credentials": [
            {
                "kind": "kahf",
                "number": "KAHF-2024-09",
                "valid_until": "2028-11-30",
                "evidence": {"source": "KAHF list", "checked_on": "2026-10-02", "method": "registry"},
            },
            {"kind": "malpractice_insurance", "number": "MPI-1", "valid_until": "2027-01-31"},
        ],
        "lab": {"site": "on_site", "name": "Lumen processing room"},
    },
    "specialist": {
        "name": "Dr. Min-jun Seo",
        "specialty": "plastic_surgery",
        "years_in_subspecialty": 18,
        "disciplinary_actions": [],
        "evidence": [{"kind": "medical_licence", "source": "KMA lookup", "checked_on": "2026-10-02"}],
    },
    "offering": {
        "marketing_name": "SVF facelift",
        "therapy": {"cell_source": "autologous"},
        "role": "adjunct",
    },
    "marketing": [{"text": "Our facelift can be combined with SVF."}],
    "consultation": {"physician_led": True, "minutes": 45},
    "quote": {"currency": "KRW", "lines": [{"item": "Facelift", "amount": 15000000}]},
}


def _old_tables() -> dict[str, sa.TableClause]:
    def t(name: str, *cols: str, json: tuple[str, ...] = ()) -> sa.TableClause:
        return sa.table(name, *(sa.column(c) for c in cols), *(sa.column(c, JSON_DOC) for c in json))

    stamps = ("version", "created_at", "updated_at")
    return {
        "clinics": t("clinics", "id", "name", "address", "notes", *stamps, json=("dossier",)),
        "specialists": t("specialists", "id", "clinic_id", "name", "years_in_subspecialty", *stamps),
        "credentials": t(
            "credentials",
            "id",
            "clinic_id",
            "specialist_id",
            "kind",
            "number",
            "claimed_only",
            "checked_on",
            *stamps,
        ),
        "offerings": t("offerings", "id", "clinic_id", "marketing_name", "description", *stamps),
        "marketing_documents": t(
            "marketing_documents",
            "id",
            "clinic_id",
            "title",
            "origin",
            "text",
            "sha256",
            "created_by",
            "created_at",
        ),
        "scans": t(
            "scans",
            "id",
            "document_id",
            "risk",
            "knowledge_version",
            "created_by",
            "created_at",
            json=("result",),
        ),
    }


def _store_old_style_clinic(db: Database) -> tuple[int, int]:
    """What bootstrap and the forms left before 0004: the document and some rows copied from it.
    Returns the ids of the documented clinic and of a clinic with rows but no document."""
    t = _old_tables()
    with db.engine.begin() as conn:

        def add(table: str, **values: Any) -> int:
            stmt = t[table].insert().values(**values).returning(sa.column("id"))
            return int(conn.execute(stmt).scalar_one())

        lumen = add(
            "clinics",
            name="Lumen Plastic Surgery Clinic",
            address="Entered in the form",
            notes="",
            dossier=OLD_DOSSIER,
            **STAMPS,
        )
        bare = add("clinics", name="Bare Clinic", notes="", dossier=None, **STAMPS)
        seo = add("specialists", clinic_id=lumen, name="Dr. Min-jun Seo", years_in_subspecialty=18, **STAMPS)
        # bootstrap's copy of the first credential, and one the specialist holds
        add(
            "credentials",
            clinic_id=lumen,
            specialist_id=None,
            kind="kahf",
            number="KAHF-2024-09",
            claimed_only=False,
            checked_on=date(2026, 10, 2),
            **STAMPS,
        )
        add(
            "credentials",
            clinic_id=lumen,
            specialist_id=seo,
            kind="medical_licence",
            number="KMD-1",
            claimed_only=False,
            **STAMPS,
        )
        add("offerings", clinic_id=bare, marketing_name="PRP", description="", **STAMPS)
        ad = add(
            "marketing_documents",
            clinic_id=bare,
            title="Ad",
            origin="",
            text="Best clinic",
            sha256="0" * 64,
            created_by="vera",
            created_at=NOW,
        )
        add(
            "scans",
            document_id=ad,
            risk="medium",
            knowledge_version="k",
            result={"risk": "medium"},
            created_by="vera",
            created_at=NOW,
        )
    return lumen, bare


def _rows(db: Database, sql: str) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(sa.text(sql)))


def test_an_old_style_clinic_becomes_one_record_and_comes_back_on_downgrade(db: Database) -> None:
    migrate.downgrade(db, "0003_sessions")
    try:
        lumen, bare_id = _store_old_style_clinic(db)
    finally:
        migrate.upgrade(db)

    assert (
        _rows(db, f"SELECT count(*) FROM credentials WHERE clinic_id = {lumen} AND kind = 'kahf'")[0][0] == 1
    ), "the credential bootstrap had copied out is matched, not duplicated"
    assert _rows(db, "SELECT count(*) FROM credentials WHERE specialist_id IS NOT NULL")[0][0] == 1, (
        "rewriting the specialists table on SQLite did not cascade to their credentials"
    )
    assert _rows(db, f"SELECT count(*) FROM specialists WHERE clinic_id = {lumen}")[0][0] == 1
    assert _rows(db, "SELECT count(*) FROM scans")[0][0] == 1
    assert _rows(db, f"SELECT description FROM offerings WHERE clinic_id = {bare_id}")[0][0] is None, (
        "'' meant none given"
    )
    with db.reading() as session:
        record = dossier_record.record_dossier(session, lumen)
        sections = dossier_record.records.get_or_404(session, dossier_record.Clinic, lumen).sections
    assert record.clinic is not None and record.clinic.address == "Entered in the form", (
        "the form's value wins"
    )
    assert record.clinic.price_tier == "premium", "the document fills the gaps"
    assert [(c.kind, c.number) for c in record.clinic.credentials or []] == [
        ("kahf", "KAHF-2024-09"),
        ("malpractice_insurance", "MPI-1"),
    ]
    assert record.clinic.credentials and record.clinic.credentials[0].evidence is not None
    assert record.clinic.lab is not None and record.clinic.lab.name == "Lumen processing room"
    assert record.specialist is not None and record.specialist.disciplinary_actions == []
    assert record.specialist.evidence and record.specialist.evidence[0].source == "KMA lookup"
    assert record.offering is not None and record.offering.role == "adjunct"
    assert [m.text for m in record.marketing or []] == ["Our facelift can be combined with SVF."]
    assert record.consultation is not None and record.consultation.minutes == 45
    assert set(sections or {}) == {"clinic", "consultation", "quote"}
    assert set((sections or {})["clinic"]) == {"lab"}, "the tables' parts left the JSON"

    migrate.downgrade(db, "0003_sessions")
    try:
        with db.engine.connect() as conn:
            back = conn.execute(
                sa.select(_old_tables()["clinics"].c.dossier).where(sa.column("id") == 1)
            ).scalar_one()
            bare = conn.execute(
                sa.select(_old_tables()["clinics"].c.dossier).where(sa.column("id") == 2)
            ).scalar_one()
        assert back["clinic"]["credentials"][1] == {
            "kind": "malpractice_insurance",
            "number": "MPI-1",
            "valid_until": "2027-01-31",
        }
        assert (
            back["specialist"]["name"] == "Dr. Min-jun Seo"
            and back["specialist"]["disciplinary_actions"] == []
        )
        assert back["marketing"] == [{"text": "Our facelift can be combined with SVF."}]
        assert back["quote"]["lines"][0]["amount"] == 15000000
        assert bare["offering"]["marketing_name"] == "PRP", "a clinic's parts make a dossier of it"
    finally:
        migrate.upgrade(db)
    with db.reading() as session:
        again = dossier_record.record_dossier(session, lumen)
    assert dossier_record.dossier_yaml(again) == dossier_record.dossier_yaml(record), (
        "up, down, up: the same record"
    )
    assert _rows(db, f"SELECT count(*) FROM credentials WHERE clinic_id = {lumen}")[0][0] == 3
