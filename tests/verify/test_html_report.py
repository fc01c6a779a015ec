"""The HTML scorecard: five steps, 24 marks, reasons, what to ask for, escaped clinic text."""

from __future__ import annotations

from regencheck.reports.scorecard import render_scorecard_html
from regencheck.reports.scorecard_text import render_scorecard_text

from .conftest import Verify, compliant


def test_it_draws_24_marks_in_five_steps_with_the_verdict(verify: Verify) -> None:
    html = render_scorecard_html(verify(compliant()).to_dict())
    assert html.count("<rect") == 24 and html.count(">Step ") >= 5
    assert "Verified" in html and "What to ask for" not in html


def test_failing_and_unknown_criteria_say_what_to_ask_for(verify: Verify) -> None:
    d = compliant()
    d["consultation"]["minutes"] = 10
    del d["aftercare"]["candidacy_screening"]
    html = render_scorecard_html(verify(d).to_dict())
    assert "What to ask for" in html
    assert "at least 30 minutes, booked in writing" in html and "documented candidacy screening" in html


def test_clinic_supplied_text_is_escaped(verify: Verify) -> None:
    d = compliant()
    d["clinic"]["name"] = "<script>alert(1)</script> Clinic"
    card = verify(d).to_dict()
    html = render_scorecard_html(card)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_the_disclaimer_appears_once(verify: Verify) -> None:
    html = render_scorecard_html(verify(compliant()).to_dict())
    assert html.count("not medical or legal advice") == 1


def test_the_text_report_puts_the_verdict_first(verify: Verify) -> None:
    text = render_scorecard_text(verify(compliant()).to_dict())
    assert text.splitlines()[2].startswith("Verdict: VERIFIED")
