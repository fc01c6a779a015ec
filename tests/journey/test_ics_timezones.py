"""The ICS export's VTIMEZONE covers the years the schedule spans, so calendar apps place
follow-ups at the right local time, including across a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from regencheck.journey import build_schedule, schedule_to_ics

STAMP = datetime(2026, 11, 1, tzinfo=UTC)


def export(procedure: date, zone: str) -> icalendar.Calendar:
    schedule = build_schedule(procedure, clinic_follow_up_days=[7, 28, 90], clinic_timezone=zone)
    return icalendar.Calendar.from_ical(schedule_to_ics(schedule, "case-1", generated_at=STAMP))


def test_every_zone_an_event_uses_has_its_vtimezone() -> None:
    cal = export(date(2026, 12, 1), "Asia/Seoul")
    assert cal.get_missing_tzids() == set()
    assert cal.subcomponents[0].name == "VTIMEZONE"


def test_follow_ups_either_side_of_a_daylight_saving_change_keep_their_local_offsets() -> None:
    cal = export(date(2027, 3, 1), "Europe/London")
    starts = sorted(
        e.get("dtstart").dt for e in cal.walk("VEVENT") if isinstance(e.get("dtstart").dt, datetime)
    )
    offsets = {s.utcoffset() for s in starts}
    assert offsets == {timedelta(0), timedelta(hours=1)}
    kinds = {c.name for c in cal.walk("VTIMEZONE")[0].subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}


def test_repeated_exports_are_identical() -> None:
    schedule = build_schedule(date(2026, 12, 1), clinic_follow_up_days=[7, 28, 90])
    first = schedule_to_ics(schedule, "case-1", generated_at=STAMP)
    assert schedule_to_ics(schedule, "case-1", generated_at=STAMP) == first
