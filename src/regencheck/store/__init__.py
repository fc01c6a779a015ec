"""The team store: SQLAlchemy models, Alembic migrations, the hash-chained audit log, and the
services (one module per entity) that change records and audit every change.

Open a database with `open_database()` (SQLite in the data dir unless `REGENCHECK_DATABASE_URL`
says otherwise), bring it up to date with `migrate.upgrade(db)`, then use the services with a
session from `db.writing()` / `db.reading()` and an `Actor`.
"""

from .audit import ChainReport, verify_chain
from .base import Base
from .blobs import BlobStore
from .db import Database, database_url, default_data_dir, open_database
from .roles import Actor, Permission, Role

__all__ = [
    "Actor",
    "Base",
    "BlobStore",
    "ChainReport",
    "Database",
    "Permission",
    "Role",
    "database_url",
    "default_data_dir",
    "open_database",
    "verify_chain",
]
