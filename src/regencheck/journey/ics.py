"""Export a schedule as an iCalendar file the patient can import into any calendar app.

Follow-ups are timed events in the clinic's zone (with a VTIMEZONE, so the patient's phone
shows them in local time); maintenance and fit-to-fly dates are all-day events. UIDs are
stable per case and item, so re-importing an updated schedule replaces, not duplicates.
"""

from __future__ import annotations

from datetime import datetime, timedelta

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
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
