"""The dossier builder's pages on SQLite and PostgreSQL, as a browser without JavaScript sends
them: a verifier builds a record form by form, a refused form names its field and keeps what
was typed, readers see the record but no form, and a failed import changes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from regencheck.store.bootstrap import SAMPLES_DIR

from .conftest import Team, TestClient, sign_in

pytestmark = pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)

CLINIC = "Hanbit Regenerative Clinic"


def _version(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found, "the page has no version field"
    return found.group(1)


def _post(client: TestClient, token: str, path: str, fields: dict[str, str], **kwargs: Any) -> Any:
    """Submit a form of the clinic page at `path` with the version the page shows now."""
    clinic_page = re.match(r"/clinics/\d+", path)
    assert clinic_page
    data = {"csrf_token": token, "version": _version(client.get(clinic_page.group(0)).text)} | fields
    return client.post(path, data=data, follow_redirects=False, **kwargs)


def _new_clinic(client: TestClient, token: str) -> int:
    made = client.post("/clinics", data={"csrf_token": token, "name": CLINIC}, follow_redirects=False)
    assert made.status_code == 303, made.text
    return int(made.headers["location"].rsplit("/", 1)[1])


def _record(client: TestClient, cid: int) -> dict[str, Any]:
    response = client.get(f"/clinics/{cid}/dossier.yaml")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="clinic-{cid}-dossier.yaml"'
    loaded: dict[str, Any] = yaml.safe_load(response.text)
    return loaded


def test_a_verifier_builds_a_record_form_by_form_without_writing_yaml(client: TestClient, team: Team) -> None:
    token = sign_in(client, "verifier")
    cid = _new_clinic(client, token)
    base = f"/clinics/{cid}"
    steps: list[tuple[str, dict[str, str]]] = [
        (
            f"{base}/sections/clinic",
            {
                "name": CLINIC,
                "address": "Seoul",
                "institution_type": "clinic",
                "licence_number": "HB-2015-0101",
                "price_tier": "premium",
                "evidence.source": "Gangnam-gu register",
                "evidence.checked_on": "2026-10-02",
                "evidence.method": "registry",
            },
        ),
        (
            f"{base}/credentials",
            {
                "kind": "foreign_patient_registration",
                "number": "F-2025-0042",
                "valid_until": "2027-06-30",
                "evidence.checked_on": "2026-10-02",
                "evidence.method": "registry",
                "evidence.source": "Seoul list",
            },
        ),
        (
            f"{base}/specialists",
            {
                "name": "Dr. Ha-eun Yoon",
                "specialty": "plastic_surgery",
                "board_certified": "true",
                "subspecialty": "facelift",
                "years_in_subspecialty": "18",
                "cumulative_cases": "12,000",
                "disciplinary_record": "none",
                "evidence.0.kind": "medical_licence",
                "evidence.0.source": "KMA lookup",
                "evidence.0.checked_on": "2026-10-02",
                "evidence.1.source": "",
            },
        ),
        (
            f"{base}/offerings",
            {
                "marketing_name": "SVF facelift",
                "indication": "aesthetic",
                "role": "adjunct",
                "base_procedure": "facelift",
                "therapy.cell_source": "autologous",
                "therapy.tissue": "adipose",
                "therapy.same_procedure": "true",
                "therapy.viable_cells": "",
            },
        ),
        (
            f"{base}/marketing",
            {"title": "Home page", "text": "Stem cell facelift: guaranteed results, no side effects!"},
        ),
        (
            f"{base}/sections/consultation",
            {
                "physician_led": "true",
                "minutes": "45",
                "written_protocol.biologic": "true",
                "written_protocol.source": "false",
                "consent": "Risks include infection and asymmetry.",
            },
        ),
        (
            f"{base}/sections/quote",
            {
                "currency": "krw",
                "lines.0.item": "Facelift",
                "lines.0.amount": "15,000,000",
                "lines.0.kind": "base_procedure",
                "lines.1.item": "",
                "lines.2.item": "SVF processing",
                "lines.2.amount": "5000000",
                "lines.2.kind": "regenerative",
            },
        ),
        (
            f"{base}/sections/aftercare",
            {
                "follow_up_days": "7, 28, 90",
                "baseline_photos": "true",
                "adverse_event_languages": "en, id",
                "candidacy_screening.health": "true",
            },
        ),
        (f"{base}/sections/patient", {"home_country": "ID", "language": "id"}),
    ]
    versions = []
    for path, fields in steps:
        response = _post(client, token, path, fields)
        assert response.status_code == 303, f"{path}: {response.text[:3000]}"
        versions.append(int(_version(client.get(base).text)))
    assert versions == sorted(set(versions)) and len(versions) == len(steps), "every save bumped the version"

    record = _record(client, cid)
    assert record["clinic"]["evidence"] == {
        "source": "Gangnam-gu register",
        "checked_on": yaml.safe_load("2026-10-02"),
        "method": "registry",
    }
    assert record["clinic"]["credentials"][0]["number"] == "F-2025-0042"
    assert (
        record["specialist"]["cumulative_cases"] == 12000
        and record["specialist"]["disciplinary_actions"] == []
    )
    assert record["specialist"]["evidence"] == [
        {"kind": "medical_licence", "source": "KMA lookup", "checked_on": yaml.safe_load("2026-10-02")}
    ]
    assert record["offering"]["therapy"] == {
        "cell_source": "autologous",
        "tissue": "adipose",
        "same_procedure": True,
    }
    assert record["marketing"] == [{"text": "Stem cell facelift: guaranteed results, no side effects!"}]
    assert record["consultation"]["written_protocol"] == {"biologic": True, "source": False}
    assert record["quote"] == {
        "currency": "KRW",
        "lines": [
            {"item": "Facelift", "amount": 15000000, "kind": "base_procedure"},
            {"item": "SVF processing", "amount": 5000000, "kind": "regenerative"},
        ],
    }
    assert record["aftercare"]["follow_up_days"] == [7, 28, 90]
    page = client.get(base).text
    assert "risk: high" in page, "the marketing text was scanned"
    assert page.count('class="completeness') == 5

    verified = client.post(
        "/verify",
        data={"csrf_token": token, "clinic_id": str(cid), "as_of": "2026-10-15"},
        follow_redirects=False,
    )
    assert verified.status_code == 303, verified.text
    vid = int(verified.headers["location"].rsplit("/", 1)[1])
    stored = client.get(f"/api/verifications/{vid}", headers=team.auth("viewer")).json()
    assert stored["as_of"] == "2026-10-15" and stored["dossier"]["specialist"]["name"] == "Dr. Ha-eun Yoon"


def test_a_refused_form_names_the_field_and_keeps_what_was_typed(client: TestClient) -> None:
    token = sign_in(client, "verifier")
    cid = _new_clinic(client, token)
    before = _record(client, cid)
    version = _version(client.get(f"/clinics/{cid}").text)
    response = _post(
        client,
        token,
        f"/clinics/{cid}/sections/consultation",
        {"physician_led": "true", "minutes": "forty", "consent": "Typed consent <b>text</b>"},
    )
    assert response.status_code == 422
    page = response.text
    assert re.search(r'name="minutes" type="text" value="forty"[^>]*aria-invalid="true"', page)
    assert re.search(r'<span class="field-error" role="alert">consultation\.minutes: [^<]+</span>', page)
    assert '<option value="true" selected>yes</option>' in page, "the other answers stay as typed"
    assert "Typed consent &lt;b&gt;text&lt;/b&gt;</textarea>" in page, "escaped, and not lost"
    assert "Traceback" not in page
    assert _record(client, cid) == before and _version(client.get(f"/clinics/{cid}").text) == version

    row = _post(
        client,
        token,
        f"/clinics/{cid}/sections/quote",
        {"currency": "KRW", "lines.0.item": "", "lines.1.item": "SVF", "lines.1.amount": "-5"},
    )
    assert row.status_code == 422
    assert re.search(r'name="lines\.1\.amount" type="text" value="-5"[^>]*aria-invalid="true"', row.text), (
        "the error is on the row typed in"
    )
    assert "quote.lines.1.amount: Input should be greater than or equal to 0" in row.text


def test_a_form_based_on_an_older_version_is_refused_and_keeps_what_was_typed(client: TestClient) -> None:
    token = sign_in(client, "verifier")
    cid = _new_clinic(client, token)
    old = _version(client.get(f"/clinics/{cid}").text)
    assert _post(client, token, f"/clinics/{cid}/sections/patient", {"home_country": "SG"}).status_code == 303
    late = client.post(
        f"/clinics/{cid}/sections/patient",
        data={"csrf_token": token, "version": old, "home_country": "ID", "language": "id"},
    )
    assert late.status_code == 409
    assert (
        "was changed by someone else" in late.text
        and 'name="home_country" type="text" value="ID"' in late.text
    )
    assert _record(client, cid)["patient"] == {"home_country": "SG"}


def test_quote_rows_are_added_and_removed_without_javascript(client: TestClient) -> None:
    token = sign_in(client, "verifier")
    cid = _new_clinic(client, token)
    fields = {f"lines.{i}.item": "" for i in range(3)} | {"lines.0.item": "Facelift", "lines.0.amount": "100"}
    more = _post(client, token, f"/clinics/{cid}/sections/quote", fields | {"more": "1"})
    assert more.status_code == 200 and 'name="lines.5.item"' in more.text and 'value="Facelift"' in more.text
    assert "quote" not in _record(client, cid), "asking for rows saves nothing"
    saved = _post(
        client,
        token,
        f"/clinics/{cid}/sections/quote",
        fields | {"lines.5.item": "PRP", "lines.5.amount": "50"},
    )
    assert saved.status_code == 303
    assert [line["item"] for line in _record(client, cid)["quote"]["lines"]] == ["Facelift", "PRP"]
    removed = _post(
        client,
        token,
        f"/clinics/{cid}/sections/quote",
        {
            "lines.0.item": "Facelift",
            "lines.0.amount": "100",
            "lines.1.item": "PRP",
            "lines.1.amount": "50",
            "lines.0.remove": "on",
        },
    )
    assert removed.status_code == 303
    assert _record(client, cid)["quote"]["lines"] == [{"item": "PRP", "amount": 50}]


def test_parts_are_edited_and_removed_through_their_forms(client: TestClient) -> None:
    token = sign_in(client, "verifier")
    cid = _new_clinic(client, token)
    base = f"/clinics/{cid}"
    assert _post(client, token, f"{base}/specialists", {"name": "Dr. A"}).status_code == 303
    assert (
        _post(
            client, token, f"{base}/credentials", {"kind": "kahf", "number": "K-1", "claimed_only": "on"}
        ).status_code
        == 303
    )
    assert (
        _post(
            client, token, f"{base}/offerings", {"marketing_name": "PRP", "description": "PRP for knees"}
        ).status_code
        == 303
    )
    page = client.get(base).text
    sid = re.search(r'action="/clinics/\d+/specialists/(\d+)"', page)
    crid = re.search(r'action="/clinics/\d+/credentials/(\d+)"', page)
    oid = re.search(r'action="/clinics/\d+/offerings/(\d+)"', page)
    assert sid and crid and oid
    edits = [
        (
            f"{base}/specialists/{sid[1]}",
            {
                "name": "Dr. A",
                "disciplinary_actions.0.date": "2020-02-02",
                "disciplinary_actions.0.kind": "suspension",
                "disciplinary_actions.0.until": "2020-08-01",
            },
        ),
        (f"{base}/credentials/{crid[1]}", {"kind": "kahf", "number": "K-1", "valid_until": "2028-01-31"}),
        (
            f"{base}/offerings/{oid[1]}",
            {"marketing_name": "PRP", "description": "PRP for knees", "role": "standalone"},
        ),
    ]
    for path, fields in edits:
        assert _post(client, token, path, fields).status_code == 303, path
    record = _record(client, cid)
    assert record["specialist"]["disciplinary_actions"][0]["kind"] == "suspension"
    assert record["clinic"]["credentials"] == [
        {"kind": "kahf", "number": "K-1", "valid_until": yaml.safe_load("2028-01-31")}
    ]
    assert record["offering"]["role"] == "standalone"
    for path in (
        f"{base}/specialists/{sid[1]}",
        f"{base}/credentials/{crid[1]}",
        f"{base}/offerings/{oid[1]}",
    ):
        assert _post(client, token, f"{path}/delete", {}).status_code == 303
    assert _record(client, cid) == {"clinic": {"name": CLINIC}}


def test_an_uploaded_page_is_kept_as_its_text_and_scanned(client: TestClient) -> None:
    token = sign_in(client, "verifier")
    cid = _new_clinic(client, token)
    page = (SAMPLES_DIR / "marketing" / "advertorial_en.html").read_bytes()
    added = _post(
        client,
        token,
        f"/clinics/{cid}/marketing",
        {"title": "Advertorial"},
        files={"file": ("advertorial_en.html", page, "text/html")},
    )
    assert added.status_code == 303, added.text[:2000]
    text = _record(client, cid)["marketing"][0]["text"]
    assert "<" not in text and len(text) > 100
    shown = client.get(f"/clinics/{cid}").text
    assert (
        "Advertorial" in shown and "advertorial_en.html" in shown and re.search(r"risk: (high|medium)", shown)
    )
    wrong = _post(
        client,
        token,
        f"/clinics/{cid}/marketing",
        {"title": "Kept title"},
        files={"file": ("photo.png", b"\x89PNG", "image/png")},
    )
    assert wrong.status_code == 422 and "photo.png" in wrong.text
    assert 'name="title" type="text" value="Kept title"' in wrong.text, "the page keeps what was typed"


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_a_reader_sees_the_record_but_no_form_and_cannot_save_one(
    client: TestClient, team: Team, role: str
) -> None:
    cid = client.post("/api/clinics", headers=team.auth("verifier"), json={"name": CLINIC}).json()["id"]
    spec = client.post(
        f"/api/clinics/{cid}/specialists", headers=team.auth("verifier"), json={"name": "Dr. A"}
    ).json()
    token = sign_in(client, role)
    page = client.get(f"/clinics/{cid}").text
    assert "Dr. A" in page and "1. Specialist credentials" in page
    assert "<form" not in page.split("<main>")[1], "no form of the builder is shown"
    before = _record(client, cid)
    for path in [
        "sections/consultation",
        "sections/clinic",
        "specialists",
        f"specialists/{spec['id']}",
        f"specialists/{spec['id']}/delete",
        "credentials",
        "offerings",
        "marketing",
        "import",
        "dossier",
    ]:
        response = client.post(
            f"/clinics/{cid}/{path}", data={"csrf_token": token, "version": "1", "name": "X"}
        )
        assert response.status_code == 403, f"{path}: {response.status_code}"
    assert _record(client, cid) == before


def test_a_failed_import_leaves_the_record_unchanged_and_a_good_one_lists_its_changes(
    client: TestClient,
) -> None:
    token = sign_in(client, "verifier")
    cid = _new_clinic(client, token)
    assert _post(client, token, f"/clinics/{cid}/specialists", {"name": "Dr. Kept"}).status_code == 303
    before = _record(client, cid)
    bad = f"clinic:\n  name: {CLINIC}\nspecialist:\n  name: Dr. New\n  cumulative_cases: lots\n"
    refused = _post(client, token, f"/clinics/{cid}/import", {"dossier": bad})
    assert refused.status_code == 422
    assert (
        "specialist.cumulative_cases" in refused.text
        and "cumulative_cases: lots\n</textarea>" in refused.text
    )
    assert _record(client, cid) == before
    unread = _post(
        client,
        token,
        f"/clinics/{cid}/import",
        {"dossier": f"clinic: {{name: {CLINIC}}}\nmarketing:\n  - file: page.html\n"},
    )
    assert unread.status_code == 422 and "attach a file named page.html" in unread.text
    assert _record(client, cid) == before

    good = f"clinic:\n  name: {CLINIC}\n  price_tier: vip\nspecialist:\n  name: Dr. New\n"
    done = _post(client, token, f"/clinics/{cid}/import", {"dossier": good})
    assert done.status_code == 200
    changes = re.findall(r'<li class="change-(\w+)">([^<]+)', done.text)
    assert ("removed", "Removed specialist: Dr. Kept") in [(a, t.strip()) for a, t in changes]
    assert ("added", "Added specialist: Dr. New") in [(a, t.strip()) for a, t in changes]
    assert _record(client, cid) == {
        "clinic": {"name": CLINIC, "price_tier": "vip"},
        "specialist": {"name": "Dr. New"},
    }
