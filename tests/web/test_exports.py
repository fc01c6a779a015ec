"""Exports: CSV a spreadsheet cannot be tricked by, JSON, the audit log as JSON Lines under the
record read rule, a verification as a FHIR Bundle, cases only for those who manage them."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from fhir.resources.R4B.bundle import Bundle

from regencheck.store.bootstrap import SAMPLES_DIR

from .conftest import CASE, Team, TestClient, sign_in

pytestmark = pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)


def test_clinics_export_as_csv_with_formulas_defused_and_as_json(client: TestClient, team: Team) -> None:
    client.post("/api/clinics", headers=team.auth("verifier"), json={"name": '=HYPERLINK("http://x")'})
    client.post("/api/clinics", headers=team.auth("verifier"), json={"name": "Plain Clinic, Seoul"})
    response = client.get("/api/export/clinics", headers=team.auth("viewer"))
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["name"] for r in rows] == ['\'=HYPERLINK("http://x")', "Plain Clinic, Seoul"]
    as_json = client.get("/api/export/clinics?format=json", headers=team.auth("viewer")).json()
    assert as_json[0]["name"] == '=HYPERLINK("http://x")', "JSON keeps the value as it is"


def test_cases_export_only_for_roles_that_manage_cases(client: TestClient, team: Team) -> None:
    assert client.post("/api/cases", headers=team.auth("coordinator"), json=CASE).status_code == 201
    assert client.get("/api/export/cases", headers=team.auth("verifier")).status_code == 403
    rows = client.get("/api/export/cases?format=json", headers=team.auth("coordinator")).json()
    assert rows[0]["patient_alias"] == CASE["patient"]["alias"]


def test_the_audit_log_exports_as_json_lines_with_case_content_withheld_from_a_verifier(
    client: TestClient, team: Team
) -> None:
    client.post("/api/cases", headers=team.auth("coordinator"), json=CASE)
    text = client.get("/api/export/audit.jsonl", headers=team.auth("verifier")).text
    entries = [json.loads(line) for line in text.splitlines()]
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries) and entries
    case_entries = [e for e in entries if e["entity"] == "journey_cases"]
    assert case_entries and all(e["withheld"] and e["after"] is None for e in case_entries)
    assert CASE["patient"]["alias"] not in text


def test_a_verification_exports_as_a_valid_fhir_bundle(client: TestClient, team: Team) -> None:
    raw = yaml.safe_load(
        (SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml").read_text(encoding="utf-8")
    )
    dossier = json.loads(json.dumps(raw, default=str))  # YAML dates as the ISO strings JSON carries
    made = client.post("/api/verifications", headers=team.auth("verifier"), json={"dossier": dossier})
    assert made.status_code == 201, made.text
    bundle = client.get(f"/api/verifications/{made.json()['id']}/fhir", headers=team.auth("viewer")).json()
    Bundle.model_validate(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert kinds == {"VerificationResult"} and len(bundle["entry"]) >= 9


def test_the_verification_page_draws_the_24_criteria_as_a_grid(client: TestClient, team: Team) -> None:
    raw = yaml.safe_load(
        (SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml").read_text(encoding="utf-8")
    )
    made = client.post(
        "/api/verifications",
        headers=team.auth("verifier"),
        json={"dossier": json.loads(json.dumps(raw, default=str))},
    ).json()
    sign_in(client, "viewer")
    page = client.get(f"/verifications/{made['id']}").text
    chart = page.split('id="scorecard-chart">', 1)[1].split("</figure>", 1)[0]
    assert chart.startswith("<svg") and 'aria-label="The 24 criteria"' in chart
    assert chart.count("<g><title>") == 24, "one square per criterion"
    assert "<title>1.1 Holds a valid Korean medical licence: passed</title>" in chart
