import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
from fhir.resources.R4B.bundle import Bundle

from regencheck.journey import (
    AdverseEventEntry,
    AdverseEventReport,
    build_schedule,
    case_bundle,
    schedule_to_ics,
    triage,
)

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 5, 14, 9, 0, tzinfo=SEOUL)

SCORECARD = {
    "clinic": "Seoul Example Clinic",
    "specialist": "Dr Kim",
    "steps": [
        {
            "id": 1,
            "title": "Specialist",
            "criteria": [
                {
                    "id": "1.1",
                    "title": "Valid licence",
                    "status": "pass",
                    "evidence": [{"kind": "registry", "source": "KMA registry", "checked_on": "2026-04-01"}],
                },
                {"id": "1.5", "title": "No discipline", "status": "unknown", "evidence": []},
            ],
        },
        {
            "id": 3,
            "title": "Offering",
            "criteria": [{"id": "3.1", "title": "Name", "status": "pass", "evidence": []}],
        },
    ],
}


def test_the_calendar_holds_one_event_per_item_with_seoul_times_and_stable_uids() -> None:
    schedule = build_schedule(date(2026, 5, 4), indication="orthopedic", route="intra_articular")
    cal = icalendar.Calendar.from_ical(schedule_to_ics(schedule, "case-7", generated_at=NOW))
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(schedule.items)
    week1 = next(e for e in events if str(e["uid"]) == "case-7-week_1@regencheck")
    assert week1.decoded("dtstart") == datetime(2026, 5, 11, 10, 0, tzinfo=SEOUL)
    assert list(cal.walk("VTIMEZONE"))
    flight = next(e for e in events if str(e["uid"]) == "case-7-joint_long_haul@regencheck")
    assert flight.decoded("dtstart") == date(2026, 5, 15)
    assert "Blog 003" in str(flight["description"])


def test_the_fhir_bundle_validates_and_carries_careplan_adverse_event_and_verification() -> None:
    schedule = build_schedule(date(2026, 5, 4))
    report = AdverseEventReport(
        onset=date(2026, 5, 12), symptoms=["nodule"], reporter="coordinator", reported_at=NOW
    )
    result = triage(report.symptoms, procedure_at=datetime(2026, 5, 4, 10, tzinfo=SEOUL), reported_at=NOW)
    bundle = case_bundle(
        "7",
        "Patient A",
        schedule=schedule,
        adverse_events=[AdverseEventEntry("1", report, result)],
        scorecard=SCORECARD,
        offering="SVF facelift",
        title="Follow-up",
        today=date(2026, 5, 14),
        generated_at=NOW,
    )
    Bundle.model_validate(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["CarePlan", "AdverseEvent", "VerificationResult", "VerificationResult"]
    careplan = bundle["entry"][0]["resource"]
    assert [a["detail"]["status"] for a in careplan["activity"]][:1] == ["scheduled"]
    event = bundle["entry"][1]["resource"]
    assert event["severity"]["coding"][0]["code"] == "moderate"
    assert event["seriousness"]["coding"][0]["code"] == "non-serious"
    statuses = [e["resource"]["status"] for e in bundle["entry"][2:]]
    assert statuses == ["validated", "in-process"]
    assert "Patient A" in json.dumps(bundle) and "contact" not in json.dumps(bundle).lower()
