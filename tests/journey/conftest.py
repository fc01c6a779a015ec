"""Journey fixtures: the store's databases (SQLite and PostgreSQL) and case personas."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import regencheck.store.cases  # noqa: F401  (registers the journey tables)
from regencheck.journey import CaseInput
from regencheck.store import Actor, BlobStore
from tests.store.dbfixtures import db, postgres_db, postgres_url, sqlite_template  # noqa: F401


@pytest.fixture
def coordinator() -> Actor:
    return Actor(username="cora", role="coordinator")


@pytest.fixture
def viewer() -> Actor:
    return Actor(username="vic", role="viewer")


@pytest.fixture
def verifier() -> Actor:
    return Actor(username="vera", role="verifier")


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")


def sari_case(**changes: object) -> CaseInput:
    """An Indonesian patient having a same-day SVF facelift in Seoul."""
    data: dict[str, object] = {
        "patient": {
            "alias": "Ibu Sari",
            "home_country": "ID",
            "language": "id",
            "contact_channel": "WhatsApp +62 812 0000",
            "timezone": "Asia/Jakarta",
            "consent_to_store": True,
            "consent_recorded_on": date(2026, 9, 1),
        },
        "clinic": "Gangnam Example Aesthetic Clinic",
        "offering": "Stem cell facelift",
        "therapy": {"category": "autologous_svf_same_day", "indication": "aesthetic"},
        "procedure_date": date(2026, 11, 2),
    }
    data.update(changes)
    return CaseInput.model_validate(data)
