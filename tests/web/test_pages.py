"""Pages: sign-in, CSRF, autoescaping, sessions that expire, rate-limited login, headers."""

from __future__ import annotations

import re
import time

import pytest
from fastapi import FastAPI

from regencheck.web.security import SESSION_COOKIE, SessionCodec

from .conftest import PASSWORD, Team, TestClient, csrf_of, sign_in

pytestmark = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


def test_pages_send_anonymous_visitors_to_the_login_form(client: TestClient) -> None:
    response = client.get("/clinics/1?x=1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/clinics/1%3Fx%3D1"


def test_a_form_posted_without_its_csrf_token_is_refused(client: TestClient) -> None:
    sign_in(client, "verifier")
    response = client.post("/clinics", data={"name": "No Token Clinic"}, follow_redirects=False)
    assert response.status_code == 403 and "expired" in response.text
    forged = client.post("/clinics", data={"name": "Forged", "csrf_token": "guess"}, follow_redirects=False)
    assert forged.status_code == 403


def test_the_login_form_itself_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "vera", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403


def test_a_clinic_named_like_a_script_renders_as_text(client: TestClient, team: Team) -> None:
    name = "<script>alert('x')</script> Clinic"
    created = client.post("/api/clinics", headers=team.auth("verifier"), json={"name": name}).json()
    sign_in(client, "viewer")
    for path in ("/", f"/clinics/{created['id']}"):
        html = client.get(path).text
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Clinic" in html


def test_a_verifier_creates_and_edits_a_clinic_through_the_forms(client: TestClient) -> None:
    token = sign_in(client, "verifier")
    created = client.post(
        "/clinics", data={"csrf_token": token, "name": "Form Clinic", "institution_type": "clinic"}
    )
    assert created.status_code == 200 and "Form Clinic" in created.text
    cid = re.search(r'action="/clinics/(\d+)/edit"', created.text)
    assert cid
    edit = {"csrf_token": token, "version": "1", "name": "Form Clinic", "address": "Jung-gu"}
    assert client.post(f"/clinics/{cid.group(1)}/edit", data=edit).status_code == 200
    stale = client.post(f"/clinics/{cid.group(1)}/edit", data=edit | {"address": "Mapo-gu"})
    assert stale.status_code == 409 and "reload" in stale.text


def test_login_is_rate_limited_per_user_and_address(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    statuses = [
        client.post(
            "/login", data={"csrf_token": token, "username": "vera", "password": "wrong guess 123"}
        ).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    blocked = client.post("/login", data={"csrf_token": token, "username": "vera", "password": PASSWORD})
    assert blocked.status_code == 429 and "try again" in blocked.text


def test_a_session_expires_after_its_maximum_age(app: FastAPI, client: TestClient) -> None:
    state = app.state.service
    state.codec = SessionCodec(state.settings.secret_key, max_age=1)
    sign_in(client, "viewer")
    assert client.get("/", follow_redirects=False).status_code == 200
    time.sleep(2.1)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_tampered_session_cookie_is_ignored(client: TestClient) -> None:
    sign_in(client, "admin")
    cookie = client.cookies.get(SESSION_COOKIE) or ""
    client.cookies.set(SESSION_COOKIE, cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1])
    assert client.get("/admin/users", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session(client: TestClient) -> None:
    token = sign_in(client, "viewer")
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_never_redirects_off_site(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    data = {"csrf_token": token, "username": "vic", "password": PASSWORD, "next": "https://evil.example/"}
    response = client.post("/login", data=data, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_pages_carry_security_headers_and_httponly_cookies(client: TestClient) -> None:
    response = client.get("/login")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_html_errors_are_pages_and_api_errors_are_json(client: TestClient, team: Team) -> None:
    sign_in(client, "viewer")
    page = client.get("/clinics/4242")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "clinic 4242 does not exist" in page.text
    api = client.get("/api/clinics/4242", headers=team.auth("viewer"))
    assert api.headers["content-type"] == "application/json"


def test_a_one_time_password_must_be_changed_before_anything_else(client: TestClient, team: Team) -> None:
    created = client.post(
        "/api/users", headers=team.auth("admin"), json={"username": "newbie", "role": "viewer"}
    ).json()
    token = csrf_of(client.get("/login").text)
    login = {"csrf_token": token, "username": "newbie", "password": created["one_time_password"]}
    assert (
        client.post("/login", data=login, follow_redirects=False).headers["location"] == "/account/password"
    )
    assert client.get("/", follow_redirects=False).headers["location"] == "/account/password"
    token = csrf_of(client.get("/account/password").text)
    change = {"csrf_token": token, "current": created["one_time_password"], "new": "my own long passphrase"}
    assert (
        client.post(
            "/account/password", data=change | {"again": "my own long passphrase"}, follow_redirects=False
        ).status_code
        == 303
    )
    assert client.get("/", follow_redirects=False).status_code == 200


def test_the_settings_page_never_shows_the_secret_key(app: FastAPI, client: TestClient) -> None:
    sign_in(client, "admin")
    html = client.get("/admin/settings").text
    assert "REGENCHECK_MAX_UPLOAD_BYTES" in html and "200000" in html
    assert app.state.service.settings.secret_key not in html


def test_the_audit_page_checks_the_chain_on_request(client: TestClient, team: Team) -> None:
    client.post("/api/clinics", headers=team.auth("verifier"), json={"name": "Audited Clinic"})
    sign_in(client, "verifier")
    page = client.get("/audit").text
    assert "Audited Clinic" in page and 'id="check-chain"' in page
    checked = client.get("/audit?check=1").text
    assert 'id="chain-status"' in checked and "Chain intact" in checked


def test_deactivating_a_user_ends_their_session_and_tokens(client: TestClient, team: Team) -> None:
    sign_in(client, "viewer")
    assert client.get("/", follow_redirects=False).status_code == 200
    users = client.get("/api/users", headers=team.auth("admin")).json()["items"]
    vic = next(u for u in users if u["username"] == "vic")
    changed = client.patch(
        f"/api/users/{vic['id']}",
        headers=team.auth("admin"),
        json={"version": vic["version"], "active": False},
    )
    assert changed.status_code == 200
    assert client.get("/", follow_redirects=False).status_code == 303
    assert client.get("/api/me", headers=team.auth("viewer")).status_code == 401


def test_the_clinic_page_shows_what_the_latest_registry_lists_for_it(client: TestClient, team: Team) -> None:
    from regencheck.store.bootstrap import SAMPLES_DIR

    client.post(
        "/api/registry/snapshots",
        headers=team.auth("verifier"),
        files={"file": ("registry.csv", (SAMPLES_DIR / "registry.csv").read_bytes(), "text/csv")},
    )
    clinic = client.post(
        "/api/clinics", headers=team.auth("verifier"), json={"name": "lumen plastic surgery clinic"}
    ).json()
    other = client.post(
        "/api/clinics", headers=team.auth("verifier"), json={"name": "Unlisted Clinic"}
    ).json()
    sign_in(client, "viewer")
    listed = client.get(f"/clinics/{clinic['id']}").text
    assert "KAHF-2024-09" in listed and "A-2024-03-15-01234" in listed
    assert "lists nothing" in client.get(f"/clinics/{other['id']}").text


def test_a_posted_dossier_must_come_with_the_files_it_refers_to(client: TestClient) -> None:
    token = sign_in(client, "verifier")
    dossier = "clinic: {name: Paper Clinic}\nmarketing:\n  - file: ../marketing/page.html\n"
    missing = client.post("/verify", data={"csrf_token": token, "dossier": dossier})
    assert missing.status_code == 422 and "attach a file named page.html" in missing.text
    page = b"<html><body><p>Guaranteed results with no side effects.</p><script>x()</script></body></html>"
    done = client.post(
        "/verify",
        data={"csrf_token": token, "dossier": dossier},
        files={"attachments": ("page.html", page, "text/html")},
    )
    assert done.status_code == 200 and 'id="verdict"' in done.text
    assert "Guaranteed results with no side effects." in done.text and "x()" not in done.text


@pytest.mark.parametrize(("role", "sees_cases"), [("coordinator", True), ("admin", True), ("viewer", False)])
def test_only_case_managers_see_the_cases_link(client: TestClient, role: str, sees_cases: bool) -> None:
    sign_in(client, role)
    page = client.get("/").text
    assert ('href="/cases"' in page) is sees_cases


def test_the_credential_form_offers_every_kind_a_dossier_accepts(client: TestClient, team: Team) -> None:
    from typing import get_args

    from regencheck.verify.dossier import CredentialKind

    clinic = client.post("/api/clinics", headers=team.auth("verifier"), json={"name": "Kinds Clinic"}).json()
    sign_in(client, "verifier")
    page = client.get(f"/clinics/{clinic['id']}").text
    for kind in get_args(CredentialKind):
        assert f'<option value="{kind}">' in page


def test_an_invalid_dossier_is_refused_at_save_naming_the_field(client: TestClient, team: Team) -> None:
    clinic = client.post(
        "/api/clinics", headers=team.auth("verifier"), json={"name": "Dossier Clinic"}
    ).json()
    bad = {
        "version": clinic["version"],
        "dossier": {"clinic": {"name": "Dossier Clinic", "price_tier": "cheap"}},
    }
    response = client.patch(f"/api/clinics/{clinic['id']}", headers=team.auth("verifier"), json=bad)
    assert response.status_code == 422
    assert any(p["field"] == "clinic.price_tier" for p in response.json()["error"]["problems"])
    token = sign_in(client, "verifier")
    form = {
        "csrf_token": token,
        "version": str(clinic["version"]),
        "dossier": "specialist:\n  years_in_subspecialty: -3\n",
    }
    page = client.post(f"/clinics/{clinic['id']}/dossier", data=form)
    assert page.status_code == 422 and "specialist.years_in_subspecialty" in page.text
    assert "years_in_subspecialty: -3" in page.text, "the pasted dossier is still in the form"
    stored = client.get(f"/api/clinics/{clinic['id']}", headers=team.auth("viewer")).json()
    assert stored["version"] == clinic["version"], "nothing was saved"
    assert stored["dossier"] == {"clinic": {"name": "Dossier Clinic"}} and stored["price_tier"] is None


def test_error_pages_keep_the_navigation_and_speak_plainly(client: TestClient, team: Team) -> None:
    anonymous = client.get("/no-such-page")
    assert anonymous.status_code == 404 and "We could not find that page" in anonymous.text
    assert "Traceback" not in anonymous.text and '<a href="/verifications">' not in anonymous.text
    sign_in(client, "viewer")
    missing = client.get("/clinics/999999")
    assert missing.status_code == 404 and "We could not find that page" in missing.text
    assert '<a href="/verifications">Verifications</a>' in missing.text, "the signed-in navigation stays"
    unknown = client.get("/no-such-page")
    assert unknown.status_code == 404 and '<a href="/verifications">Verifications</a>' in unknown.text
    forbidden = client.get("/admin/users")
    assert forbidden.status_code == 403 and "You do not have access to this" in forbidden.text
    api = client.get("/api/clinics/999999", headers=team.auth("viewer"))
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
