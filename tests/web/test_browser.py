"""The web app in a real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright:
sign in, import the sample registry, verify a sample dossier, scan an advert, and check that a
viewer cannot reach a verifier's form. Pages are also read with JavaScript off."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from regencheck.store.bootstrap import SAMPLES_DIR

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
    with serving(app) as url:
        yield url


def _sign_in(browser: Any, base_url: str, role: str, *, javascript: bool = True) -> Any:
    page = browser.new_page(java_script_enabled=javascript)
    page.set_default_timeout(20_000)
    page.goto(f"{base_url}/")
    assert "/login" in page.url
    page.fill("input[name=username]", PERSONAS[role])
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    return page


def test_a_verifier_imports_the_registry_verifies_a_dossier_and_sees_its_verdict(
    browser: Any, base_url: str
) -> None:
    page = _sign_in(browser, base_url, "verifier")
    page.click("nav >> text=Registry")
    page.set_input_files("#registry-import input[name=file]", str(SAMPLES_DIR / "registry.csv"))
    page.click("#registry-import button[type=submit]")
    page.wait_for_selector("text=Imported 17 rows")
    assert page.locator("td.rows").first.inner_text() == "17"

    page.click("nav >> text=Verify")
    page.set_input_files(
        "#verify-form input[name=file]", str(SAMPLES_DIR / "dossiers" / "exosome_sold_as_stem_cell.yaml")
    )
    page.set_input_files(
        "#verify-form input[name=attachments]", str(SAMPLES_DIR / "marketing" / "advertorial_en.html")
    )
    page.click("#verify-form button[type=submit]")
    page.wait_for_selector("#verdict")
    assert page.locator("#verdict").inner_text().strip() == "not verified"
    assert page.locator("li.criterion").count() == 24
    assert page.locator("section.scorecard h2").count() == 5
    assert "<html" not in page.locator("details pre.code").inner_text(), "the page is stored as its text"
    page.close()


def test_a_pasted_advert_comes_back_with_highlighted_spans(browser: Any, base_url: str) -> None:
    page = _sign_in(browser, base_url, "viewer")
    page.click("nav >> text=Scan")
    page.fill(
        "textarea[name=text]", "Our stem cell treatment is guaranteed to reverse aging, with no side effects!"
    )
    page.click("form button[type=submit] >> text=Scan")
    marks = page.locator("mark.finding")
    marks.first.wait_for()
    assert marks.count() >= 2
    assert "guarantee" in (marks.first.get_attribute("title") or "") or marks.count() > 1
    marks.first.hover()
    tip = page.locator("div.tip")
    tip.wait_for()
    assert tip.inner_text()
    page.close()


def test_a_viewer_cannot_reach_a_verifiers_form(browser: Any, base_url: str) -> None:
    page = _sign_in(browser, base_url, "viewer")
    assert page.locator("nav >> text=Verify").count() == 0
    response = page.goto(f"{base_url}/verify")
    assert response is not None and response.status == 403
    assert page.locator("#verify-form").count() == 0
    assert "does not allow" in page.locator("p.error").inner_text()
    page.close()


def test_pages_read_without_javascript(browser: Any, base_url: str) -> None:
    page = _sign_in(browser, base_url, "viewer", javascript=False)
    for path, text in [("/", "Clinics"), ("/registry", "Registry snapshots"), ("/scan", "Scan an advert")]:
        page.goto(f"{base_url}{path}")
        assert text in page.locator("h1").first.inner_text()
    page.close()


def test_the_api_reference_works_offline_under_the_strict_csp(browser: Any, base_url: str) -> None:
    """/docs draws every operation from files this server sends: no other origin is asked for
    anything, and the browser reports no CSP violation."""
    page = browser.new_page()
    page.set_default_timeout(20_000)
    foreign: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base_url) else foreign.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{base_url}/docs")
    page.wait_for_selector('.opblock-summary-path[data-path="/api/clinics"]')
    assert page.locator(".opblock").count() > 40
    page.close()
    assert foreign == []
    assert [p for p in problems if "Content Security Policy" in p] == []
