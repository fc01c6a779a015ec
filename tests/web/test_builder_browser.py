"""The done-when path of the dossier builder in a real headless Chromium (Debian's), on SQLite and
PostgreSQL: a verifier builds a new clinic step by step in the browser (no YAML), a refused field
keeps what was typed, the record is verified with a chosen snapshot and day, a newer registry
snapshot lapses the clinic's registration and monitoring lists it under "Needs re-verification",
and a coordinator matches a patient's goal to the clinic's specialist. A viewer sees no form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from .conftest import PASSWORD, PERSONAS
from .livesrv import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_MISSING, serving
from .test_builder_api import CLINIC, REGISTRY_DEC, REGISTRY_OCT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True),
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


def _sign_in(browser: Any, base_url: str, role: str) -> Any:
    page = browser.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", PERSONAS[role])
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    return page


def _import_snapshot(page: Any, path: Path) -> None:
    page.click("nav >> text=Registry")
    page.set_input_files("#registry-import input[name=file]", str(path))
    page.click("#registry-import button[type=submit]")
    page.wait_for_selector(f"text=from {path.name}")


def _open(page: Any, form_id: str) -> None:
    """Open the <details> holding a builder form (forms stay folded until wanted)."""
    summary = page.locator(f"details:has(#{form_id}) > summary")
    if page.locator(f"details:has(#{form_id})").get_attribute("open") is None:
        summary.click()


def _save(page: Any, form_id: str) -> None:
    page.locator(f"#{form_id} button[type=submit]").first.click()
    page.wait_for_load_state()


def test_a_verifier_builds_verifies_and_monitors_a_clinic_and_a_coordinator_matches_it(
    browser: Any, base_url: str, tmp_path: Path
) -> None:
    october, december = tmp_path / "registry-oct.csv", tmp_path / "registry-dec.csv"
    october.write_text(REGISTRY_OCT, encoding="utf-8")
    december.write_text(REGISTRY_DEC, encoding="utf-8")
    page = _sign_in(browser, base_url, "verifier")
    _import_snapshot(page, october)

    page.goto(f"{base_url}/clinics/new")
    page.fill("input[name=name]", CLINIC)
    page.click("form button[type=submit] >> text=Create clinic")
    page.wait_for_selector("#step-1")
    assert page.locator("h1").inner_text() == CLINIC

    _open(page, "section-clinic")
    form = "#section-clinic"
    page.fill(f"{form} input[name=address]", "Seoul")
    page.select_option(f"{form} select[name=institution_type]", "clinic")
    page.fill(f"{form} input[name=licence_number]", "HB-2015-0101")
    _save(page, "section-clinic")

    _open(page, "credential-new")
    form = "#credential-new"
    page.select_option(f"{form} select[name=kind]", "foreign_patient_registration")
    page.fill(f"{form} input[name=number]", "F-2025-0042")
    page.fill(f"{form} input[name=valid_until]", "2027-06-30")
    page.fill(f"{form} input[name='evidence.source']", "Seoul registration list")
    page.fill(f"{form} input[name='evidence.checked_on']", "2026-10-02")
    page.select_option(f"{form} select[name='evidence.method']", "registry")
    _save(page, "credential-new")
    assert "F-2025-0042" in page.locator("table.credentials").inner_text()

    _open(page, "specialist-new")
    form = "#specialist-new"
    page.fill(f"{form} input[name=name]", "Dr. Ha-eun Yoon")
    page.select_option(f"{form} select[name=specialty]", "plastic_surgery")
    page.select_option(f"{form} select[name=board_certified]", "true")
    page.fill(f"{form} input[name=subspecialty]", "facelift")
    page.fill(f"{form} input[name=years_in_subspecialty]", "18")
    page.fill(f"{form} input[name=cumulative_cases]", "12,000")
    page.select_option(f"{form} select[name=disciplinary_record]", "none")
    _save(page, "specialist-new")

    _open(page, "offering-new")
    form = "#offering-new"
    page.fill(f"{form} input[name=marketing_name]", "SVF facelift")
    page.select_option(f"{form} select[name=indication]", "aesthetic")
    page.select_option(f"{form} select[name=role]", "adjunct")
    page.fill(f"{form} input[name=base_procedure]", "facelift")
    page.select_option(f"{form} select[name='therapy.cell_source']", "autologous")
    page.select_option(f"{form} select[name='therapy.tissue']", "adipose")
    page.select_option(f"{form} select[name='therapy.same_procedure']", "true")
    _save(page, "offering-new")

    _open(page, "marketing-new")
    page.fill("#marketing-new textarea[name=text]", "Our facelift may be combined with fat grafting.")
    _save(page, "marketing-new")
    assert "risk:" in page.locator("ul.marketing").inner_text()

    _open(page, "section-quote")
    form = "#section-quote"
    page.fill(f"{form} input[name=currency]", "XYZ")
    page.fill(f"{form} input[name='lines.0.item']", "Facelift")
    page.fill(f"{form} input[name='lines.0.amount']", "15,000,000")
    _save(page, "section-quote")
    error = page.locator(f"{form} .field-error").first
    assert "quote.currency" in error.inner_text()
    assert page.locator(f"{form} input[name=currency]").input_value() == "XYZ", "what was typed stays"
    assert page.locator(f"{form} input[name='lines.0.amount']").input_value() == "15,000,000"
    page.fill(f"{form} input[name=currency]", "KRW")
    _save(page, "section-quote")
    assert page.locator(".field-error").count() == 0

    _open(page, "section-consultation")
    page.select_option("#section-consultation select[name=physician_led]", "true")
    page.fill("#section-consultation input[name=minutes]", "45")
    _save(page, "section-consultation")
    _open(page, "section-aftercare")
    page.fill("#section-aftercare input[name=follow_up_days]", "7, 28, 90")
    _save(page, "section-aftercare")

    page.select_option("#verify-clinic select[name=snapshot_id]", label=_option(page, "registry-oct.csv"))
    page.fill("#verify-clinic input[name=as_of]", "2026-10-15")
    page.click("#verify-clinic button[type=submit]")
    page.wait_for_selector("#verdict")
    assert page.locator("li.criterion").count() == 24
    assert "as of Oct 15, 2026" in page.locator("p.muted").first.inner_text()
    registration = page.locator("li.criterion[data-criterion='2.4']")
    assert "c-pass" in (registration.get_attribute("class") or ""), "the credential typed in counts"

    page.click("nav >> text=Monitoring")
    assert page.locator("#reverify").inner_text() == "Needs re-verification (0)"
    _import_snapshot(page, december)
    page.click("nav >> text=Monitoring")
    assert page.locator("#reverify").inner_text() == "Needs re-verification (1)"
    listed = page.locator("ul.reverify").inner_text()
    assert CLINIC in listed and "F-2025-0042" in listed and "lapsed" in listed
    page.close()

    page = _sign_in(browser, base_url, "coordinator")
    page.click("nav >> text=Match")
    page.fill("#match-form input[name=procedure]", "facelift with fat grafting")
    page.select_option("#match-form select[name=indication]", "aesthetic")
    page.click("#match-form button[type=submit]")
    page.wait_for_selector("ol.matches")
    first = page.locator("li.match").first.inner_text()
    assert "Dr. Ha-eun Yoon" in first and CLINIC in first and "needs re-verification" in first
    page.close()

    page = _sign_in(browser, base_url, "viewer")
    page.click(f"text={CLINIC}")
    page.wait_for_selector("#step-5")
    assert "Dr. Ha-eun Yoon" in page.locator("#step-1").inner_text()
    assert page.locator("form.builder").count() == 0 and page.locator("#verify-clinic").count() == 0
    page.close()


def _option(page: Any, contains: str) -> str:
    labels: list[str] = page.locator("#verify-clinic select[name=snapshot_id] option").all_inner_texts()
    return next(label for label in labels if contains in label)
