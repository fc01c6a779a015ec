"""A case after it is opened: its documents download safely, and its facts can be corrected."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import CASE, Team, TestClient, sign_in


def _open(client: TestClient, team: Team) -> dict[str, Any]:
    response = client.post("/api/cases", headers=team.auth("coordinator"), json=CASE)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _upload(client: TestClient, team: Team, case_id: int) -> dict[str, Any]:
    response = client.post(
        f"/api/cases/{case_id}/documents",
        headers=team.auth("coordinator"),
        data={"kind": "consent"},
        files={"file": ('consent "signed"<x>.html', b"<script>alert(1)</script>", "text/html")},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_coordinator_downloads_a_case_document_as_a_sandboxed_attachment(
    client: TestClient, team: Team
) -> None:
    case = _open(client, team)
    doc = _upload(client, team, case["id"])
    response = client.get(f"/api/cases/{case['id']}/documents/{doc['id']}", headers=team.auth("coordinator"))
    assert response.status_code == 200
    assert response.content == b"<script>alert(1)</script>"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''") and '"' not in disposition
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"] == "sandbox"
    sign_in(client, "coordinator")
    page = client.get(f"/cases/{case['id']}")
    link = f"/cases/{case['id']}/documents/{doc['id']}"
    assert f'href="{link}"' in page.text
    assert client.get(link).content == b"<script>alert(1)</script>"


@pytest.mark.parametrize("role", ["viewer", "verifier"])
def test_no_one_else_downloads_a_case_document(client: TestClient, team: Team, role: str) -> None:
    case = _open(client, team)
    doc = _upload(client, team, case["id"])
    response = client.get(f"/api/cases/{case['id']}/documents/{doc['id']}", headers=team.auth(role))
    assert response.status_code == 403 and b"alert" not in response.content


def test_a_document_is_not_reachable_through_another_case(client: TestClient, team: Team) -> None:
    first, second = _open(client, team), _open(client, team)
    doc = _upload(client, team, first["id"])
    response = client.get(
        f"/api/cases/{second['id']}/documents/{doc['id']}", headers=team.auth("coordinator")
    )
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
