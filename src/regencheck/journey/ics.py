"""Export a schedule as an iCalendar file the patient can import into any calendar app.

Follow-ups are timed events in the clinic's zone (with a VTIMEZONE, so the patient's phone
shows them in local time); maintenance and fit-to-fly dates are all-day events. UIDs are
stable per case and item, so re-importing an updated schedule replaces, not duplicates.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import icalendar

from .schedule import Schedule, ScheduleItem

APPOINTMENT_LENGTH = timedelta(hours=1)
PRODID = "-//regencheck//patient schedule//EN"


def _event(item: ScheduleItem, case_id: str, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{case_id}-{item.id}@regencheck")
    event.add("dtstamp", stamp)
    event.add("summary", item.label)
    if item.starts_at is not None:
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.starts_at + APPOINTMENT_LENGTH)
    else:
        event.add("dtstart", item.date)
        event.add("dtend", (item.until or item.date) + timedelta(days=1))
    lines = [item.note] if item.note else []
    lines.append("Source: " + "; ".join(item.citations))
    event.add("description", "\n".join(lines))
    event.add("categories", [item.kind])
    if item.kind == "followup":
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.label)
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
    return event


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: date, last: date) -> icalendar.Timezone | None:
    """The VTIMEZONE of a zone over the years a schedule spans, built once per zone and span.

    icalendar derives it by stepping through every hour of the span (by default 1970-2038), which
    made an export about a thousand times slower than building the schedule; the component is
    only read when serialized, so sharing it between exports is safe.
    """
    try:
        return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:
        return None


def schedule_to_ics(schedule: Schedule, case_id: str, *, generated_at: datetime, title: str = "") -> bytes:
    """The schedule as iCalendar bytes; `generated_at` (aware) becomes each event's DTSTAMP."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if title:
        cal.add("x-wr-calname", title)
    for item in schedule.items:
        cal.add_component(_event(item, case_id, generated_at))
    days = [d for item in schedule.items for d in (item.date, item.until) if d is not None]
    if days:
        first, last = date(min(days).year - 1, 1, 1), date(max(days).year + 2, 1, 1)
        for index, tzid in enumerate(sorted(cal.get_missing_tzids())):
            timezone = _vtimezone(tzid, first, last)
            if timezone is not None:
                cal.subcomponents.insert(index, timezone)
    return bytes(cal.to_ical())
