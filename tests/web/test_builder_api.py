"""The dossier builder's API on SQLite and PostgreSQL: a clinic's record read and replaced as a
dossier, saved one section or part at a time (each change versioned and audited), verified
with a chosen snapshot and day, sent back by a registry change, and matched to a patient."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from regencheck.store.bootstrap import SAMPLES_DIR
from regencheck.store.dossier_files import inline_files

from .conftest import Team, TestClient

pytestmark = pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)

SAMPLE = SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml"
CLINIC = "Hanbit Regenerative Clinic"
REGISTRY_HEADER = "kind,name,address,number,valid_from,valid_until,source,retrieved_on\n"
REGISTRY_OCT = REGISTRY_HEADER + (
    f"medical_institution,{CLINIC},Seoul,HB-2015-0101,2015-01-02,,Gangnam-gu licence register (test),2026-10-01\n"
    f"foreign_patient_registration,{CLINIC},Seoul,F-2025-0042,2025-01-15,2027-06-30,Seoul registration list (test),2026-10-01\n"
)
# Two months later the registration's end date was brought forward: it lapsed.
REGISTRY_DEC = REGISTRY_OCT.replace("2025-01-15,2027-06-30", "2025-01-15,2025-11-30").replace(
    ",2026-10-01\n", ",2026-12-01\n"
)


def _sample() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        json.dumps(inline_files(yaml.safe_load(SAMPLE.read_text("utf-8")), SAMPLE.parent), default=str)
    )
    return loaded


def _new_clinic(client: TestClient, team: Team, name: str = CLINIC) -> dict[str, Any]:
    response = client.post("/api/clinics", headers=team.auth("verifier"), json={"name": name})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _version(client: TestClient, team: Team, clinic_id: int) -> int:
    return int(client.get(f"/api/clinics/{clinic_id}", headers=team.auth("viewer")).json()["version"])


def test_the_record_is_read_as_json_or_yaml_and_replaced_only_from_the_version_read(
    client: TestClient, team: Team
) -> None:
    clinic = _new_clinic(client, team, "Lumen Plastic Surgery Clinic")
    url, auth = f"/api/clinics/{clinic['id']}/dossier", team.auth("verifier")
    put = client.put(url, headers=auth, json={"version": clinic["version"], "dossier": _sample()})
    assert put.status_code == 200, put.text
    body = put.json()
    assert body["version"] > clinic["version"] and body["created"] is False
    assert {"action": "added", "part": "specialist", "label": "Dr. Min-jun Seo", "fields": []} in body[
        "changes"
    ]

    as_json = client.get(url, headers=team.auth("viewer"))
    assert as_json.headers["content-type"].startswith("application/json")
    assert as_json.json()["specialist"]["cumulative_cases"] == 12400
    as_yaml = client.get(url, headers=team.auth("viewer"), params={"format": "yaml"})
    assert as_yaml.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(as_yaml.text)["clinic"]["credentials"][1]["number"] == "KAHF-2024-09"

    again = client.put(url, headers=auth, json={"version": body["version"], "dossier": as_json.json()})
    assert again.status_code == 200 and again.json()["changes"] == []
    assert client.get(url, headers=auth).text == as_json.text, "an export is a fixed point"

    stale = client.put(
        url, headers=auth, json={"version": clinic["version"], "dossier": {"clinic": {"name": "x"}}}
    )
    assert stale.status_code == 409
    wrong = dict(as_json.json(), quote={"currency": "KRW", "lines": [{"item": "SVF", "amount": -1}]})
    refused = client.put(url, headers=auth, json={"version": body["version"], "dossier": wrong})
    assert refused.status_code == 422
    assert "dossier.quote.lines.0.amount" in {p["field"] for p in refused.json()["error"]["problems"]}
    with_file = {"clinic": {"name": "Lumen Plastic Surgery Clinic"}, "marketing": [{"file": "page.html"}]}
    nul = {"clinic": {"name": "Lumen", "address": "Seoul\u0000"}}
    nul_refused = client.put(url, headers=auth, json={"version": body["version"], "dossier": nul})
    assert (
        nul_refused.status_code == 422
        and nul_refused.json()["error"]["problems"][0]["field"] == "clinic.address"
    )
    file_refused = client.put(url, headers=auth, json={"version": body["version"], "dossier": with_file})
    assert file_refused.status_code == 422 and "page.html" in file_refused.json()["error"]["message"]
    assert client.get(url, headers=auth).text == as_json.text, "refused imports changed nothing"
    assert client.put(url, headers=team.auth("viewer"), json={"version": 1, "dossier": {}}).status_code == 403


SECTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("clinic", {"name": CLINIC, "address": "Seoul", "price_tier": "premium"}, "price_tier"),
    ("lab", {"site": "off_site", "name": "Nova Cell Lab", "licence_number": "CPL-9"}, "site"),
    (
        "consultation",
        {"physician_led": True, "minutes": 40, "consent": {"text": "Risks: infection."}},
        "minutes",
    ),
    ("quote", {"currency": "KRW", "lines": [{"item": "Facelift", "amount": 15000000}]}, "currency"),
    ("aftercare", {"follow_up_days": [7, 28, 90], "baseline_photos": True}, "follow_up_days"),
    ("patient", {"home_country": "ID", "language": "id"}, "home_country"),
    ("facilitator", {"name": "Bridge Medical Travel", "registration_number": "A-2025-01"}, "name"),
]


def test_each_section_is_saved_on_its_own_validated_and_versioned(client: TestClient, team: Team) -> None:
    clinic = _new_clinic(client, team)
    auth, cid = team.auth("verifier"), clinic["id"]
    version = clinic["version"]
    for section, value, key in SECTIONS:
        saved = client.put(
            f"/api/clinics/{cid}/sections/{section}", headers=auth, json={"version": version, "value": value}
        )
        assert saved.status_code == 200, f"{section}: {saved.text}"
        assert saved.json()["version"] == version + 1 and saved.json()["value"][key] == value[key]
        version = saved.json()["version"]
    record = client.get(f"/api/clinics/{cid}/dossier", headers=team.auth("viewer")).json()
    assert record["clinic"]["lab"]["name"] == "Nova Cell Lab" and record["consultation"]["minutes"] == 40
    assert record["quote"]["lines"] == [{"item": "Facelift", "amount": 15000000}]
    bad = client.put(
        f"/api/clinics/{cid}/sections/quote",
        headers=auth,
        json={"version": version, "value": {"currency": "XYZ"}},
    )
    assert bad.status_code == 422 and "value.currency" in {
        p["field"] for p in bad.json()["error"]["problems"]
    }
    old = client.put(
        f"/api/clinics/{cid}/sections/patient", headers=auth, json={"version": version - 1, "value": {}}
    )
    assert old.status_code == 409
    cleared = client.put(f"/api/clinics/{cid}/sections/facilitator", headers=auth, json={"version": version})
    assert cleared.status_code == 200 and cleared.json()["value"] is None
    assert "facilitator" not in client.get(f"/api/clinics/{cid}/dossier", headers=auth).json()
    entries = client.get(
        "/api/audit", headers=team.auth("admin"), params={"entity": "clinics", "entity_id": cid}
    ).json()
    updates = [e for e in entries["items"] if e["action"] == "update"]
    assert len(updates) == len(SECTIONS) + 1 and all(e["before"] and e["after"] for e in updates)


def test_specialists_credentials_and_offerings_are_added_changed_and_removed(
    client: TestClient, team: Team
) -> None:
    clinic = _new_clinic(client, team)
    auth, base = team.auth("verifier"), f"/api/clinics/{clinic['id']}"
    spec = client.post(
        f"{base}/specialists",
        headers=auth,
        json={
            "name": "Dr. Ha-eun Yoon",
            "specialty": "plastic_surgery",
            "years_in_subspecialty": 16.5,
            "disciplinary_actions": [{"date": "2019-05-01", "kind": "warning", "summary": "advertising"}],
        },
    )
    assert spec.status_code == 201, spec.text
    changed = client.patch(
        f"{base}/specialists/{spec.json()['id']}",
        headers=auth,
        json={"version": spec.json()["version"], "cumulative_cases": 11000, "disciplinary_actions": []},
    )
    assert changed.status_code == 200, changed.text
    cred = client.post(
        f"{base}/credentials",
        headers=auth,
        json={"kind": "foreign_patient_registration", "number": "F-2025-0042", "valid_until": "2027-06-30"},
    )
    assert cred.status_code == 201, cred.text
    assert client.post(f"{base}/credentials", headers=auth, json={"kind": "spa_licence"}).status_code == 422
    patched = client.patch(
        f"{base}/credentials/{cred.json()['id']}",
        headers=auth,
        json={
            "version": cred.json()["version"],
            "checked_on": "2026-10-02",
            "method": "registry",
            "claimed_only": False,
        },
    )
    assert patched.status_code == 200 and patched.json()["evidence_recorded"] is True
    offering = client.post(
        f"{base}/offerings",
        headers=auth,
        json={"marketing_name": "Stem cell knee", "indication": "orthopedic"},
    )
    assert offering.status_code == 201, offering.text
    moved = client.patch(
        f"{base}/offerings/{offering.json()['id']}",
        headers=auth,
        json={
            "version": offering.json()["version"],
            "role": "standalone",
            "description": "자가 지방 줄기세포 무릎 주사",
        },
    )
    assert moved.status_code == 200, moved.text

    record = client.get(f"{base}/dossier", headers=auth).json()
    assert record["specialist"] == {
        "name": "Dr. Ha-eun Yoon",
        "specialty": "plastic_surgery",
        "years_in_subspecialty": 16.5,
        "cumulative_cases": 11000,
        "disciplinary_actions": [],
    }
    assert record["clinic"]["credentials"] == [
        {
            "kind": "foreign_patient_registration",
            "number": "F-2025-0042",
            "valid_until": "2027-06-30",
            "evidence": {"checked_on": "2026-10-02", "method": "registry"},
        }
    ]
    assert record["offering"]["role"] == "standalone" and "무릎" in record["offering"]["description"]
    version = _version(client, team, clinic["id"])
    assert version == clinic["version"] + 6, "every part change bumped the clinic's version"

    for path in (
        f"specialists/{spec.json()['id']}",
        f"credentials/{cred.json()['id']}",
        f"offerings/{offering.json()['id']}",
    ):
        assert client.delete(f"{base}/{path}", headers=auth).status_code == 204
    assert client.get(f"{base}/dossier", headers=auth).json() == {"clinic": {"name": CLINIC}}
    assert _version(client, team, clinic["id"]) == version + 3


def test_a_marketing_text_is_kept_scanned_and_removed(client: TestClient, team: Team) -> None:
    clinic = _new_clinic(client, team)
    auth, base = team.auth("verifier"), f"/api/clinics/{clinic['id']}"
    added = client.post(
        f"{base}/marketing",
        headers=auth,
        json={
            "text": "Our stem cells reverse aging with no side effects, guaranteed!",
            "origin": "https://example.test",
        },
    )
    assert added.status_code == 201, added.text
    assert added.json()["risk"] == "high" and added.json()["scan_id"]
    assert added.json()["clinic_version"] == clinic["version"] + 1
    listed = client.get(base, headers=team.auth("viewer")).json()["marketing"]
    assert [(m["id"], m["risk"]) for m in listed] == [(added.json()["id"], "high")]
    assert client.get(f"{base}/dossier", headers=auth).json()["marketing"] == [
        {"text": "Our stem cells reverse aging with no side effects, guaranteed!"}
    ]
    assert client.post(f"{base}/marketing", headers=auth, json={"text": "   "}).status_code == 422
    nul = client.post(f"{base}/marketing", headers=auth, json={"text": "Best clinic\u0000"})
    assert nul.status_code == 422 and nul.json()["error"]["problems"][0]["field"] == "marketing.0.text"
    assert client.delete(f"{base}/marketing/{added.json()['id']}", headers=auth).status_code == 204
    assert "marketing" not in client.get(f"{base}/dossier", headers=auth).json()
    assert client.delete(f"{base}/marketing/{added.json()['id']}", headers=auth).status_code == 404


def _snapshot(client: TestClient, team: Team, name: str, csv: str) -> int:
    response = client.post(
        "/api/registry/snapshots",
        headers=team.auth("verifier"),
        files={"file": (name, csv.encode(), "text/csv")},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def build_clinic_through_the_api(client: TestClient, team: Team) -> tuple[int, int]:
    """A clinic built part by part (no dossier document); returns its id and its specialist's."""
    clinic = _new_clinic(client, team)
    auth, base = team.auth("verifier"), f"/api/clinics/{clinic['id']}"
    facts = {
        "name": CLINIC,
        "address": "Seoul",
        "institution_type": "clinic",
        "licence_number": "HB-2015-0101",
    }
    assert (
        client.put(
            f"{base}/sections/clinic", headers=auth, json={"version": clinic["version"], "value": facts}
        ).status_code
        == 200
    )
    cred = client.post(
        f"{base}/credentials",
        headers=auth,
        json={
            "kind": "foreign_patient_registration",
            "number": "F-2025-0042",
            "valid_until": "2027-06-30",
            "claimed_only": False,
            "checked_on": "2026-10-02",
            "method": "registry",
            "source": "Seoul registration list",
        },
    )
    assert cred.status_code == 201, cred.text
    spec = client.post(
        f"{base}/specialists",
        headers=auth,
        json={
            "name": "Dr. Ha-eun Yoon",
            "specialty": "plastic_surgery",
            "board_certified": True,
            "subspecialty": "facelift",
            "years_in_subspecialty": 18,
            "cumulative_cases": 12000,
        },
    )
    assert spec.status_code == 201, spec.text
    offering = client.post(
        f"{base}/offerings",
        headers=auth,
        json={
            "marketing_name": "SVF facelift",
            "indication": "aesthetic",
            "role": "adjunct",
            "base_procedure": "facelift",
            "therapy": {
                "cell_source": "autologous",
                "tissue": "adipose",
                "manipulation": "minimal",
                "same_procedure": True,
            },
        },
    )
    assert offering.status_code == 201, offering.text
    return clinic["id"], int(spec.json()["id"])


def test_a_record_built_part_by_part_is_verified_sent_back_by_the_registry_and_matched(
    client: TestClient, team: Team
) -> None:
    october = _snapshot(client, team, "registry-oct.csv", REGISTRY_OCT)
    cid, spec_id = build_clinic_through_the_api(client, team)
    goal = {"procedure": "facelift with fat grafting", "indication": "aesthetic"}
    before = client.post("/api/match", headers=team.auth("coordinator"), json=goal).json()
    assert {"specialist": "Dr. Ha-eun Yoon", "clinic": CLINIC, "reason": "never verified"} in before[
        "left_out"
    ]

    due = client.get("/api/monitor", headers=team.auth("viewer"), params={"within_days": 3650}).json()["due"]
    assert ("F-2025-0042", "2027-06-30") in {(d["number"], d["on"]) for d in due if d["reason"] == "expires"}

    verified = client.post(
        "/api/verifications",
        headers=team.auth("verifier"),
        json={"clinic_id": cid, "specialist_id": spec_id, "snapshot_id": october, "as_of": "2026-10-15"},
    )
    assert verified.status_code == 201, verified.text
    body = verified.json()
    assert (body["registry_snapshot_id"], body["as_of"]) == (october, "2026-10-15")
    assert body["dossier"]["clinic"]["credentials"][0]["number"] == "F-2025-0042", (
        "the form's credential counts"
    )
    registration = next(
        c for c in body["result"]["credentials"] if c["kind"] == "foreign_patient_registration"
    )
    assert registration["status"] == "confirmed", registration
    assert client.get("/api/monitor", headers=team.auth("viewer")).json()["needs_reverification"] == []

    _snapshot(client, team, "registry-dec.csv", REGISTRY_DEC)
    stale = client.get("/api/monitor", headers=team.auth("viewer")).json()["needs_reverification"]
    assert [(s["clinic_id"], s["verification_id"]) for s in stale] == [(cid, body["id"])]
    assert any("F-2025-0042" in r and "lapsed" in r for r in stale[0]["reasons"]), stale

    after = client.post("/api/match", headers=team.auth("coordinator"), json=goal).json()
    match = next(m for m in after["matches"] if m["specialist_id"] == spec_id)
    assert match["clinic"] == CLINIC and "needs re-verification" in match["labels"]
    assert any("subspecialty 'facelift'" in f for f in match["fits"])
