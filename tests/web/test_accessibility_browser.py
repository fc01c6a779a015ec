"""axe-core (the copy bundled with axe-playwright-python, so nothing is fetched at test time) in
Debian's Chromium on a phone-sized window: nothing wider than the phone, no serious or critical violation on the pages people
use most, in English, Indonesian and Korean: sign-in, the clinics list, a verification with its
criteria grid, a patient case, and the public check (covered in test_check_browser)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi import FastAPI

from regencheck.store.bootstrap import SAMPLES_DIR

from .conftest import CASE, PASSWORD, PERSONAS, Team, TestClient
from .livesrv import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_MISSING, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("db", ["sqlite"], indirect=True),
    pytest.mark.skipif(CHROMIUM_MISSING, reason="Chromium is not installed at /usr/bin/chromium"),
]

PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("REGENCHECK_SCREENSHOTS", Path(__file__).parent / "screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def records(app: FastAPI, team: Team) -> dict[str, int]:
    """A stored verification of the sample dossier and a patient case, made through the API."""
    raw = yaml.safe_load(
        (SAMPLES_DIR / "dossiers" / "svf_facelift_verified.yaml").read_text(encoding="utf-8")
    )
    with TestClient(app, base_url="http://testserver") as c:
        made = c.post(
            "/api/verifications",
            headers=team.auth("verifier"),
            json={"dossier": json.loads(json.dumps(raw, default=str))},
        ).json()
        case = c.post("/api/cases", headers=team.auth("coordinator"), json=CASE).json()
    return {"verification": made["id"], "case": case["id"]}


def _wider_than_a_phone(page: Any) -> list[str]:
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    return [f"the page scrolls sideways on a phone ({width}px)"] if width > PHONE["width"] else []


def _serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    assert response["testEngine"]["name"] == "axe-core", "axe did not run"
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["en", "id", "ko"])
def test_the_team_pages_have_no_serious_accessibility_violations(
    browser: Any, app: FastAPI, records: dict[str, int], language: str
) -> None:
    with serving(app) as base:
        context = browser.new_context(viewport=PHONE, locale=language)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{base}/login?lang={language}")
        assert page.locator("html").get_attribute("lang") == language
        found = {"login": _serious(page) + _wider_than_a_phone(page)}
        page.fill("input[name=username]", PERSONAS["coordinator"])
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")
        found["dashboard"] = _serious(page) + _wider_than_a_phone(page)
        page.goto(f"{base}/verifications/{records['verification']}")
        page.wait_for_selector("#scorecard-chart svg")
        found["verification"] = _serious(page) + _wider_than_a_phone(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"verification_{language}.png"), full_page=True)
        page.goto(f"{base}/cases/{records['case']}")
        found["case"] = _serious(page) + _wider_than_a_phone(page)
        page.screenshot(path=str(SHOTS / f"case_{language}.png"), full_page=True)
        context.close()
    assert {name: problems for name, problems in found.items() if problems} == {}
