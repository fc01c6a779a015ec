"""Migrations go up and down on SQLite and PostgreSQL and leave the schema the models describe."""

from __future__ import annotations

from sqlalchemy import inspect

from regencheck.store import migrate
from regencheck.store.base import Base
from regencheck.store.db import Database


def _tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_it_is_at_the_newest_revision_after_upgrade(db: Database) -> None:
    assert "0001_core" in migrate.current_revisions(db) or migrate.is_current(db)
    assert migrate.is_current(db)
    assert {t.name for t in Base.metadata.sorted_tables} <= _tables(db)


def test_it_removes_every_table_on_downgrade_and_restores_them_on_upgrade(db: Database) -> None:
    migrate.downgrade(db, "base")
    try:
        assert _tables(db) == set()
        assert migrate.current_revisions(db) == set()
    finally:
        migrate.upgrade(db)
    assert migrate.is_current(db)
    assert {"clinics", "audit_entries", "verifications"} <= _tables(db)
