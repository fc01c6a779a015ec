"""Hardening of the service against the findings of issue 11: caching of API answers, file
modes of the store, proxy headers and the login limiter, failed-login logging, the scan page
under a large paste, and the offline /docs page."""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from regencheck.errors import InputError
from regencheck.knowledge import KnowledgeBase
from regencheck.store import scans
from regencheck.store.db import Database
from regencheck.web.app import create_app
from regencheck.web.client_address import client_address, parse_networks
from regencheck.web.pages_analysis import HIGHLIGHTED
from regencheck.web.settings import ServiceSettings

from .conftest import PASSWORD, Team, TestClient, csrf_of, make_settings, sign_in
from .livesrv import serving


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


ADVERT = "Guaranteed results with no side effects! "  # two findings per sentence


@pytest.fixture
def strict_client(db: Database, team: Team, tmp_path: Path, kb: KnowledgeBase) -> Iterator[TestClient]:
    """A service that scans at most 1,000 characters."""
    settings = make_settings(db, tmp_path, auto_migrate=False, max_scan_chars=1000)
    application = create_app(settings, kb=kb)
    with TestClient(application) as c:
        yield c
    application.state.service.db.dispose()


def test_a_text_over_the_scan_limit_is_refused_with_the_limit_named(
    strict_client: TestClient, team: Team
) -> None:
    client, too_long = strict_client, ADVERT * 30
    answer = client.post("/api/scan", headers=team.auth("viewer"), json={"text": too_long})
    assert answer.status_code == 413
    error = answer.json()["error"]
    assert error["code"] == "too_large" and "1,000" in error["message"]
    assert [p["field"] for p in error["problems"]] == ["text"]
    for name in ("ad.txt", "ad.html"):
        upload = client.post(
            "/api/scan/file",
            headers=team.auth("viewer"),
            files={"file": (name, too_long.encode(), "text/plain")},
        )
        assert upload.status_code == 413 and upload.json()["error"]["problems"][0]["field"] == "file"
    assert (
        client.post("/api/scan", headers=team.auth("viewer"), json={"text": ADVERT * 20}).status_code == 200
    )

    token = sign_in(client, "viewer")
    page = client.post("/scan", data={"csrf_token": token, "text": too_long})
    assert page.status_code == 413
    assert "1,000 characters" in page.text and 'role="alert"' in page.text
    assert too_long not in page.text  # the refused text is not echoed back


def test_the_scan_page_for_thousands_of_findings_stays_small(client: TestClient) -> None:
    text = ADVERT * (200_000 // len(ADVERT))
    token = sign_in(client, "viewer")
    page = client.post("/scan", data={"csrf_token": token, "text": text})
    assert page.status_code == 200
    assert "9,756 findings" in page.text or " findings" in page.text
    assert page.text.count("<mark ") == HIGHLIGHTED
    assert "<details" in page.text and "not listed here" in page.text
    assert len(page.content) < 2_000_000, len(page.content)


def test_other_requests_are_answered_while_a_long_scan_runs(
    app: FastAPI, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan blocks (as CPU work would) until another request has been answered, or 10 s."""
    answered = threading.Event()
    real_scan = scans.scan

    def slow_scan(*args: Any, **kwargs: Any) -> dict[str, Any]:
        answered.wait(10)
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(scans, "scan", slow_scan)
    with (
        serving(app) as url,
        httpx.Client(base_url=url, timeout=30) as browser,
        httpx.Client(base_url=url) as other,
    ):
        token = sign_in(browser, "viewer")  # type: ignore[arg-type]
        finished: list[float] = []
        worker = threading.Thread(
            target=lambda: finished.append(
                browser.post("/scan", data={"csrf_token": token, "text": ADVERT}).status_code
            )
        )
        started = time.monotonic()
        worker.start()
        time.sleep(0.3)  # the scan is under way
        assert other.get("/login", timeout=5).status_code == 200
        answered.set()
        waited = time.monotonic() - started
        worker.join(15)
    assert finished == [200]
    assert waited < 5


def test_an_admin_cannot_be_given_a_common_password(client: TestClient, team: Team) -> None:
    weak = {"username": "root2", "role": "admin", "password": "password1234"}
    answer = client.post("/api/users", headers=team.auth("admin"), json=weak)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert "commonly used" in error["message"] and [p["field"] for p in error["problems"]] == ["password"]
    sturdy = weak | {"password": "a sturdy admin passphrase"}
    assert client.post("/api/users", headers=team.auth("admin"), json=sturdy).status_code == 201


def test_a_changed_password_must_not_contain_the_user_name(client: TestClient) -> None:
    token = sign_in(client, "viewer")
    form = {"csrf_token": token, "current": PASSWORD, "new": "vic likes kimchi", "again": "vic likes kimchi"}
    page = client.post("/account/password", data=form)
    assert page.status_code == 422 and "must not contain the user name" in page.text
