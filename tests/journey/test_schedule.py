from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regencheck.journey.schedule import add_months, build_schedule

SEOUL = ZoneInfo("Asia/Seoul")


def test_it_schedules_week_1_week_4_and_month_3_from_the_procedure_day() -> None:
    schedule = build_schedule(date(2026, 5, 4))
    followups = {i.id: i.date for i in schedule.followups()}
    assert followups == {
        "week_1": date(2026, 5, 11),
        "week_4": date(2026, 6, 1),
        "month_3": date(2026, 8, 2),
    }
    assert all(i.citations and "Seed 002" in i.citations[0] for i in schedule.followups())


def test_it_uses_the_surgical_adjunct_protocol_for_same_day_svf_without_maintenance() -> None:
    schedule = build_schedule(date(2026, 5, 4), category="autologous_svf_same_day")
    assert schedule.protocol == "surgical_adjunct"
    assert not [i for i in schedule.items if i.kind == "maintenance"]


def test_it_plans_maintenance_six_to_twelve_months_after_a_regenerative_programme() -> None:
    schedule = build_schedule(date(2026, 1, 31), category="cell_free_derivative")
    (maintenance,) = [i for i in schedule.items if i.kind == "maintenance"]
    assert (maintenance.date, maintenance.until) == (date(2026, 7, 31), date(2027, 1, 31))


def test_it_gives_fit_to_fly_dates_only_for_a_joint_injection() -> None:
    joint = build_schedule(date(2026, 5, 4), indication="orthopedic", route="intra_articular")
    flights = {i.id: i.date for i in joint.items if i.kind == "fit_to_fly"}
    assert flights == {"joint_short_haul": date(2026, 5, 11), "joint_long_haul": date(2026, 5, 15)}
    face = build_schedule(date(2026, 5, 4), indication="aesthetic")
    assert not [i for i in face.items if i.kind == "fit_to_fly"]


def test_it_shows_a_seoul_morning_appointment_the_evening_before_in_los_angeles() -> None:
    schedule = build_schedule(
        date(2026, 5, 4), patient_timezone="America/Los_Angeles", appointment_time=time(10, 0)
    )
    week1 = schedule.followups()[0]
    assert week1.starts_at == datetime(2026, 5, 11, 10, 0, tzinfo=SEOUL)
    assert week1.patient_starts_at is not None
    assert (week1.patient_starts_at.date(), week1.patient_starts_at.hour) == (date(2026, 5, 10), 18)


def test_it_shows_the_same_appointment_an_hour_earlier_in_jakarta() -> None:
    week1 = build_schedule(date(2026, 5, 4), patient_timezone="Asia/Jakarta").followups()[0]
    assert week1.patient_starts_at is not None
    assert (week1.patient_starts_at.date(), week1.patient_starts_at.hour) == (date(2026, 5, 11), 8)


def test_it_adds_the_clinics_extra_visits_and_cites_the_clinic_plan() -> None:
    schedule = build_schedule(date(2026, 5, 4), clinic_follow_up_days=[3, 7, 28, 90])
    extra = [i for i in schedule.followups() if i.id == "clinic_day_3"]
    assert len(extra) == 1 and extra[0].source == ["clinic_aftercare_plan"]
    assert len(schedule.followups()) == 4


def test_it_labels_items_in_the_patients_language() -> None:
    schedule = build_schedule(date(2026, 5, 4), language="id")
    assert schedule.followups()[0].label == "Kontrol minggu ke-1"
    assert build_schedule(date(2026, 5, 4), language="ko").followups()[0].label == "1주차 추적 진료"


def test_it_lists_overdue_and_due_items_for_the_dashboard() -> None:
    schedule = build_schedule(date(2026, 5, 4))
    pending = schedule.pending(date(2026, 5, 28))
    assert [(i.id, s) for i, s in pending] == [("week_1", "overdue"), ("week_4", "due")]
    assert schedule.pending(date(2026, 5, 28), done=frozenset({"week_1"}))[0][0].id == "week_4"


def test_it_refuses_an_unknown_time_zone() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        build_schedule(date(2026, 5, 4), patient_timezone="Mars/Olympus")


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 36))
def test_adding_months_never_overshoots_the_target_month(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
