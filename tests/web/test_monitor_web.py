"""Monitoring in the web app: the page and the API list what is due and what the registry changed."""

from __future__ import annotations

import pytest

from regencheck.store.bootstrap import SAMPLES_DIR

from .conftest import Team, TestClient, sign_in

pytestmark = pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)


def _import(client: TestClient, team: Team, name: str, data: bytes) -> None:
    response = client.post(
        "/api/registry/snapshots", headers=team.auth("verifier"), files={"file": (name, data, "text/csv")}
    )
    assert response.status_code == 201, response.text


def test_an_expired_credential_and_a_lapsed_registration_show_on_the_page_and_in_the_api(
    client: TestClient, team: Team
) -> None:
    clinic = client.post(
        "/api/clinics", headers=team.auth("verifier"), json={"name": "Expiring Clinic"}
    ).json()
    client.post(
        f"/api/clinics/{clinic['id']}/credentials",
        headers=team.auth("verifier"),
        json={"kind": "kahf", "number": "K-77", "valid_until": "2020-01-31"},
    )
    sample = (SAMPLES_DIR / "registry.csv").read_text(encoding="utf-8")
    _import(client, team, "registry-oct.csv", sample.encode())
    lapsed = sample.replace("2024-03-15,2027-03-14", "2024-03-15,2025-11-30").replace(
        ",2026-10-01\n", ",2026-12-01\n"
    )
    _import(client, team, "registry-dec.csv", lapsed.encode())

    report = client.get("/api/monitor", headers=team.auth("viewer")).json()
    assert ("Expiring Clinic", "expired") in {(d["clinic"], d["reason"]) for d in report["due"]}
    assert "lapsed" in [c["change"] for c in report["registry"]["changes"]]
    assert client.get("/api/monitor").status_code == 401

    sign_in(client, "viewer")
    page = client.get("/monitor").text
    assert "Expiring Clinic" in page and "kahf K-77" in page and 'class="change-lapsed"' in page
    assert 'href="/monitor"' in page, "the navigation links the page"
