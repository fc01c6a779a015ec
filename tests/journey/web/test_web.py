"""Cases over the API and the pages: a coordinator's flow, and no patient data for anyone else."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.web.conftest import CASE, Team, TestClient, csrf_of, sign_in


def _open(client: TestClient, team: Team) -> dict[str, Any]:
    response = client.post("/api/cases", headers=team.auth("coordinator"), json=CASE)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_coordinator_opens_a_case_and_reads_its_schedule(client: TestClient, team: Team) -> None:
    case = _open(client, team)
    assert case["stage"] == "remote_consultation"
    items = {i["id"]: i for i in case["schedule"]["items"]}
    assert items["week_1"]["patient_starts_at"] == "2026-11-09T08:00:00+07:00"
    ics = client.get(f"/api/cases/{case['id']}/schedule.ics", headers=team.auth("coordinator"))
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert b"case-%d-week_1@regencheck" % case["id"] in ics.content


@pytest.mark.parametrize("role", ["viewer", "verifier"])
def test_no_one_else_sees_patient_data(client: TestClient, team: Team, role: str) -> None:
    case = _open(client, team)
    for path in (
        "/api/cases",
        f"/api/cases/{case['id']}",
        f"/api/cases/{case['id']}/fhir",
        f"/api/cases/{case['id']}/report?format=html",
        "/api/cases/due",
    ):
        response = client.get(path, headers=team.auth(role))
        assert response.status_code == 403, path
        assert "Ibu Sari" not in response.text
    sign_in(client, role)
    page = client.get(f"/cases/{case['id']}")
    assert page.status_code == 403 and "Ibu Sari" not in page.text and "WhatsApp" not in page.text


def test_the_audit_log_is_no_side_door_to_patient_data(client: TestClient, team: Team) -> None:
    """A verifier reads the audit log but not cases: it learns an entry exists, never its content."""
    case = _open(client, team)
    client.post(
        f"/api/cases/{case['id']}/adverse-events",
        headers=team.auth("coordinator"),
        json={"onset": "2026-11-09", "symptoms": ["nodule"], "reporter": "Ibu Sari"},
    )
    secret_bits = ("Ibu Sari", "WhatsApp", "nodule", "Asia/Jakarta")
    for entity in ("journey_cases", "journey_adverse_events", None):
        params = {"entity": entity} if entity else {}
        listed = client.get("/api/audit", headers=team.auth("verifier"), params=params)
        assert listed.status_code == 200
        body = listed.json()
        patient = [e for e in body["items"] if e["entity"].startswith("journey_")]
        assert patient and all(e["withheld"] and e["after"] is None for e in patient)
        assert not any(bit in listed.text for bit in secret_bits), entity
    admin = client.get("/api/audit", headers=team.auth("admin"), params={"entity": "journey_cases"}).json()
    assert any(e["after"] and "Ibu Sari" in str(e["after"]) for e in admin["items"])
    sign_in(client, "verifier")
    page = client.get("/audit").text
    assert "journey_cases" in page and "content withheld" in page
    assert not any(bit in page for bit in secret_bits)


def test_an_adverse_event_is_triaged_escalated_and_exported_as_fhir(client: TestClient, team: Team) -> None:
    case = _open(client, team)
    auth = team.auth("coordinator")
    event = client.post(
        f"/api/cases/{case['id']}/adverse-events",
        headers=auth,
        json={
            "onset": "2026-11-09",
            "symptoms": ["nodule"],
            "reporter": "Ibu Sari",
            "reported_at": "2026-11-12T09:00:00+09:00",
        },
    )
    assert event.status_code == 201, event.text
    body = event.json()
    assert (body["level"], body["status"]) == ("unexpected", "escalated")
    due = {a["id"]: a["due_at"] for a in body["triage"]["actions"]}
    assert due["senior_physician_review"] == "2026-11-15T09:00+09:00"
    step = client.post(
        f"/api/adverse-events/{body['id']}/escalations",
        headers=auth,
        json={"action": "senior_review_requested", "note": "Dr Park"},
    )
    assert [x["action"] for x in step.json()["escalations"]] == ["reported", "senior_review_requested"]
    bundle = client.get(f"/api/cases/{case['id']}/fhir", headers=auth).json()
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["CarePlan", "AdverseEvent"]


def test_an_unknown_symptom_gets_the_canonical_error_naming_it(client: TestClient, team: Team) -> None:
    case = _open(client, team)
    response = client.post(
        f"/api/cases/{case['id']}/adverse-events",
        headers=team.auth("coordinator"),
        json={"onset": "2026-11-09", "symptoms": ["itchy"], "reporter": "x"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["field"] == "symptoms[0]"


def test_a_case_without_consent_is_refused(client: TestClient, team: Team) -> None:
    bad = {**CASE, "patient": {**CASE["patient"], "consent_to_store": False}}  # type: ignore[dict-item]
    response = client.post("/api/cases", headers=team.auth("coordinator"), json=bad)
    assert response.status_code == 422
    assert "consent_to_store" in response.text


@pytest.mark.pdf
def test_the_case_report_is_an_indonesian_pdf(client: TestClient, team: Team) -> None:
    pytest.importorskip("weasyprint", reason="WeasyPrint or its Pango libraries are not installed")
    from io import BytesIO

    from pypdf import PdfReader

    case = _open(client, team)
    response = client.get(f"/api/cases/{case['id']}/report", headers=team.auth("coordinator"))
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() or "" for p in PdfReader(BytesIO(response.content)).pages)
    assert "Jadwal Anda" in text and "Kontrol minggu ke-1" in text and "1339" in text


def test_the_coordinator_pages_open_a_case_and_list_what_is_due(client: TestClient, team: Team) -> None:
    sign_in(client, "coordinator")
    form = client.get("/cases/new")
    assert form.status_code == 200
    response = client.post(
        "/cases/new",
        data={
            "csrf_token": csrf_of(form.text),
            "alias": "Ms Tan",
            "home_country": "sg",
            "language": "en",
            "contact_channel": "email",
            "timezone": "Asia/Singapore",
            "consent": "yes",
            "consent_recorded_on": "2026-10-01",
            "clinic": "Clinic A",
            "offering": "Knee injection",
            "indication": "orthopedic",
            "route": "intra_articular",
            "procedure_date": date.today().isoformat(),
            "stage": "procedure_day",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert "Ms Tan" in page.text and "Earliest long-haul flight" in page.text
    assert "Ms Tan" in client.get("/cases").text


@pytest.mark.parametrize("field", ["clinic_id", "offering_id", "verification_id"])
def test_an_id_too_large_for_the_database_is_a_field_error_not_a_crash(
    client: TestClient, team: Team, field: str
) -> None:
    response = client.post("/api/cases", headers=team.auth("coordinator"), json={**CASE, field: 2**70})
    assert response.status_code == 422
    assert any(field in p["field"] for p in response.json()["error"]["problems"])


@pytest.mark.parametrize("day", [0, 3651, 2**40])
def test_a_follow_up_day_outside_ten_years_is_a_field_error_and_opens_no_case(
    client: TestClient, team: Team, day: int
) -> None:
    # Found by the API fuzzer: a day past the calendar's range crashed the schedule (a 500).
    before = client.get("/api/cases", headers=team.auth("coordinator")).json()
    response = client.post(
        "/api/cases", headers=team.auth("coordinator"), json={**CASE, "clinic_follow_up_days": [7, day]}
    )
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["error"]["problems"]] == ["clinic_follow_up_days"]
    assert client.get("/api/cases", headers=team.auth("coordinator")).json() == before


def test_due_times_on_the_case_page_are_in_the_cases_time_zone_not_utc(
    client: TestClient, team: Team
) -> None:
    case = _open(client, team)
    client.post(
        f"/api/cases/{case['id']}/adverse-events",
        headers=team.auth("coordinator"),
        json={
            "onset": "2026-11-09",
            "symptoms": ["nodule"],
            "reporter": "Ibu Sari",
            "reported_at": "2026-11-12T09:00:00+09:00",
        },
    )
    sign_in(client, "coordinator")
    page = client.get(f"/cases/{case['id']}").text
    # Due 2026-11-15 09:00 in Seoul is 07:00 in Jakarta (UTC+7), never the bare 00:00 UTC.
    assert '<strong class="due-at">due Nov 15, 2026 07:00 (Asia/Jakarta)</strong>' in page
    assert "Nov 15, 2026 09:00 (Asia/Seoul)" in page and "+09:00" not in page.split("Adverse events", 1)[1]


def test_a_follow_up_marked_done_exports_to_fhir_as_completed(client: TestClient, team: Team) -> None:
    case = _open(client, team)
    detail = client.get(f"/api/cases/{case['id']}", headers=team.auth("coordinator")).json()
    first = next(i for i in detail["schedule"]["items"] if i["kind"] == "followup")
    token = sign_in(client, "coordinator")
    done = client.post(f"/cases/{case['id']}/done", data={"csrf_token": token, "item": first["id"]})
    assert done.status_code == 200
    bundle = client.get(f"/api/cases/{case['id']}/fhir", headers=team.auth("coordinator")).json()
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    statuses = [a["detail"]["status"] for a in plan["activity"]]
    assert statuses.count("completed") == 1, statuses
    completed = next(
        a["detail"]["description"] for a in plan["activity"] if a["detail"]["status"] == "completed"
    )
    assert completed.startswith("Week 1"), "the first follow-up (FHIR text is English) is the one completed"
