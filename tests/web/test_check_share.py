"""A link to share an offer check: stored only when the patient asks, without who asked, read
back in the reader's language until it expires (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from regencheck.store.models import AuditEntry, SharedCheck
from regencheck.store.shared_checks import ShareRequest, open_shared, purge_expired, share_check

from .conftest import TestClient, csrf_of

pytestmark = pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)

OFFER = (
    "Stem cell facelift with your own fat: autologous fat harvested by liposuction, SVF isolated "
    "and injected back the same day. Guaranteed results, 100% safe!\n"
    "Facelift ..... ₩8,000,000\nSVF processing ..... ₩4,500,000\n"
)


def _count(app: FastAPI, table: type) -> int:
    with app.state.service.db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_a_check_is_stored_only_when_the_patient_asks_for_a_link(app: FastAPI, client: TestClient) -> None:
    audit_before = _count(app, AuditEntry)
    token = csrf_of(client.get("/check?lang=id").text)
    client.post("/check", data={"csrf_token": token, "text": OFFER, "home_country": "ID", "lang": "id"})
    assert _count(app, SharedCheck) == 0, "a plain check stores nothing"
    shared = client.post(
        "/check",
        data={"csrf_token": token, "text": OFFER, "home_country": "ID", "lang": "id", "share": "1"},
        follow_redirects=False,
    )
    assert shared.status_code == 303 and shared.headers["location"].startswith("/check/shared/")
    with app.state.service.db.reading() as s:
        row = s.scalars(select(SharedCheck)).one()
        columns = {c.name for c in SharedCheck.__table__.columns}
        assert row.text == OFFER and row.home_country == "ID" and row.language == "id"
        assert columns == {
            "id",
            "token_hash",
            "text",
            "home_country",
            "kind",
            "language",
            "checked_on",
            "created_at",
            "expires_at",
        }, "no address, account or name"
        assert shared.headers["location"].rsplit("/", 1)[1] not in row.token_hash, (
            "only the token's hash is kept"
        )
        days = (row.expires_at - row.created_at).days
    assert days == app.state.service.settings.check_share_days == 30
    assert _count(app, AuditEntry) == audit_before, "no audit entry names who shared"


def test_anyone_with_the_link_reads_the_answer_in_the_language_it_was_shared_in_or_their_own(
    app: FastAPI, client: TestClient
) -> None:
    token = csrf_of(client.get("/check?lang=id").text)
    link = client.post(
        "/check",
        data={"csrf_token": token, "text": OFFER, "home_country": "ID", "lang": "id", "share": "1"},
        follow_redirects=False,
    ).headers["location"]
    from fastapi.testclient import TestClient as Fresh

    with Fresh(app, base_url="http://testserver") as stranger:
        page = stranger.get(link)
        assert (
            page.status_code == 200 and '<html lang="id">' in page.text and "Hasil pemeriksaan" in page.text
        )
        assert 'id="shared-note"' in page.text and link in page.text
        assert 'data-category="autologous_svf_same_day"' in page.text
        korean = stranger.get(f"{link}?lang=ko")
        assert '<html lang="ko">' in korean.text and "확인 결과" in korean.text
    assert stranger.get("/check/shared/not-a-real-token").status_code == 404


def test_an_expired_link_is_refused_and_purged(app: FastAPI) -> None:
    request = ShareRequest(OFFER, "SG", "auto", "en", date(2026, 12, 1))
    then = datetime(2026, 12, 1, tzinfo=UTC)
    with app.state.service.db.writing() as s:
        token, expires = share_check(s, request, days=7, now=then)
    with app.state.service.db.reading() as s:
        assert open_shared(s, token, now=then + timedelta(days=6)) == (request, expires)
        assert open_shared(s, token, now=then + timedelta(days=7)) is None
    with app.state.service.db.writing() as s:
        assert purge_expired(s, now=then + timedelta(days=8)) == 1
    assert _count(app, SharedCheck) == 0
