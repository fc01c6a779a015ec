"""The printable HTML reports keep their layout under the app's strict CSP: each response allows
its own `<style>` element by a fresh nonce, and nothing else inline."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from fastapi import FastAPI

from regencheck.reports.scorecard import VERDICTS
from regencheck.store.bootstrap import SAMPLES_DIR

from .conftest import CASE, PASSWORD, PERSONAS, Team, TestClient
from .livesrv import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_MISSING, serving


def _verification(client: TestClient, team: Team) -> int:
    raw = yaml.safe_load((SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml").read_text("utf-8"))
    dossier = json.loads(json.dumps(raw, default=str))
    made = client.post("/api/verifications", headers=team.auth("verifier"), json={"dossier": dossier})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _case(client: TestClient, team: Team) -> int:
    made = client.post("/api/cases", headers=team.auth("coordinator"), json=CASE)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def _style_src(csp: str) -> str:
    return next(d.strip() for d in csp.split(";") if d.strip().startswith("style-src"))


def test_each_report_response_allows_only_its_own_style_element(client: TestClient, team: Team) -> None:
    case_id = _case(client, team)
    nonces = []
    for _ in range(2):
        response = client.get(
            f"/api/cases/{case_id}/report", headers=team.auth("coordinator"), params={"format": "html"}
        )
        style_src = _style_src(response.headers["content-security-policy"])
        assert "unsafe-inline" not in style_src and style_src.startswith("style-src 'self' 'nonce-")
        nonce = style_src.split("'nonce-")[1].rstrip("'")
        assert f'<style nonce="{nonce}">' in response.text and 'style="' not in response.text
        assert "script-src 'self'" in response.headers["content-security-policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM_MISSING, reason="Chromium is not installed at /usr/bin/chromium")
def test_the_scorecard_and_patient_report_render_styled_in_chromium(
    app: FastAPI, client: TestClient, team: Team
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    verification_id, case_id = _verification(client, team), _case(client, team)
    with serving(app) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            violations: list[Any] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else None)
            page.goto(f"{url}/login")
            page.fill("input[name=username]", PERSONAS["admin"])
            page.fill("input[name=password]", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_load_state()

            page.goto(f"{url}/verifications/{verification_id}/report")
            verdict = page.locator("span.verdict")
            assert verdict.evaluate("e => getComputedStyle(e).display") == "inline-block"
            shown = verdict.evaluate("e => getComputedStyle(e).backgroundColor")
            kind = (verdict.get_attribute("class") or "").split("verdict-")[1]
            assert shown == _rgb(VERDICTS[kind][1])
            assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"

            page.goto(f"{url}/cases/{case_id}/report.html?lang=en")
            table = page.locator("table").first
            assert table.evaluate("e => getComputedStyle(e).borderCollapse") == "collapse"
            assert violations == []
        finally:
            browser.close()
