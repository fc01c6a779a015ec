"""Alembic migrations run from inside the package, so `regencheck db upgrade` needs no alembic.ini.

On SQLite, foreign keys are switched off while migrations run: Alembic changes a column there by
copying the table and dropping the old one, and with foreign keys on that DROP would cascade to
every row pointing at it (a specialist's credentials, a document's scans). Integrity is checked
with `PRAGMA foreign_key_check` before the migration commits instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from ..errors import RegencheckError
from .db import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(db: Database) -> Config:
    """An Alembic config pointing at the packaged migrations and this database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


@contextmanager
def _migrating(db: Database) -> Iterator[Connection]:
    """One transaction for the whole run; on SQLite with foreign keys off (see the module doc)."""
    with db.engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection if db.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
        try:
            with conn.begin():
                yield conn
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RegencheckError(
                            f"the migration would leave {len(broken)} row(s) pointing at nothing "
                            f"(first: table {broken[0][0]}, row {broken[0][1]}); nothing was changed"
                        )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def _run(db: Database, step: Callable[[Config], None]) -> None:
    with _migrating(db) as conn:
        cfg = alembic_config(db)
        cfg.attributes["connection"] = conn
        step(cfg)


def upgrade(db: Database, revision: str = "heads") -> None:
    """Bring the schema up to `revision` (default: the newest of every branch)."""
    _run(db, lambda cfg: command.upgrade(cfg, revision))


def downgrade(db: Database, revision: str) -> None:
    """Take the schema back to `revision` (`base` removes every table)."""
    _run(db, lambda cfg: command.downgrade(cfg, revision))


def current_revisions(db: Database) -> set[str]:
    """The revisions the database is at (empty when it was never migrated)."""
    with db.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def head_revisions(db: Database) -> set[str]:
    """The newest revisions the package ships."""
    return set(ScriptDirectory.from_config(alembic_config(db)).get_heads())


def is_current(db: Database) -> bool:
    """True when the database schema matches the code."""
    return current_revisions(db) == head_revisions(db)
