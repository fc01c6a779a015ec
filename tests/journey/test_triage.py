from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regencheck.errors import ValidationFailed
from regencheck.journey.triage import LEVEL_ORDER, emergency_contacts, triage

SEOUL = ZoneInfo("Asia/Seoul")
JAKARTA = ZoneInfo("Asia/Jakarta")
PROCEDURE = datetime(2026, 5, 4, 10, 0, tzinfo=SEOUL)


def after(hours: float) -> datetime:
    return PROCEDURE + timedelta(hours=hours)


def test_it_calls_erythema_mild_oedema_and_pinpoint_bleeding_on_day_2_expected() -> None:
    result = triage(
        ["erythema", "mild_oedema", "pinpoint_bleeding"], procedure_at=PROCEDURE, reported_at=after(48)
    )
    assert result.level == "expected"
    assert not result.escalate
    assert [a.id for a in result.actions] == ["self_care"]


def test_it_escalates_erythema_still_present_after_its_72_hour_window() -> None:
    result = triage(["erythema"], procedure_at=PROCEDURE, reported_at=after(24 * 8))
    assert result.level == "unexpected"
    assert result.symptoms[0].reason == "beyond_expected_window"
    assert "senior_physician_review" in [a.id for a in result.actions]


@pytest.mark.parametrize("symptom", ["sustained_erythema", "nodule", "asymmetry"])
def test_it_escalates_the_unexpected_responses_seed_002_names(symptom: str) -> None:
    result = triage([symptom], procedure_at=PROCEDURE, reported_at=after(24 * 10))
    assert result.level == "unexpected"
    due = {a.id: a.due_at for a in result.actions}
    assert due["contact_clinic"] == after(24 * 10 + 24)
    assert due["senior_physician_review"] == after(24 * 10 + 72)
    assert not result.emergency_contacts


def test_it_puts_korean_then_home_country_emergency_numbers_first_for_an_emergency() -> None:
    result = triage(
        ["nodule", "breathing_difficulty"], procedure_at=PROCEDURE, reported_at=after(30), home_country="ID"
    )
    assert result.level == "emergency"
    assert result.actions[0].id == "call_emergency"
    assert result.actions[0].due_at == after(30)
    numbers = [(c.country, c.number) for c in result.emergency_contacts]
    assert numbers[:2] == [("KR", "119"), ("KR", "1339")]
    assert ("ID", "112") in numbers


def test_it_compares_a_jakarta_report_with_a_seoul_procedure_on_one_clock() -> None:
    # 13:00 in Jakarta on day 3 is 15:00 in Seoul: 77 h after the procedure, beyond 72 h.
    reported = datetime(2026, 5, 7, 13, 0, tzinfo=JAKARTA)
    assert triage(["mild_oedema"], procedure_at=PROCEDURE, reported_at=reported).level == "unexpected"
    reported = datetime(2026, 5, 7, 7, 0, tzinfo=JAKARTA)  # 09:00 Seoul: 71 h
    assert triage(["mild_oedema"], procedure_at=PROCEDURE, reported_at=reported).level == "expected"


def test_it_sends_a_free_text_only_report_to_a_person() -> None:
    result = triage([], free_text="It feels strange", procedure_at=PROCEDURE, reported_at=after(5))
    assert (result.level, result.needs_human_review) == ("unexpected", True)


def test_it_names_the_unknown_symptom_and_the_allowed_ones() -> None:
    with pytest.raises(ValidationFailed) as err:
        triage(["erythema", "itchy"], procedure_at=PROCEDURE, reported_at=after(5))
    assert err.value.problems[0].location == "symptoms[1]"
    assert "nodule" in err.value.problems[0].message


def test_it_refuses_times_without_a_time_zone() -> None:
    with pytest.raises(ValidationFailed):
        triage(["erythema"], procedure_at=PROCEDURE.replace(tzinfo=None), reported_at=after(5))


def test_it_translates_actions_and_contacts_into_indonesian() -> None:
    contacts = emergency_contacts("SG", language="id")
    assert ("SG", "995") in [(c.country, c.number) for c in contacts]
    result = triage(["nodule"], procedure_at=PROCEDURE, reported_at=after(200), language="id")
    assert result.actions[0].label.startswith("Hubungi klinik")


SYMPTOMS = ["erythema", "mild_oedema", "pinpoint_bleeding", "bruising", "nodule", "asymmetry", "chest_pain"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(SYMPTOMS), min_size=1, max_size=4), st.floats(0, 24 * 120), st.floats(0, 24 * 30)
)
def test_waiting_longer_never_makes_a_report_less_serious(
    symptoms: list[str], hours: float, more: float
) -> None:
    early = triage(symptoms, procedure_at=PROCEDURE, reported_at=after(hours))
    late = triage(symptoms, procedure_at=PROCEDURE, reported_at=after(hours + more))
    assert LEVEL_ORDER[late.level] >= LEVEL_ORDER[early.level]
    assert early.level == max((s.level for s in early.symptoms), key=LEVEL_ORDER.__getitem__)
    assert early.escalate == (early.level != "expected")
