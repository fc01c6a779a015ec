"""Hardening of the service against the findings of issue 11: caching of API answers, file
modes of the store, proxy headers and the login limiter, failed-login logging, the scan page
under a large paste, and the offline /docs page."""

from __future__ import annotations

from .conftest import Team, TestClient


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
