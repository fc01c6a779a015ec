"""The patient's schedule after a procedure: follow-ups, maintenance, fit-to-fly dates.

Dates count from the procedure day at the clinic (Asia/Seoul). Follow-up appointments are
at a clinic time; the schedule also gives each in the patient's own time zone, because a
remote follow-up at 10:00 in Seoul is 09:00 in Jakarta and the evening before in Los Angeles.
Every item names the knowledge entries it comes from, so the report and the calendar cite
the same facts. Pure: no I/O, no clock (callers pass `today`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ..dates import add_months
from ..knowledge import KnowledgeBase
from . import knowledge as jk
from .case import CLINIC_TIMEZONE, check_timezone
from .schema import FollowupProtocol, TravelRule

ItemKind = Literal["followup", "maintenance", "fit_to_fly"]
ItemStatus = Literal["done", "overdue", "due", "upcoming", "reached"]
CLINIC_PLAN_SOURCE = "clinic_aftercare_plan"
Day = date  # an alias, because `ScheduleItem.date` shadows the type inside the class body


@dataclass(frozen=True)
class ScheduleItem:
    """One dated item. `starts_at` is the clinic-time appointment (None for all-day items)."""

    kind: ItemKind
    id: str
    day: int
    date: Day
    label: str
    source: list[str]
    citations: list[str]
    verified: bool = True
    remote: bool = False
    starts_at: datetime | None = None
    patient_starts_at: datetime | None = None
    until: Day | None = None
    note: str = ""

    def status(self, today: Day, done: frozenset[str] = frozenset(), due_within_days: int = 7) -> ItemStatus:
        """Whether the item is done, overdue, due within `due_within_days`, or still ahead.

        A fit-to-fly date is not a task: once its day has come it is `reached`, never overdue.
        """
        if self.kind == "fit_to_fly":
            return "reached" if self.date <= today else "upcoming"
        if self.id in done:
            return "done"
        if self.date < today:
            return "overdue"
        if self.date <= today + timedelta(days=due_within_days):
            return "due"
        return "upcoming"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "day": self.day,
            "date": self.date.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "label": self.label,
            "remote": self.remote,
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
            "patient_starts_at": self.patient_starts_at.isoformat() if self.patient_starts_at else None,
            "note": self.note,
            "source": list(self.source),
            "citations": list(self.citations),
            "verified": self.verified,
        }


@dataclass(frozen=True)
class Schedule:
    """The items of one procedure, sorted by date, and the protocol they came from."""

    procedure_date: date
    protocol: str
    clinic_timezone: str
    patient_timezone: str
    language: str
    items: list[ScheduleItem] = field(default_factory=list)

    def followups(self) -> list[ScheduleItem]:
        return [i for i in self.items if i.kind == "followup"]

    def pending(
        self, today: date, done: frozenset[str] = frozenset()
    ) -> list[tuple[ScheduleItem, ItemStatus]]:
        """Items due or overdue on `today` (what a dashboard lists), oldest first."""
        out = [(i, i.status(today, done)) for i in self.items]
        return [(i, s) for i, s in out if s in ("due", "overdue")]

    def to_dict(self, today: date | None = None, done: frozenset[str] = frozenset()) -> dict[str, Any]:
        items = []
        for item in self.items:
            d = item.to_dict()
            if today is not None:
                d["status"] = item.status(today, done)
            items.append(d)
        return {
            "procedure_date": self.procedure_date.isoformat(),
            "protocol": self.protocol,
            "clinic_timezone": self.clinic_timezone,
            "patient_timezone": self.patient_timezone,
            "language": self.language,
            "items": items,
        }


def select_protocol(
    kb: KnowledgeBase, category: str | None = None, indication: str | None = None
) -> FollowupProtocol:
    """The protocol for the therapy's category (or indication); the default one otherwise."""
    protocols = jk.followup(kb).protocols
    for p in protocols:
        if (category and category in p.categories) or (indication and indication in p.indications):
            return p
    return next(p for p in protocols if p.default)


def _rule_applies(rule: TravelRule, category: str | None, indication: str | None, route: str | None) -> bool:
    filters = [(rule.categories, category), (rule.indications, indication), (rule.routes, route)]
    if not any(allowed for allowed, _ in filters):
        return True
    return any(value is not None and value in allowed for allowed, value in filters)


def build_schedule(
    procedure_date: date,
    kb: KnowledgeBase | None = None,
    *,
    category: str | None = None,
    indication: str | None = None,
    route: str | None = None,
    clinic_follow_up_days: list[int] | None = None,
    appointment_time: time = time(10, 0),
    clinic_timezone: str = CLINIC_TIMEZONE,
    patient_timezone: str = CLINIC_TIMEZONE,
    language: str = "en",
) -> Schedule:
    """Follow-ups, maintenance and fit-to-fly dates for a procedure on `procedure_date`.

    The protocol comes from the knowledge base (by category, then indication, else the default);
    days in the clinic's own written plan that the protocol lacks are added and cited as the
    clinic's plan. Travel rules apply when their category, indication or route matches.
    """
    kb = jk.resolve(kb)
    clinic_zone = ZoneInfo(check_timezone(clinic_timezone))
    patient_zone = ZoneInfo(check_timezone(patient_timezone))
    protocol = select_protocol(kb, category, indication)

    def at(day: int) -> tuple[datetime, datetime]:
        when = datetime.combine(procedure_date + timedelta(days=day), appointment_time, tzinfo=clinic_zone)
        return when, when.astimezone(patient_zone)

    items = [
        *_protocol_visits(protocol, kb, at, language),
        *_clinic_visits(clinic_follow_up_days or [], {v.day for v in protocol.visits}, at, language),
        *_maintenance(protocol, kb, procedure_date, language),
        *_fit_to_fly(kb, procedure_date, category, indication, route, language),
    ]
    items.sort(key=lambda i: (i.date, i.kind, i.id))
    return Schedule(
        procedure_date=procedure_date,
        protocol=protocol.id,
        clinic_timezone=clinic_timezone,
        patient_timezone=patient_timezone,
        language=language,
        items=items,
    )


Clock = Callable[[int], tuple[datetime, datetime]]


def _protocol_visits(
    protocol: FollowupProtocol, kb: KnowledgeBase, at: Clock, language: str
) -> list[ScheduleItem]:
    items = []
    for visit in protocol.visits:
        start, local = at(visit.day)
        items.append(
            ScheduleItem(
                kind="followup",
                id=visit.id,
                day=visit.day,
                date=start.date(),
                label=visit.label.get(language),
                source=list(protocol.source),
                citations=kb.cite(protocol.source),
                verified=protocol.verified,
                remote=visit.remote,
                starts_at=start,
                patient_starts_at=local,
            )
        )
    return items


def _clinic_visits(days: list[int], known_days: set[int], at: Clock, language: str) -> list[ScheduleItem]:
    """Days in the clinic's own written plan that the protocol lacks, cited as the clinic's plan."""
    items = []
    for day in sorted(set(days) - known_days):
        if day < 1:
            continue
        start, local = at(day)
        items.append(
            ScheduleItem(
                kind="followup",
                id=f"clinic_day_{day}",
                day=day,
                date=start.date(),
                label=_CLINIC_VISIT.get(language, _CLINIC_VISIT["en"]).format(day=day),
                source=[CLINIC_PLAN_SOURCE],
                citations=["Clinic's written aftercare plan"],
                starts_at=start,
                patient_starts_at=local,
            )
        )
    return items


def _maintenance(
    protocol: FollowupProtocol, kb: KnowledgeBase, procedure_date: date, language: str
) -> list[ScheduleItem]:
    if protocol.maintenance is None:
        return []
    m = protocol.maintenance
    first = add_months(procedure_date, m.every_months_min)
    return [
        ScheduleItem(
            kind="maintenance",
            id="maintenance_1",
            day=(first - procedure_date).days,
            date=first,
            until=add_months(procedure_date, m.every_months_max),
            label=m.label.get(language),
            source=list(m.source),
            citations=kb.cite(m.source),
            verified=m.verified,
        )
    ]


def _fit_to_fly(
    kb: KnowledgeBase,
    procedure_date: date,
    category: str | None,
    indication: str | None,
    route: str | None,
    language: str,
) -> list[ScheduleItem]:
    """The travel rules whose category, indication or route matches: earliest day to fly."""
    return [
        ScheduleItem(
            kind="fit_to_fly",
            id=rule.id,
            day=rule.earliest_day,
            date=procedure_date + timedelta(days=rule.earliest_day),
            label=rule.label.get(language),
            note=rule.reason.get(language),
            source=list(rule.source),
            citations=kb.cite(rule.source),
            verified=rule.verified,
        )
        for rule in jk.travel(kb).rules
        if _rule_applies(rule, category, indication, route)
    ]


# The clinic's own extra visits have no knowledge entry to carry a label, so the label lives here.
_CLINIC_VISIT = {
    "en": "Follow-up on day {day} (clinic's plan)",
    "id": "Kontrol hari ke-{day} (rencana klinik)",
    "ko": "{day}일차 추적 진료(병원 계획)",
}
