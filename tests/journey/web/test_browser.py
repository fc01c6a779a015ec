"""The case flow in a real browser: a coordinator opens a case, moves it to procedure day,
records and escalates a reaction and downloads the Indonesian PDF; a viewer sees none of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi import FastAPI

from tests.web.conftest import PASSWORD, PERSONAS
from tests.web.livesrv import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_MISSING, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM_MISSING, reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def live_url(app: FastAPI) -> Iterator[str]:
    with serving(app) as url:
        yield url


def test_a_coordinator_runs_a_case_and_a_viewer_sees_no_patient_data(live_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{live_url}/login")
            page.fill("input[name=username]", PERSONAS["coordinator"])
            page.fill("input[name=password]", PASSWORD)
            page.click("main button[type=submit]")
            page.goto(f"{live_url}/cases/new")
            page.fill("input[name=alias]", "Ibu Sari")
            page.fill("input[name=home_country]", "ID")
            page.select_option("select[name=language]", "id")
            page.fill("input[name=contact_channel]", "WhatsApp +62 812 0000")
            page.fill("input[name=timezone]", "Asia/Jakarta")
            page.check("input[name=consent]")
            page.fill("input[name=consent_recorded_on]", "2026-09-01")
            page.fill("input[name=clinic]", "Gangnam Example Aesthetic Clinic")
            page.fill("input[name=offering]", "Stem cell facelift")
            page.fill("input[name=category]", "autologous_svf_same_day")
            page.fill("input[name=procedure_date]", (date.today() - timedelta(days=10)).isoformat())
            page.click("form.stacked button[type=submit]")
            page.wait_for_url("**/cases/*")
            case_url = page.url
            assert "Ibu Sari" in page.inner_text("h1")

            page.select_option("select[name=stage]", "procedure_day")
            page.click("text=Move case")
            assert page.inner_text("#stage") == "Procedure day"
            assert "overdue" in page.inner_text("table.schedule")  # week 1 was three days ago

            page.fill("input[name=onset]", (date.today() - timedelta(days=2)).isoformat())
            page.check("input[value=nodule]")
            page.fill("input[name=reporter]", "Ibu Sari")
            page.click("text=Record and triage")
            event = page.locator("section.event").first
            assert "unexpected" in event.inner_text() and "escalated" in event.inner_text()
            event.locator("select[name=action]").select_option("senior_review_requested")
            event.locator("input[name=note]").fill("Dr Park reviews on Friday")
            event.locator("text=Log step").click()
            assert "Dr Park reviews on Friday" in page.locator("section.event").first.inner_text()

            pdf = page.request.get(f"{case_url}/report.pdf?lang=id")
            assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"
            page.screenshot(path="/tmp/regencheck-case-flow.png", full_page=True)

            viewer = browser.new_page()
            viewer.goto(f"{live_url}/login")
            viewer.fill("input[name=username]", PERSONAS["viewer"])
            viewer.fill("input[name=password]", PASSWORD)
            viewer.click("main button[type=submit]")
            response = viewer.goto(case_url)
            assert response is not None and response.status == 403
            assert "Ibu Sari" not in viewer.content() and "WhatsApp" not in viewer.content()
        finally:
            browser.close()
