"""Sessions are server-side and revocable; API tokens expire and record their last use.

Each test copies a signed-in cookie before the event that should end it, then replays the copy:
with a signed cookie alone the copy would keep working until its max age.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from babel.dates import format_skeleton
from fastapi import FastAPI
from sqlalchemy import select

from regencheck.store.base import utcnow
from regencheck.store.models import ApiToken, LoginSession, User
from regencheck.web.security import SESSION_COOKIE

from .conftest import PASSWORD, PERSONAS, Team, TestClient, sign_in

pytestmark = pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)

NEW_PASSWORD = "a-much-longer-passphrase-2026"


def _copied_cookie(client: TestClient) -> str:
    cookie = client.cookies.get(SESSION_COOKIE)
    assert cookie
    return cookie


def _replay(app: FastAPI, cookie: str) -> int:
    """Status of a page request made by another browser holding the copied cookie."""
    with TestClient(app, base_url="http://testserver") as other:
        other.cookies.set(SESSION_COOKIE, cookie)
        return other.get("/account", follow_redirects=False).status_code


def _user_id(app: FastAPI, role: str) -> int:
    with app.state.service.db.reading() as s:
        return int(s.scalar(select(User.id).where(User.username == PERSONAS[role])) or 0)


def test_a_cookie_copied_before_logout_is_dead_after_it(app: FastAPI, client: TestClient) -> None:
    token = sign_in(client, "viewer")
    copied = _copied_cookie(client)
    assert _replay(app, copied) == 200
    client.post("/logout", data={"csrf_token": token})
    assert _replay(app, copied) == 303
    with app.state.service.db.reading() as s:
        assert (
            s.scalars(select(LoginSession).where(LoginSession.user_id == _user_id(app, "viewer"))).all() == []
        )


def test_changing_the_password_ends_every_other_session_but_keeps_this_one(
    app: FastAPI, client: TestClient
) -> None:
    token = sign_in(client, "coordinator")
    with TestClient(app, base_url="http://testserver") as laptop:
        sign_in(laptop, "coordinator")
        laptop_cookie = _copied_cookie(laptop)
    form = {"csrf_token": token, "current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD}
    changed = client.post("/account/password", data=form, follow_redirects=False)
    assert changed.status_code == 303
    assert _replay(app, laptop_cookie) == 303
    assert client.get("/account", follow_redirects=False).status_code == 200


def test_a_password_reset_by_an_admin_ends_the_users_sessions(
    app: FastAPI, client: TestClient, team: Team
) -> None:
    sign_in(client, "viewer")
    copied = _copied_cookie(client)
    reset = client.post(f"/api/users/{_user_id(app, 'viewer')}/reset-password", headers=team.auth("admin"))
    assert reset.status_code == 200
    assert _replay(app, copied) == 303


def test_an_admin_ends_a_users_sessions_from_the_api_and_it_is_audited(
    app: FastAPI, client: TestClient, team: Team
) -> None:
    sign_in(client, "verifier")
    copied = _copied_cookie(client)
    uid = _user_id(app, "verifier")
    ended = client.post(f"/api/users/{uid}/end-sessions", headers=team.auth("admin"))
    assert ended.status_code == 200 and ended.json() == {"user_id": uid, "ended_sessions": 1}
    assert _replay(app, copied) == 303
    refused = client.post(f"/api/users/{uid}/end-sessions", headers=team.auth("verifier"))
    assert refused.status_code == 403
    audit = client.get("/api/audit?entity=users", headers=team.auth("admin")).json()["items"]
    assert any(e["entity_id"] == str(uid) and e["after"] == {"live_sessions": 0} for e in audit)


def test_an_admin_ends_a_users_sessions_from_the_users_page(app: FastAPI, client: TestClient) -> None:
    with TestClient(app, base_url="http://testserver") as viewer:
        sign_in(viewer, "viewer")
        copied = _copied_cookie(viewer)
    token = sign_in(client, "admin")
    uid = _user_id(app, "viewer")
    page = client.get("/admin/users").text
    assert f'action="/admin/users/{uid}/end-sessions"' in page and "End sessions (1)" in page
    done = client.post(f"/admin/users/{uid}/end-sessions", data={"csrf_token": token})
    assert done.status_code == 200 and "out of 1 session" in done.text
    assert _replay(app, copied) == 303


def test_an_expired_server_side_session_is_refused(app: FastAPI, client: TestClient) -> None:
    sign_in(client, "viewer")
    with app.state.service.db.writing() as s:
        for row in s.scalars(select(LoginSession)):
            row.expires_at = utcnow() - timedelta(seconds=1)
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_an_api_token_expires_and_records_when_it_was_used(
    app: FastAPI, client: TestClient, team: Team
) -> None:
    created = client.post(
        "/api/tokens", headers=team.auth("viewer"), json={"name": "short", "expires_in_days": 2}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["expires_at"] and body["last_used_at"] is None
    auth = {"Authorization": f"Bearer {body['secret']}"}
    assert client.get("/api/me", headers=auth).status_code == 200
    with app.state.service.db.reading() as s:
        token = s.get(ApiToken, body["id"])
        assert token is not None and token.last_used_at is not None
        assert timedelta(days=1) < token.expires_at - utcnow() <= timedelta(days=2)
    with app.state.service.db.writing() as s:
        token = s.get(ApiToken, body["id"])
        assert token is not None
        token.expires_at = utcnow() - timedelta(seconds=1)
    assert client.get("/api/me", headers=auth).status_code == 401


def test_a_token_cannot_be_asked_to_live_longer_than_a_year(client: TestClient, team: Team) -> None:
    response = client.post(
        "/api/tokens", headers=team.auth("viewer"), json={"name": "forever", "expires_in_days": 10_000}
    )
    assert response.status_code == 422 and "expires_in_days" in response.text


def test_the_account_page_shows_each_tokens_expiry_and_last_use(client: TestClient) -> None:
    token = sign_in(client, "viewer")
    made = client.post("/account/tokens", data={"csrf_token": token, "name": "cli", "expires_in_days": "30"})
    assert made.status_code == 201
    assert "<th>Expires</th>" in made.text and "<th>Last used</th>" in made.text
    expires = format_skeleton("yMMMd", (utcnow() + timedelta(days=30)).date(), locale="en")
    assert expires in made.text, "the expiry day, as English writes it"
