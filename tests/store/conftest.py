"""Store fixtures: databases on both backends, personas and a blob store."""

from __future__ import annotations

from pathlib import Path

import pytest

from regencheck.store import Actor, BlobStore

from .dbfixtures import db, postgres_db, postgres_url, sqlite_template  # noqa: F401


@pytest.fixture
def verifier() -> Actor:
    return Actor(username="vera", role="verifier", user_id=None)


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")
