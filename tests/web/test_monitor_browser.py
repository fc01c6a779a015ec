"""In a real headless Chromium: a new registry snapshot lapses a verified clinic's registration,
the verifier sees the verification under "Needs re-verification" with the reason, and a
coordinator matches a patient's goal to the verified specialists, the rule shown beside the list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from regencheck.store.bootstrap import SAMPLES_DIR, bootstrap

from .conftest import PASSWORD, PERSONAS
from .livesrv import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_MISSING, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("db", ["sqlite"], indirect=True),
    pytest.mark.skipif(CHROMIUM_MISSING, reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    state = app.state.service
    bootstrap(state.db, state.kb)  # the sample registry and the five sample clinics, verified
    with serving(app) as url:
        yield url


def _sign_in(browser: Any, base_url: str, role: str) -> Any:
    page = browser.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", PERSONAS[role])
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    return page


def test_a_lapsed_registration_sends_the_verification_back_and_a_coordinator_matches_a_patient(
    browser: Any, base_url: str, tmp_path: Path
) -> None:
    page = _sign_in(browser, base_url, "verifier")
    page.click("nav >> text=Monitoring")
    assert page.locator("#reverify").inner_text() == "Needs re-verification (0)"

    sample = (SAMPLES_DIR / "registry.csv").read_text(encoding="utf-8")
    lapsed = sample.replace("2024-03-15,2027-03-14", "2024-03-15,2025-11-30").replace(
        ",2026-10-01\n", ",2026-12-01\n"
    )
    newer = tmp_path / "registry-dec.csv"
    newer.write_text(lapsed, encoding="utf-8")
    page.click("nav >> text=Registry")
    page.set_input_files("#registry-import input[name=file]", str(newer))
    page.click("#registry-import button[type=submit]")
    page.wait_for_selector("text=Imported 17 rows")

    page.click("nav >> text=Monitoring")
    assert page.locator("#reverify").inner_text() == "Needs re-verification (1)"
    listed = page.locator("ul.reverify").inner_text()
    assert "Lumen Plastic Surgery Clinic" in listed and "A-2024-03-15-01234" in listed and "lapsed" in listed
    page.close()

    page = _sign_in(browser, base_url, "coordinator")
    page.click("nav >> text=Match")
    page.fill("#match-form input[name=procedure]", "facelift with fat grafting")
    page.select_option("#match-form select[name=indication]", "aesthetic")
    page.click("#match-form button[type=submit]")
    page.wait_for_selector("ol.matches")
    first = page.locator("li.match").first.inner_text()
    assert "Lumen Plastic Surgery Clinic" in first and "needs re-verification" in first
    assert "No payment" in page.locator("#ranking-rule").inner_text()
    page.close()


def test_an_error_page_keeps_the_navigation_in_the_browser(browser: Any, base_url: str) -> None:
    page = _sign_in(browser, base_url, "viewer")
    response = page.goto(f"{base_url}/clinics/999999")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "We could not find that page"
    assert page.locator("header.top nav a", has_text="Verifications").is_visible()
    page.locator("header.top nav a", has_text="Monitoring").click()
    page.wait_for_selector("#reverify")
    page.close()
