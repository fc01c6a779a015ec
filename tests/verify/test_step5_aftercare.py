"""Step 5: follow-up, adverse-event channel, remote follow-up, candidacy screening."""

from __future__ import annotations

from .conftest import Verify, compliant


def test_5_1_passes_with_week_1_week_4_month_3_and_photos(verify: Verify) -> None:
    assert verify(compliant()).criterion("5.1").status == "pass"


def test_5_1_fails_without_a_week_4_visit(verify: Verify) -> None:
    d = compliant()
    d["aftercare"]["follow_up_days"] = [7, 90]
    mark = verify(d).criterion("5.1")
    assert mark.status == "fail" and "week 4" in mark.explanation


def test_5_1_fails_without_baseline_photos(verify: Verify) -> None:
    d = compliant()
    d["aftercare"]["baseline_photos"] = False
    assert verify(d).criterion("5.1").status == "fail"


def test_5_1_is_unknown_without_a_schedule(verify: Verify) -> None:
    d = compliant()
    del d["aftercare"]["follow_up_days"]
    assert verify(d).criterion("5.1").status == "unknown"


def test_5_2_passes_in_the_patients_language(verify: Verify) -> None:
    assert verify(compliant()).criterion("5.2").status == "pass"


def test_5_2_fails_when_the_channel_lacks_the_patients_language(verify: Verify) -> None:
    d = compliant()
    d["patient"]["language"] = "ja"
    assert verify(d).criterion("5.2").status == "fail"


def test_5_2_fails_without_escalation(verify: Verify) -> None:
    d = compliant()
    d["aftercare"]["escalation_to_senior_physician"] = False
    assert verify(d).criterion("5.2").status == "fail"


def test_5_2_is_unknown_when_the_patients_language_is_unknown(verify: Verify) -> None:
    d = compliant()
    del d["patient"]["language"]
    assert verify(d).criterion("5.2").status == "unknown"


def test_5_3_passes_with_remote_follow_up(verify: Verify) -> None:
    assert verify(compliant()).criterion("5.3").status == "pass"


def test_5_3_fails_without_remote_follow_up(verify: Verify) -> None:
    d = compliant()
    d["aftercare"]["remote_follow_up"] = False
    assert verify(d).criterion("5.3").status == "fail"


def test_5_3_is_unknown_when_not_recorded(verify: Verify) -> None:
    d = compliant()
    del d["aftercare"]["remote_follow_up"]
    assert verify(d).criterion("5.3").status == "unknown"


def test_5_4_passes_with_full_screening(verify: Verify) -> None:
    assert verify(compliant()).criterion("5.4").status == "pass"


def test_5_4_fails_when_donor_fat_was_not_assessed(verify: Verify) -> None:
    d = compliant()
    d["aftercare"]["candidacy_screening"]["donor_fat"] = False
    mark = verify(d).criterion("5.4")
    assert mark.status == "fail" and "donor fat" in mark.explanation


def test_5_4_is_unknown_without_screening(verify: Verify) -> None:
    d = compliant()
    del d["aftercare"]["candidacy_screening"]
    assert verify(d).criterion("5.4").status == "unknown"


def test_5_2_matches_language_names_to_codes(verify: Verify) -> None:
    d = compliant()
    d["patient"]["language"] = "id"
    d["aftercare"]["adverse_event_languages"] = ["English", "Bahasa Indonesia"]
    assert verify(d).criterion("5.2").status == "pass"
    d["patient"]["language"] = "Korean"
    d["aftercare"]["adverse_event_languages"] = ["한국어"]
    assert verify(d).criterion("5.2").status == "pass"
