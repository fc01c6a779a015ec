"""Specialist matching over the API and the page, on both databases."""

from __future__ import annotations

import pytest

from .conftest import Team, TestClient, sign_in

pytestmark = pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)


def test_a_coordinator_matches_a_goal_and_an_unverified_clinic_is_left_out_with_its_reason(
    client: TestClient, team: Team
) -> None:
    clinic = client.post(
        "/api/clinics", headers=team.auth("verifier"), json={"name": "Unverified Clinic"}
    ).json()
    client.post(
        f"/api/clinics/{clinic['id']}/specialists",
        headers=team.auth("verifier"),
        json={"name": "Dr. New", "specialty": "plastic_surgery", "subspecialty": "facelift"},
    )
    body = {"procedure": "facelift", "indication": "aesthetic", "language": "ja"}
    result = client.post("/api/match", headers=team.auth("coordinator"), json=body).json()
    assert result["matches"] == []
    assert result["left_out"] == [
        {"specialist": "Dr. New", "clinic": "Unverified Clinic", "reason": "never verified"}
    ]
    assert "No payment" in result["ranking_rule"] and result["not_documented"]
    bad = client.post("/api/match", headers=team.auth("coordinator"), json={"procedure": "x", "fee": 1})
    assert bad.status_code == 422

    sign_in(client, "coordinator")
    page = client.get("/match", params={"procedure": "facelift", "indication": "aesthetic"}).text
    assert 'id="ranking-rule"' in page and "Dr. New" in page and "never verified" in page
