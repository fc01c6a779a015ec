"""Step 1: the specialist's licence, board, years, cases and record each pass, fail or stay unknown."""

from __future__ import annotations

from typing import Any

from .conftest import Verify, compliant


def status(verify: Verify, dossier: dict[str, Any], criterion: str) -> str:
    return verify(dossier).criterion(criterion).status


def test_1_1_passes_with_a_checked_licence(verify: Verify) -> None:
    assert status(verify, compliant(), "1.1") == "pass"


def test_1_1_fails_during_a_licence_suspension(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["disciplinary_actions"] = [
        {
            "date": "2026-09-01",
            "until": "2026-12-31",
            "kind": "suspension",
            "summary": "three-month suspension",
        }
    ]
    mark = verify(d).criterion("1.1")
    assert mark.status == "fail" and "suspension" in mark.explanation


def test_1_1_is_unknown_without_a_licence_number(verify: Verify) -> None:
    d = compliant()
    del d["specialist"]["licence_number"]
    assert status(verify, d, "1.1") == "unknown"


def test_1_1_is_unknown_when_the_licence_is_only_stated(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["evidence"] = []
    assert status(verify, d, "1.1") == "unknown"


def test_1_1_is_unknown_when_the_only_check_is_stale(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["evidence"][0]["checked_on"] = "2024-01-01"
    mark = verify(d).criterion("1.1")
    assert mark.status == "unknown" and "more than 12 months" in mark.explanation


def test_1_2_passes_for_a_plastic_surgeon_doing_an_aesthetic_procedure(verify: Verify) -> None:
    assert status(verify, compliant(), "1.2") == "pass"


def test_1_2_fails_when_the_specialty_does_not_match(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["specialty"] = "family_medicine"
    assert status(verify, d, "1.2") == "fail"


def test_1_2_fails_without_board_certification(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["board_certified"] = False
    assert status(verify, d, "1.2") == "fail"


def test_1_2_is_unknown_when_certification_is_not_recorded(verify: Verify) -> None:
    d = compliant()
    del d["specialist"]["board_certified"]
    assert status(verify, d, "1.2") == "unknown"


def test_1_3_passes_at_eighteen_years(verify: Verify) -> None:
    assert status(verify, compliant(), "1.3") == "pass"


def test_1_3_fails_below_fifteen_years(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["years_in_subspecialty"] = 14
    mark = verify(d).criterion("1.3")
    assert mark.status == "fail" and "15" in mark.explanation and "seed_000" in mark.source


def test_1_3_is_unknown_when_years_are_not_recorded(verify: Verify) -> None:
    d = compliant()
    del d["specialist"]["years_in_subspecialty"]
    assert status(verify, d, "1.3") == "unknown"


def test_1_4_passes_at_twelve_thousand_cases(verify: Verify) -> None:
    assert status(verify, compliant(), "1.4") == "pass"


def test_1_4_fails_below_ten_thousand_cases(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["cumulative_cases"] = 9999
    assert status(verify, d, "1.4") == "fail"


def test_1_4_is_unknown_when_cases_are_undocumented(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["evidence"] = [{"kind": "medical_licence", **d["specialist"]["evidence"][0]}]
    assert status(verify, d, "1.4") == "unknown"


def test_1_5_passes_with_a_checked_clean_record(verify: Verify) -> None:
    assert status(verify, compliant(), "1.5") == "pass"


def test_1_5_fails_with_an_action_on_record(verify: Verify) -> None:
    d = compliant()
    d["specialist"]["disciplinary_actions"] = [
        {"date": "2019-05-01", "summary": "false advertising fine", "kind": "fine"}
    ]
    mark = verify(d).criterion("1.5")
    assert mark.status == "fail" and "2019-05-01" in mark.explanation


def test_1_5_is_unknown_when_the_record_was_not_checked(verify: Verify) -> None:
    d = compliant()
    del d["specialist"]["disciplinary_actions"]
    assert status(verify, d, "1.5") == "unknown"
