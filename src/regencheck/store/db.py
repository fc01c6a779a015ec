"""Where the store lives and how to talk to it: the SQLite file by default, PostgreSQL on request.

`REGENCHECK_DATABASE_URL` selects PostgreSQL (or another SQLite file); otherwise the database is
`regencheck.db` in the data directory (`REGENCHECK_DATA_DIR`, else the user's data dir). SQLite
runs in WAL mode with foreign keys on. Writers on SQLite open their transaction with
`BEGIN IMMEDIATE` so that two concurrent writers queue instead of failing half-way, which also
keeps the audit chain linear.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DATA_DIR_ENV = "REGENCHECK_DATA_DIR"
DATABASE_URL_ENV = "REGENCHECK_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 15_000


def default_data_dir() -> Path:
    """The folder for the database, evidence files and the secret key."""
    configured = os.environ.get(DATA_DIR_ENV)
    return Path(configured) if configured else Path(platformdirs.user_data_dir("regencheck"))


def database_url(data_dir: Path | None = None) -> str:
    """The URL to open: the environment's choice, else the SQLite file in the data directory."""
    configured = os.environ.get(DATABASE_URL_ENV)
    if configured:
        return normalise_url(configured)
    folder = data_dir or default_data_dir()
    return f"sqlite:///{folder / 'regencheck.db'}"


def normalise_url(url: str) -> str:
    """Accept the usual `postgres://` and `postgresql://` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@dataclass
class Database:
    """An engine with two session factories: `read` for lookups and `write` for changes."""

    url: str
    engine: Engine
    read: sessionmaker[Session]
    write: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self.write() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing it does is committed."""
        with self.read() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _create_private(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600, folder 0700) before SQLite does:
    it holds patient data, and SQLite gives its -wal and -shm files the database file's mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def open_database(url: str | None = None, *, echo: bool = False) -> Database:
    """Connect to the database at `url` (default: `database_url()`), creating the SQLite folder."""
    url = normalise_url(url or database_url())
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url

        path = make_url(url).database
        if path and path != ":memory:":
            _create_private(Path(path))
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False}, pool_size=20, max_overflow=40
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        writer: Engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)
        writer = engine
    return Database(
        url=url,
        engine=engine,
        read=sessionmaker(engine, expire_on_commit=False),
        write=sessionmaker(writer, expire_on_commit=False),
    )
