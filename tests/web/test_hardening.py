"""Hardening of the service against the findings of issue 11: caching of API answers, file
modes of the store, proxy headers and the login limiter, failed-login logging, the scan page
under a large paste, and the offline /docs page."""

from __future__ import annotations

import json
import logging
import secrets
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from regencheck.errors import InputError
from regencheck.knowledge import KnowledgeBase
from regencheck.store.db import Database
from regencheck.web.app import create_app
from regencheck.web.client_address import client_address, parse_networks
from regencheck.web.settings import ServiceSettings

from .conftest import Team, TestClient, csrf_of, make_settings


def test_every_api_answer_forbids_caching(client: TestClient, team: Team) -> None:
    answers = [
        client.get("/api/clinics", headers=team.auth("viewer")),
        client.get("/api/me", headers=team.auth("admin")),
        client.get("/api/clinics/424242", headers=team.auth("viewer")),
        client.get("/api/clinics"),
    ]
    assert [r.status_code for r in answers] == [200, 200, 404, 401]
    for response in answers:
        assert response.headers["cache-control"] == "no-store"


def _failed_logins_with_rotating_forwarded_for(client: TestClient, attempts: int) -> list[int]:
    token = csrf_of(client.get("/login").text)
    return [
        client.post(
            "/login",
            data={"csrf_token": token, "username": "vera", "password": "wrong guess 123"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        ).status_code
        for n in range(attempts)
    ]


def test_rotating_forwarded_for_does_not_escape_the_login_limit_by_default(app: FastAPI) -> None:
    with TestClient(app, client=("127.0.0.1", 50000)) as c:
        statuses = _failed_logins_with_rotating_forwarded_for(c, 7)
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]


def test_forwarded_for_from_a_configured_proxy_names_the_client(
    db: Database, tmp_path: Path, kb: KnowledgeBase
) -> None:
    settings = make_settings(db, tmp_path, auto_migrate=False, trusted_proxies="10.0.0.0/8, 127.0.0.1")
    application = create_app(settings, kb=kb)
    try:
        with TestClient(application, client=("10.1.2.3", 50000)) as c:
            assert _failed_logins_with_rotating_forwarded_for(c, 7) == [401] * 7
        with TestClient(application, client=("198.51.100.9", 50000)) as c:  # not a proxy: header ignored
            assert _failed_logins_with_rotating_forwarded_for(c, 6)[5] == 429
    finally:
        application.state.service.db.dispose()


def test_the_client_behind_proxies_is_the_right_most_untrusted_hop() -> None:
    proxies = parse_networks("10.0.0.0/8,127.0.0.1")
    assert client_address("10.0.0.2", "1.1.1.1, 203.0.113.7, 10.0.0.9", proxies) == "203.0.113.7"
    assert client_address("203.0.113.7", "1.1.1.1", proxies) == "203.0.113.7"
    assert client_address("10.0.0.2", None, proxies) == "10.0.0.2"
    assert client_address("127.0.0.1", "1.1.1.1", ()) == "127.0.0.1"
    with pytest.raises(InputError) as info:
        ServiceSettings.load(
            Path("/nonexistent"), secret_key=secrets.token_urlsafe(40), trusted_proxies="10.0.0.0/8, proxy"
        )
    assert any(p.location == "trusted_proxies" for p in info.value.problems)


def test_serve_lets_the_app_not_uvicorn_read_forwarded_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from regencheck.cli import main

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *_a, **kw: calls.append(kw))
    assert main(["serve", "--data-dir", str(tmp_path)]) == 0
    assert calls and calls[0]["proxy_headers"] is False


def test_a_failed_sign_in_is_logged_with_name_address_and_reason_never_the_password(
    client: TestClient, team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    token = csrf_of(client.get("/login").text)
    caplog.set_level(logging.WARNING, logger="regencheck.web.auth")
    for name in ("vera", "nobody\nforged line"):
        response = client.post(
            "/login", data={"csrf_token": token, "username": name, "password": "hunter2 secret guess"}
        )
        assert response.status_code == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "regencheck.web.auth"]
    assert len(lines) == 2
    assert "'vera'" in lines[0] and "testclient" in lines[0] and "wrong_password" in lines[0]
    assert "unknown_user" in lines[1] and "\n" not in lines[1]
    assert all("hunter2" not in line for line in lines)
    entries = client.get("/api/audit?entity=users", headers=team.auth("admin")).json()
    failed = [e for e in entries["items"] if e["action"] == "login_failed"]
    assert len(failed) == 1 and failed[0]["after"]["reason"] == "wrong_password"
    assert "hunter2" not in json.dumps(entries)
