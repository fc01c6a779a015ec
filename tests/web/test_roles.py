"""Every route is role-checked: the whole matrix of roles × API routes × pages.

The expected outcome comes from `ROLE_PERMISSIONS`, so a route guarded by the wrong
permission, or not guarded at all, fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from regencheck.store.roles import RECORD_READ_PERMISSION, ROLE_PERMISSIONS, Permission, Role

from .conftest import CASE, ROLES, Team, TestClient, sign_in

# (method, path, required permission, JSON body or None). Ids that do not exist are fine:
# the permission check runs before the lookup, so a 404 still proves the role was let in.
API_ROUTES: list[tuple[str, str, Permission | None, dict[str, Any] | None]] = [
    ("GET", "/api/me", None, None),
    ("GET", "/api/tokens", None, None),
    ("GET", "/api/clinics", Permission.read, None),
    ("GET", "/api/clinics/1", Permission.read, None),
    ("POST", "/api/clinics", Permission.edit, {"name": "Role Matrix Clinic"}),
    ("PATCH", "/api/clinics/999", Permission.edit, {"version": 1}),
    ("DELETE", "/api/clinics/999", Permission.edit, None),
    ("POST", "/api/clinics/999/specialists", Permission.edit, {"name": "Dr. A"}),
    ("POST", "/api/clinics/999/credentials", Permission.edit, {"kind": "kahf"}),
    ("POST", "/api/clinics/999/offerings", Permission.edit, {"marketing_name": "x"}),
    ("GET", "/api/clinics/999/credentials/1/evidence", Permission.read, None),
    ("GET", "/api/evidence/999/download", Permission.read, None),
    ("DELETE", "/api/evidence/999", Permission.edit, None),
    ("GET", "/api/registry/snapshots", Permission.read, None),
    ("GET", "/api/registry/snapshots/999", Permission.read, None),
    ("GET", "/api/registry/rows", Permission.read, None),
    ("POST", "/api/classify", Permission.analyse, {"text": "PRP injection for knee"}),
    ("POST", "/api/scan", Permission.analyse, {"text": "best clinic"}),
    ("POST", "/api/verifications", Permission.verify, {"clinic_id": 999}),
    ("GET", "/api/verifications", Permission.read, None),
    ("GET", "/api/verifications/999", Permission.read, None),
    ("GET", "/api/verifications/999/changes", Permission.read, None),
    ("GET", "/api/audit", Permission.read_audit, None),
    ("GET", "/api/audit/verify", Permission.read_audit, None),
    ("GET", "/api/users", Permission.manage_users, None),
    ("POST", "/api/users", Permission.manage_users, {"username": "newbie", "role": "viewer"}),
    ("PATCH", "/api/users/999", Permission.manage_users, {"version": 1}),
    ("POST", "/api/users/999/reset-password", Permission.manage_users, None),
    ("POST", "/api/users/999/end-sessions", Permission.manage_users, None),
    ("GET", "/api/monitor", Permission.read, None),
    ("POST", "/api/match", Permission.read, {"procedure": "facelift"}),
    ("GET", "/api/export/clinics", Permission.read, None),
    ("GET", "/api/export/audit.jsonl", Permission.read_audit, None),
    ("GET", "/api/verifications/999/fhir", Permission.read, None),
    ("POST", "/api/tokens", None, {"name": "matrix"}),
    ("DELETE", "/api/tokens/999", None, None),
    ("PATCH", "/api/clinics/999/specialists/1", Permission.edit, {"version": 1}),
    # The journey routes: patient data, manage_cases only, reads included.
    ("POST", "/api/cases", Permission.manage_cases, {}),
    ("GET", "/api/cases", Permission.manage_cases, None),
    ("GET", "/api/cases/due", Permission.manage_cases, None),
    ("GET", "/api/journey/symptoms", Permission.manage_cases, None),
    ("GET", "/api/cases/999", Permission.manage_cases, None),
    ("PATCH", "/api/cases/999", Permission.manage_cases, {"version": 1, "contact_channel": "x"}),
    ("POST", "/api/cases/999/stage", Permission.manage_cases, {"stage": "procedure_day", "version": 1}),
    ("POST", "/api/cases/999/notes", Permission.manage_cases, {"text": "n"}),
    ("POST", "/api/cases/999/documents", Permission.manage_cases, None),
    ("GET", "/api/cases/999/documents/1", Permission.manage_cases, None),
    ("POST", "/api/cases/999/close", Permission.manage_cases, {"version": 1}),
    (
        "POST",
        "/api/cases/999/adverse-events",
        Permission.manage_cases,
        {"onset": "2026-11-09", "reporter": "x"},
    ),
    ("POST", "/api/adverse-events/999/escalations", Permission.manage_cases, {"action": "note"}),
    ("GET", "/api/cases/999/schedule.ics", Permission.manage_cases, None),
    ("GET", "/api/cases/999/fhir", Permission.manage_cases, None),
    ("GET", "/api/cases/999/report", Permission.manage_cases, None),
    ("DELETE", "/api/clinics/999/specialists/1", Permission.edit, None),
    ("PATCH", "/api/clinics/999/credentials/1", Permission.edit, {"version": 1}),
    ("DELETE", "/api/clinics/999/credentials/1", Permission.edit, None),
    ("DELETE", "/api/clinics/999/offerings/1", Permission.edit, None),
    ("PATCH", "/api/clinics/999/offerings/1", Permission.edit, {"version": 1}),
    # The clinic's record as a dossier: read it, replace it, save a section, add marketing texts.
    ("GET", "/api/clinics/999/dossier", Permission.read, None),
    ("PUT", "/api/clinics/999/dossier", Permission.edit, {"version": 1, "dossier": {}}),
    ("PUT", "/api/clinics/999/sections/clinic", Permission.edit, {"version": 1, "value": {"name": "x"}}),
    ("PUT", "/api/clinics/999/sections/lab", Permission.edit, {"version": 1}),
    ("PUT", "/api/clinics/999/sections/consultation", Permission.edit, {"version": 1}),
    ("PUT", "/api/clinics/999/sections/quote", Permission.edit, {"version": 1}),
    ("PUT", "/api/clinics/999/sections/aftercare", Permission.edit, {"version": 1}),
    ("PUT", "/api/clinics/999/sections/patient", Permission.edit, {"version": 1}),
    ("PUT", "/api/clinics/999/sections/facilitator", Permission.edit, {"version": 1}),
    ("POST", "/api/clinics/999/marketing", Permission.edit, {"text": "Best clinic in Seoul"}),
    ("DELETE", "/api/clinics/999/marketing/1", Permission.edit, None),
    # Multipart routes: without a file the request is invalid (422) once the role is let in.
    ("POST", "/api/clinics/999/credentials/1/evidence", Permission.edit, None),
    ("POST", "/api/registry/snapshots", Permission.edit, None),
    ("POST", "/api/scan/file", Permission.analyse, None),
]

PAGES: list[tuple[str, Permission | None]] = [
    ("/", Permission.read),
    ("/clinics/new", Permission.edit),
    ("/verify", Permission.verify),
    ("/verifications", Permission.read),
    ("/scan", Permission.analyse),
    ("/classify", Permission.analyse),
    ("/registry", Permission.read),
    ("/audit", Permission.read_audit),
    ("/admin/users", Permission.manage_users),
    ("/admin/settings", Permission.manage_users),
    ("/account", None),
]


def allowed(role: str, permission: Permission | None) -> bool:
    return permission is None or permission in ROLE_PERMISSIONS[Role(role)]


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_api_routes_its_permissions_allow(
    client: TestClient, team: Team, role: str
) -> None:
    wrong: list[str] = []
    for method, path, permission, body in API_ROUTES:
        response = client.request(method, path, headers=team.auth(role), json=body)
        refused = response.status_code == 403
        if refused == allowed(role, permission) or response.status_code >= 500:
            wrong.append(f"{method} {path}: {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_every_api_route_needs_a_token(client: TestClient) -> None:
    for method, path, _permission, body in API_ROUTES:
        assert client.request(method, path, json=body).status_code == 401, f"{method} {path}"


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_the_matrix_covers_every_api_route(client: TestClient) -> None:
    own = {
        (method, route.path)
        for route in _api_routes(client.app.routes)  # type: ignore[attr-defined]
        if route.endpoint.__module__.startswith("regencheck.web.api_")
        for method in route.methods
    }
    assert ("GET", "/api/me") in own, "the route walk found no API routes: the check would be vacuous"
    covered = {(m, p) for m, p, _perm, _body in API_ROUTES}
    missing = {(m, p) for m, p in own if not any(m == cm and _same_route(p, cp) for cm, cp in covered)}
    assert missing == set(), f"routes missing from the role matrix: {sorted(missing)}"


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI 0.16x keeps them nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def _same_route(template: str, concrete: str) -> bool:
    a, b = template.strip("/").split("/"), concrete.strip("/").split("/")
    return len(a) == len(b) and all(x == y or x.startswith("{") for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_the_pages_its_permissions_allow(client: TestClient, role: str) -> None:
    sign_in(client, role)
    for path, permission in PAGES:
        status = client.get(path, follow_redirects=False).status_code
        assert (status == 200) == allowed(role, permission), f"{role} {path}: {status}"
        assert status in (200, 403), f"{role} {path}: {status}"


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_readers_cannot_post_a_verifiers_forms(client: TestClient, role: str) -> None:
    token = sign_in(client, role)
    for path, data in [
        ("/verify", {"clinic_id": "1"}),
        ("/clinics", {"name": "Sneaky Clinic"}),
        ("/registry/import", {}),
        ("/admin/users", {"username": "x", "role": "admin"}),
    ]:
        response = client.post(path, data={"csrf_token": token} | data, follow_redirects=False)
        assert response.status_code in (403, 422), f"{path}: {response.status_code}"
        assert response.status_code != 303


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_audit_content_exactly_where_it_may_read_the_record(
    client: TestClient, team: Team, role: str
) -> None:
    assert (
        client.post("/api/clinics", headers=team.auth("verifier"), json={"name": "Matrix"}).status_code == 201
    )
    assert client.post("/api/cases", headers=team.auth("coordinator"), json=CASE).status_code == 201
    made = client.post(
        "/api/users", headers=team.auth("admin"), json={"username": "matrix", "role": "viewer"}
    )
    assert made.status_code == 201
    response = client.get("/api/audit", headers=team.auth(role), params={"limit": 200})
    if not allowed(role, Permission.read_audit):
        assert response.status_code == 403
        return
    items = response.json()["items"]
    assert {"clinics", "journey_cases", "users"} <= {e["entity"] for e in items}
    for entry in items:
        may_read = allowed(role, RECORD_READ_PERMISSION.get(entry["entity"], Permission.read))
        assert entry["withheld"] is (not may_read), entry["entity"]
        assert (entry["after"] is None) or may_read
