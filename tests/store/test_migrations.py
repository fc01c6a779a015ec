"""Migrations go up and down on SQLite and PostgreSQL and leave the schema the models describe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect, text

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


def test_tokens_issued_before_expiry_existed_get_ninety_days_not_for_ever(db: Database) -> None:
    migrate.downgrade(db, "0002_journey")
    try:
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (username, display_name, password_hash, role, active,"
                    " must_change_password, session_epoch, version, created_at, updated_at)"
                    " VALUES ('old', '', 'x', 'viewer', true, false, 0, 1, :now, :now)"
                ),
                {"now": datetime.now(UTC)},
            )
            conn.execute(
                text(
                    "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at)"
                    " SELECT id, 'legacy', :h, 'rck_legacy', :now FROM users WHERE username = 'old'"
                ),
                {"h": "0" * 64, "now": datetime.now(UTC)},
            )
    finally:
        migrate.upgrade(db)
    with db.engine.connect() as conn:
        expires = conn.execute(text("SELECT expires_at FROM api_tokens WHERE name = 'legacy'")).scalar_one()
    if isinstance(expires, str):  # SQLite hands back text
        expires = datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    assert timedelta(days=89) < expires - datetime.now(UTC) <= timedelta(days=90)
    assert "web_sessions" in _tables(db)
