"""The store's files hold patient data and identity evidence: only their owner may read them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from regencheck.store.blobs import BlobStore
from regencheck.store.db import open_database


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common 022 umask, under which files are world-readable unless created otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.usefixtures("usual_umask")
def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "regencheck.db"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.writing() as s:
            s.execute(text("CREATE TABLE t (x INTEGER)"))
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700
        for companion in path.parent.glob("regencheck.db-*"):
            assert _mode(companion) == 0o600, companion.name
    finally:
        db.dispose()


@pytest.mark.usefixtures("usual_umask")
def test_an_existing_database_keeps_working(tmp_path: Path) -> None:
    path = tmp_path / "regencheck.db"
    for _ in range(2):
        db = open_database(f"sqlite:///{path}")
        with db.writing() as s:
            s.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
            s.execute(text("INSERT INTO t VALUES (1)"))
        db.dispose()
    db = open_database(f"sqlite:///{path}")
    with db.reading() as s:
        assert s.execute(text("SELECT count(*) FROM t")).scalar() == 2
    db.dispose()


@pytest.mark.usefixtures("usual_umask")
def test_evidence_folders_and_files_are_the_owners_only(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "evidence")
    sha = store.put(b"a licence scan")
    assert _mode(tmp_path / "evidence") == 0o700
    assert _mode(store.path(sha).parent) == 0o700
    assert _mode(store.path(sha)) == 0o600
