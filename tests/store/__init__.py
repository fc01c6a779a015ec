"""Tests of the team store (SQLite and PostgreSQL)."""
