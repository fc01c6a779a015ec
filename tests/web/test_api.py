"""The REST API against the real store (SQLite and PostgreSQL): records, locking, errors,
evidence, registry, verification history and the audit trail."""

from __future__ import annotations

import json
from typing import Any

import yaml

from regencheck.store.bootstrap import SAMPLES_DIR
from regencheck.store.dossier_files import inline_files

from .conftest import Team, TestClient

SAMPLE_DOSSIER = SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml"


def _clinic(
    client: TestClient, team: Team, name: str = "Seoul Bright Clinic", **extra: Any
) -> dict[str, Any]:
    response = client.post("/api/clinics", headers=team.auth("verifier"), json={"name": name} | extra)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_every_error_has_the_canonical_body(client: TestClient, team: Team) -> None:
    cases = [
        client.get("/api/clinics/424242", headers=team.auth("viewer")),
        client.post("/api/clinics", headers=team.auth("verifier"), json={"name": 7, "colour": "red"}),
        client.get("/api/clinics"),
        client.get("/api/nowhere", headers=team.auth("viewer")),
        client.post("/api/clinics", headers=team.auth("viewer"), json={"name": "x"}),
    ]
    assert [r.status_code for r in cases] == [404, 422, 401, 404, 403]
    for response in cases:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "problems"}
        assert isinstance(error["message"], str) and error["message"]
        assert all(set(p) == {"file", "field", "message"} for p in error["problems"])
    fields = {p["field"] for p in cases[1].json()["error"]["problems"]}
    assert fields == {"name", "colour"}


def test_a_second_save_based_on_an_old_version_is_a_conflict(client: TestClient, team: Team) -> None:
    clinic = _clinic(client, team)
    url, auth = f"/api/clinics/{clinic['id']}", team.auth("verifier")
    first = client.patch(url, headers=auth, json={"version": 1, "address": "Gangnam-gu"})
    second = client.patch(url, headers=auth, json={"version": 1, "address": "Jung-gu"})
    assert first.status_code == 200 and first.json()["version"] == 2
    assert second.status_code == 409
    assert "version 2" in second.json()["error"]["message"]
    assert client.get(url, headers=auth).json()["address"] == "Gangnam-gu"


def test_duplicate_names_unknown_ids_and_wrong_types_are_refused(client: TestClient, team: Team) -> None:
    _clinic(client, team)
    auth = team.auth("verifier")
    assert client.post("/api/clinics", headers=auth, json={"name": "seoul bright clinic"}).status_code == 409
    assert client.patch("/api/clinics/9999", headers=auth, json={"version": 1}).status_code == 404
    assert client.get("/api/clinics/0", headers=auth).status_code == 422
    assert client.get("/api/clinics/abc", headers=auth).status_code == 422
    bad = client.post("/api/clinics", headers=auth, json={"name": "X", "institution_type": "spa"})
    assert bad.status_code == 422 and "tertiary_hospital" in bad.text
    nul = client.post("/api/clinics", headers=auth, json={"name": "bad\u0000name"})
    assert nul.status_code == 422


def test_clinics_page_and_filter(client: TestClient, team: Team) -> None:
    for i in range(7):
        _clinic(client, team, f"Clinic {i:02d}", address="Gangnam-gu" if i % 2 else "Jung-gu")
    auth = team.auth("viewer")
    page = client.get("/api/clinics", headers=auth, params={"limit": 3, "offset": 3}).json()
    assert page["total"] == 7 and [c["name"] for c in page["items"]] == [
        "Clinic 03",
        "Clinic 04",
        "Clinic 05",
    ]
    assert client.get("/api/clinics", headers=auth, params={"q": "gangnam"}).json()["total"] == 3
    assert client.get("/api/clinics", headers=auth, params={"limit": 500}).status_code == 422


def test_evidence_round_trips_with_its_name_type_and_hash(client: TestClient, team: Team) -> None:
    clinic = _clinic(client, team)
    auth = team.auth("verifier")
    cred = client.post(
        f"/api/clinics/{clinic['id']}/credentials", headers=auth, json={"kind": "kahf", "number": "K-1"}
    ).json()
    upload = client.post(
        f"/api/clinics/{clinic['id']}/credentials/{cred['id']}/evidence",
        headers=auth,
        files={"file": ("KAHF certificate.pdf", b"%PDF-1.4 fake certificate", "application/pdf")},
        data={"note": "scanned at the clinic"},
    )
    assert upload.status_code == 201, upload.text
    ev = upload.json()
    assert (ev["original_name"], ev["content_type"], ev["size"]) == (
        "KAHF certificate.pdf",
        "application/pdf",
        25,
    )
    download = client.get(f"/api/evidence/{ev['id']}/download", headers=team.auth("viewer"))
    assert download.content == b"%PDF-1.4 fake certificate"
    assert download.headers["content-disposition"].startswith("attachment;")
    listed = client.get(f"/api/clinics/{clinic['id']}/credentials/{cred['id']}/evidence", headers=auth).json()
    assert [e["sha256"] for e in listed] == [ev["sha256"]]


def test_an_oversized_upload_gets_413(client: TestClient, team: Team) -> None:
    clinic = _clinic(client, team)
    auth = team.auth("verifier")
    cred = client.post(f"/api/clinics/{clinic['id']}/credentials", headers=auth, json={"kind": "kahf"}).json()
    response = client.post(
        f"/api/clinics/{clinic['id']}/credentials/{cred['id']}/evidence",
        headers=auth,
        files={"file": ("big.pdf", b"x" * 200_001, "application/pdf")},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_registry_import_and_lookup(client: TestClient, team: Team) -> None:
    data = (SAMPLES_DIR / "registry.csv").read_bytes()
    imported = client.post(
        "/api/registry/snapshots",
        headers=team.auth("verifier"),
        files={"file": ("registry.csv", data, "text/csv")},
        data={"source": "team export", "retrieved_on": "2026-10-01"},
    )
    assert imported.status_code == 201, imported.text
    snap = imported.json()
    assert snap["row_count"] == len(data.decode().strip().splitlines()) - 1
    rows = client.get(
        "/api/registry/rows", headers=team.auth("viewer"), params={"q": "lumen", "kind": "kahf"}
    ).json()
    assert rows["total"] == 1 and rows["items"][0]["number"].startswith("KAHF")
    bad = client.post(
        "/api/registry/snapshots",
        headers=team.auth("verifier"),
        files={"file": ("r.csv", b"name\nx\n", "text/csv")},
    )
    assert bad.status_code == 422 and any(p["field"] == "header" for p in bad.json()["error"]["problems"])


def _sample_document() -> dict[str, Any]:
    """The verified sample dossier as JSON, its `file:` marketing page read in (as an import needs)."""
    document = inline_files(yaml.safe_load(SAMPLE_DOSSIER.read_text(encoding="utf-8")), SAMPLE_DOSSIER.parent)
    loaded: dict[str, Any] = json.loads(json.dumps(document, default=str))
    return loaded


def test_verifications_are_stored_immutably_and_changes_are_listed(client: TestClient, team: Team) -> None:
    dossier = _sample_document()
    clinic = _clinic(client, team, dossier["clinic"]["name"])
    auth = team.auth("verifier")
    imported = client.put(
        f"/api/clinics/{clinic['id']}/dossier",
        headers=auth,
        json={"version": clinic["version"], "dossier": dossier},
    )
    assert imported.status_code == 200, imported.text
    first = client.post("/api/verifications", headers=auth, json={"clinic_id": clinic["id"]})
    assert first.status_code == 201, first.text
    card = first.json()["result"]
    assert sum(len(s["criteria"]) for s in card["steps"]) == 24
    weaker = client.put(
        f"/api/clinics/{clinic['id']}/sections/consultation",
        headers=auth,
        json={"version": imported.json()["version"], "value": {"physician_led": False, "minutes": 10}},
    )
    assert weaker.status_code == 200, weaker.text
    second = client.post("/api/verifications", headers=auth, json={"clinic_id": clinic["id"]}).json()
    assert second["dossier"]["consultation"] == {"physician_led": False, "minutes": 10}
    assert first.json()["dossier"]["consultation"]["minutes"] == 45, "the first keeps what it verified"
    changes = client.get(f"/api/verifications/{second['id']}/changes", headers=team.auth("viewer")).json()
    assert changes["previous_id"] == first.json()["id"]
    assert "4.1" in {c["what"] for c in changes["changes"]}
    history = client.get(
        "/api/verifications", headers=team.auth("coordinator"), params={"clinic_id": clinic["id"]}
    ).json()
    assert [v["id"] for v in history["items"]] == [second["id"], first.json()["id"]]
    assert "result" not in history["items"][0]
    check = client.get("/api/audit/verify", headers=team.auth("admin")).json()
    assert check["ok"] and check["verifications"]["checked"] == 2


def test_a_clinic_is_verified_from_its_record_and_never_from_a_document_posted_beside_it(
    client: TestClient, team: Team
) -> None:
    clinic = _clinic(client, team)
    auth = team.auth("verifier")
    bare = client.post("/api/verifications", headers=auth, json={"clinic_id": clinic["id"]})
    assert bare.status_code == 201, bare.text
    assert bare.json()["verdict"] == "insufficient_evidence"
    assert bare.json()["dossier"] == {"clinic": {"name": "Seoul Bright Clinic"}}
    both = client.post(
        "/api/verifications",
        headers=auth,
        json={"clinic_id": clinic["id"], "dossier": {"clinic": {"name": "Something Else"}}},
    )
    assert both.status_code == 422 and "import it first" in both.text


def test_every_change_and_verification_is_in_a_valid_audit_chain(client: TestClient, team: Team) -> None:
    clinic = _clinic(client, team)
    client.patch(
        f"/api/clinics/{clinic['id']}", headers=team.auth("verifier"), json={"version": 1, "notes": "n"}
    )
    client.delete(f"/api/clinics/{clinic['id']}", headers=team.auth("verifier"))
    entries = client.get("/api/audit", headers=team.auth("admin"), params={"entity": "clinics"}).json()
    assert [e["action"] for e in entries["items"]] == ["delete", "update", "create"]
    assert all(e["actor"] == "vera" for e in entries["items"])
    assert client.get("/api/audit/verify", headers=team.auth("admin")).json()["ok"] is True


def test_scan_and_classify_answer_with_the_engines_json(client: TestClient, team: Team) -> None:
    scan = client.post(
        "/api/scan", headers=team.auth("viewer"), json={"text": "Guaranteed results with no side effects!"}
    ).json()
    assert scan["risk"] in ("high", "medium") and scan["findings"]
    page = client.post(
        "/api/scan/file",
        headers=team.auth("viewer"),
        files={
            "file": (
                "ad.html",
                b"<html><body><p>Stem cells cure arthritis, guaranteed.</p></body></html>",
                "text/html",
            )
        },
    ).json()
    assert page["source"] == "ad.html" and "text_extracted" in page
    wrong = client.post(
        "/api/scan/file", headers=team.auth("viewer"), files={"file": ("x.exe", b"MZ", "application/x")}
    )
    assert wrong.status_code == 415
    classified = client.post(
        "/api/classify",
        headers=team.auth("viewer"),
        json={"therapy": {"cell_source": "autologous", "tissue": "adipose"}},
    ).json()
    assert set(classified["rulings"]) >= {"KR", "US"}


def test_tokens_can_be_created_listed_and_revoked(client: TestClient, team: Team) -> None:
    created = client.post("/api/tokens", headers=team.auth("viewer"), json={"name": "script"}).json()
    secret = created["secret"]
    assert client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).json()["username"] == "vic"
    assert all(
        "secret" not in t and "token_hash" not in t
        for t in client.get("/api/tokens", headers=team.auth("viewer")).json()
    )
    assert client.delete(f"/api/tokens/{created['id']}", headers=team.auth("viewer")).status_code == 204
    assert client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_the_openapi_document_is_served_at_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/api/clinics" in spec["paths"] and "/login" not in spec["paths"]


def test_every_json_api_route_declares_its_response_schema(client: TestClient) -> None:
    # Files, CSV, iCalendar and the dossier's YAML are documented by media type; the rest is JSON
    # and names a model, so /docs shows it and the schemathesis test checks answers against it.
    spec = client.get("/openapi.json").json()
    undeclared = []
    for path, operations in spec["paths"].items():
        if not path.startswith("/api"):
            continue
        for method, op in operations.items():
            ok = next((op["responses"][c] for c in ("200", "201") if c in op["responses"]), None)
            if ok is None:  # 204: no body
                continue
            schema = ok.get("content", {}).get("application/json", {}).get("schema")
            if schema == {} or (schema is None and "application/json" in ok.get("content", {})):
                undeclared.append(f"{method.upper()} {path}")
    assert undeclared == []


def test_a_stored_scan_keeps_the_marketing_text_with_its_clinic(client: TestClient, team: Team) -> None:
    clinic = _clinic(client, team)
    body = {
        "text": "Best clinic in Korea, guaranteed results",
        "title": "Homepage",
        "store": True,
        "clinic_id": clinic["id"],
    }
    stored = client.post("/api/scan", headers=team.auth("verifier"), json=body)
    assert stored.status_code == 200 and stored.json()["scan_id"] >= 1
    refused = client.post("/api/scan", headers=team.auth("viewer"), json=body)
    assert refused.status_code == 403
    entries = client.get("/api/audit", headers=team.auth("admin"), params={"entity": "scans"}).json()
    assert entries["total"] == 1 and entries["items"][0]["actor"] == "vera"
