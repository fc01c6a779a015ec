"""Alembic migrations of the store (revision ids are stable names such as `0001_core`)."""
