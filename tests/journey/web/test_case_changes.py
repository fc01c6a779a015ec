"""A case after it is opened: its documents download safely, and its facts can be corrected."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import CASE, Team, TestClient, csrf_of, sign_in


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


def _week_1(case: dict[str, Any]) -> str:
    return str(next(i["date"] for i in case["schedule"]["items"] if i["id"] == "week_1"))


def test_a_wrong_procedure_date_is_corrected_and_the_schedule_moves_with_it(
    client: TestClient, team: Team
) -> None:
    case = _open(client, team)
    assert _week_1(case) == "2026-11-09"
    response = client.patch(
        f"/api/cases/{case['id']}",
        headers=team.auth("coordinator"),
        json={"version": case["version"], "procedure_date": "2026-11-16", "contact_channel": "Signal"},
    )
    assert response.status_code == 200, response.text
    fixed = response.json()
    assert (fixed["procedure_date"], fixed["contact_channel"]) == ("2026-11-16", "Signal")
    assert fixed["version"] == case["version"] + 1
    assert _week_1(fixed) == "2026-11-23"
    audit = client.get("/api/audit", headers=team.auth("admin"), params={"entity": "journey_cases"}).json()[
        "items"
    ]
    update = next(e for e in audit if e["action"] == "update" and e["entity_id"] == str(case["id"]))
    assert update["actor"] == "cora"
    assert update["before"]["procedure_date"] == "2026-11-02"
    assert update["after"]["procedure_date"] == "2026-11-16"


def test_a_stale_or_invalid_correction_is_refused_naming_the_field(client: TestClient, team: Team) -> None:
    case = _open(client, team)
    auth = team.auth("coordinator")
    url = f"/api/cases/{case['id']}"
    bad_zone = client.patch(url, headers=auth, json={"version": case["version"], "timezone": "Mars/Base"})
    assert bad_zone.status_code == 422
    assert [p["field"] for p in bad_zone.json()["error"]["problems"]] == ["timezone"]
    unknown = client.patch(url, headers=auth, json={"version": case["version"], "patient_alias": "X"})
    assert unknown.status_code == 422 and "patient_alias" in unknown.text
    cleared = client.patch(url, headers=auth, json={"version": case["version"], "contact_channel": None})
    assert cleared.status_code == 422 and "contact_channel" in cleared.text
    assert (
        client.patch(url, headers=auth, json={"version": case["version"], "contact_channel": "A"}).status_code
        == 200
    )
    stale = client.patch(url, headers=auth, json={"version": case["version"], "contact_channel": "B"})
    assert stale.status_code == 409


@pytest.mark.parametrize("role", ["viewer", "verifier"])
def test_no_one_else_corrects_a_case(client: TestClient, team: Team, role: str) -> None:
    case = _open(client, team)
    response = client.patch(
        f"/api/cases/{case['id']}", headers=team.auth(role), json={"version": 1, "contact_channel": "x"}
    )
    assert response.status_code == 403
    after = client.get(f"/api/cases/{case['id']}", headers=team.auth("coordinator")).json()
    assert after["contact_channel"] == CASE["patient"]["contact_channel"]  # type: ignore[index]


def test_a_coordinator_corrects_a_case_on_its_page(client: TestClient, team: Team) -> None:
    case = _open(client, team)
    sign_in(client, "coordinator")
    assert f'href="/cases/{case["id"]}/edit"' in client.get(f"/cases/{case['id']}").text
    form = client.get(f"/cases/{case['id']}/edit")
    assert form.status_code == 200 and 'value="2026-11-02"' in form.text
    fields = {
        "csrf_token": csrf_of(form.text),
        "version": str(case["version"]),
        "procedure_date": "2026-11-16",
        "appointment_time": "11:30",
        "contact_channel": "Signal +62 812",
        "timezone": "Asia/Jakarta",
        "clinic_follow_up_days": "",
        "verification_note": "",
    }
    without_token = client.post(
        f"/cases/{case['id']}/edit", data={**fields, "csrf_token": "x"}, follow_redirects=False
    )
    assert without_token.status_code == 403
    saved = client.post(f"/cases/{case['id']}/edit", data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    after = client.get(f"/api/cases/{case['id']}", headers=team.auth("coordinator")).json()
    assert (after["procedure_date"], after["appointment_time"]) == ("2026-11-16", "11:30")
    assert _week_1(after) == "2026-11-23" and after["contact_channel"] == "Signal +62 812"
    bad = client.post(
        f"/cases/{case['id']}/edit",
        data={**fields, "version": str(after["version"]), "timezone": "Mars/Base"},
        follow_redirects=False,
    )
    assert bad.status_code == 422 and "timezone" in bad.text
