"""Web fixtures: an app per test on SQLite (and PostgreSQL where marked), the four personas
(admin Ada, verifier Vera, coordinator Cora, viewer Vic) with passwords and API tokens, and
helpers to sign in and submit forms with their CSRF token."""

from __future__ import annotations

import functools
import re
import secrets
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from regencheck.knowledge import KnowledgeBase
from regencheck.store import records
from regencheck.store.db import Database
from regencheck.store.models import User
from regencheck.store.roles import SYSTEM
from regencheck.store.users import hash_password, issue_token
from regencheck.web.app import create_app
from regencheck.web.settings import ServiceSettings

from ..store.dbfixtures import db, postgres_db, postgres_url, sqlite_template  # noqa: F401

with warnings.catch_warnings():
    # Starlette asks for `httpx2`; the client it wraps is the same httpx this project pins.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "a sturdy test passphrase"
ROLES = ("admin", "verifier", "coordinator", "viewer")
PERSONAS = {"admin": "ada", "verifier": "vera", "coordinator": "cora", "viewer": "vic"}
# One patient case for the journey API tests and the role matrix's audit check.
CASE = {
    "patient": {
        "alias": "Ibu Sari",
        "home_country": "ID",
        "language": "id",
        "contact_channel": "WhatsApp +62 812 0000",
        "timezone": "Asia/Jakarta",
        "consent_to_store": True,
        "consent_recorded_on": "2026-09-01",
    },
    "clinic": "Gangnam Example Aesthetic Clinic",
    "offering": "Stem cell facelift",
    "therapy": {"category": "autologous_svf_same_day", "indication": "aesthetic"},
    "procedure_date": "2026-11-02",
}


@dataclass
class Team:
    """The four personas' API tokens by role."""

    tokens: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def make_settings(database: Database, data_dir: Path, **overrides: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "secret_key": secrets.token_urlsafe(40),
        "database_url": database.url,
    } | overrides
    return ServiceSettings.load(data_dir, **values)


@functools.cache
def password_hash() -> str:
    """One argon2 hash for every persona: hashing is deliberately slow, tests need not repeat it."""
    return hash_password(PASSWORD)


def add_team(database: Database) -> Team:
    tokens: dict[str, str] = {}
    with database.writing() as s:
        for role, name in PERSONAS.items():
            user = records.create(
                s, SYSTEM, User(username=name, role=role, password_hash=password_hash()), name
            )
            tokens[role] = issue_token(s, SYSTEM, user, "tests").secret
    return Team(tokens)


@pytest.fixture
def team(db: Database) -> Team:  # noqa: F811
    return add_team(db)


@pytest.fixture
def app(db: Database, team: Team, tmp_path: Path, kb: KnowledgeBase) -> Iterator[FastAPI]:  # noqa: F811
    settings = make_settings(db, tmp_path, max_upload_bytes=200_000, auto_migrate=False)
    application = create_app(settings, kb=kb)
    yield application
    application.state.service.db.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, role: str) -> str:
    """Sign in as the persona with `role`; returns the CSRF token of the new session."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf_token": token, "username": PERSONAS[role], "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/account").text)
