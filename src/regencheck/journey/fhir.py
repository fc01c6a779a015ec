"""FHIR R4 export of a case: CarePlan (follow-ups), AdverseEvent, VerificationResult, in a Bundle.

Each resource is built as plain JSON and validated by the `fhir.resources` R4B models (R4B
keeps R4's AdverseEvent, CarePlan and VerificationResult unchanged), so a receiving system
gets a document that parses. Patient identity is the case's alias only: the export carries
no more personal data than the case holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B.adverseevent import AdverseEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.verificationresult import VerificationResult
from pydantic import BaseModel

from .case import AdverseEventReport
from .schedule import Schedule
from .triage import Triage

SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"
SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
OUTCOME = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome"
VALIDATION_TYPE = "http://terminology.hl7.org/CodeSystem/verificationresult-validation-type"
VALIDATION_STATUS = "http://terminology.hl7.org/CodeSystem/verificationresult-validation-status"
CREDENTIAL_STEPS = (1, 2)  # specialist credentials and facility standing are the credential checks
_SEVERITY_CODE = {"expected": "mild", "unexpected": "moderate", "emergency": "severe"}
_VERIFICATION_STATUS = {
    "pass": "validated",
    "fail": "val-fail",
    "unknown": "in-process",
    "not_applicable": "attested",
}


@dataclass(frozen=True)
class AdverseEventEntry:
    """An adverse event of a case as exported: the report, its triage and whether it is closed."""

    id: str
    report: AdverseEventReport
    triage: Triage
    closed: bool = False


def _validated(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    resource = model.model_validate(data)
    dumped: dict[str, Any] = resource.model_dump(mode="json", exclude_none=True)
    return dumped


def _subject(case_id: str, alias: str) -> dict[str, str]:
    return {"reference": f"Patient/{case_id}", "display": alias}


def care_plan(
    case_id: str,
    alias: str,
    schedule: Schedule,
    *,
    title: str,
    today: date,
    done: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The follow-ups, maintenance and fit-to-fly dates as a CarePlan with one activity each;
    `done` holds the ids the coordinator marked done, which export as `completed`."""
    activities = []
    for item in schedule.items:
        status = item.status(today, done)
        detail: dict[str, Any] = {
            "kind": "Appointment" if item.kind == "followup" else "Task",
            "status": "completed"
            if status == "done"
            else "scheduled"
            if item.kind == "followup"
            else "not-started",
            "description": f"{item.label} ({'; '.join(item.citations)})",
        }
        if item.starts_at is not None:
            detail["scheduledPeriod"] = {"start": item.starts_at.isoformat()}
        else:
            period = {"start": item.date.isoformat()}
            if item.until:
                period["end"] = item.until.isoformat()
            detail["scheduledPeriod"] = period
        activities.append({"detail": detail})
    return _validated(
        CarePlan,
        {
            "resourceType": "CarePlan",
            "id": f"careplan-{case_id}",
            "status": "active",
            "intent": "plan",
            "title": title,
            "subject": _subject(case_id, alias),
            "period": {"start": schedule.procedure_date.isoformat()},
            "activity": activities,
        },
    )


def adverse_event(case_id: str, alias: str, entry: AdverseEventEntry, *, offering: str) -> dict[str, Any]:
    """One AdverseEvent: symptoms as the event, triage level as severity, emergency as serious."""
    labels = [s.label for s in entry.triage.symptoms] or [entry.report.free_text[:200]]
    data: dict[str, Any] = {
        "resourceType": "AdverseEvent",
        "id": f"ae-{entry.id}",
        "actuality": "actual",
        "event": {"text": "; ".join(labels)},
        "subject": _subject(case_id, alias),
        "date": entry.report.onset.isoformat(),
        "recordedDate": entry.report.reported_at.isoformat(),
        "recorder": {"display": entry.report.reporter},
        "seriousness": {
            "coding": [
                {
                    "system": SERIOUSNESS,
                    "code": "serious" if entry.triage.level == "emergency" else "non-serious",
                }
            ]
        },
        "severity": {"coding": [{"system": SEVERITY, "code": _SEVERITY_CODE[entry.triage.level]}]},
        "outcome": {"coding": [{"system": OUTCOME, "code": "resolved" if entry.closed else "ongoing"}]},
        "suspectEntity": [{"instance": {"display": offering}}],
    }
    return _validated(AdverseEvent, data)


def verification_results(scorecard: dict[str, Any]) -> list[dict[str, Any]]:
    """One VerificationResult per credential criterion (steps 1 and 2) of a scorecard dict."""
    out = []
    for step in scorecard.get("steps", []):
        if step.get("id") not in CREDENTIAL_STEPS:
            continue
        target = scorecard.get("specialist") if step["id"] == 1 else scorecard.get("clinic")
        for crit in step.get("criteria", []):
            evidence = crit.get("evidence") or []
            dates = sorted(str(e["checked_on"]) for e in evidence if e.get("checked_on"))
            data: dict[str, Any] = {
                "resourceType": "VerificationResult",
                "id": f"vr-{crit['id'].replace('.', '-')}",
                "target": [{"display": target or "unknown"}],
                "targetLocation": [f"criterion {crit['id']}"],
                "status": _VERIFICATION_STATUS.get(crit.get("status", "unknown"), "in-process"),
                "validationType": {
                    "coding": [
                        {
                            "system": VALIDATION_TYPE,
                            "code": "primary" if evidence else "nothing",
                        }
                    ]
                },
                "validationProcess": [{"text": crit.get("title", crit["id"])}],
                "primarySource": [
                    {
                        "who": {"display": str(e.get("source") or e.get("kind") or "unknown")},
                        **({"validationDate": str(e["checked_on"])} if e.get("checked_on") else {}),
                    }
                    for e in evidence
                ],
            }
            if dates:
                data["lastPerformed"] = dates[-1]
            out.append(_validated(VerificationResult, data))
    return out


def case_bundle(
    case_id: str,
    alias: str,
    *,
    schedule: Schedule | None,
    adverse_events: list[AdverseEventEntry],
    scorecard: dict[str, Any] | None,
    offering: str,
    title: str,
    today: date,
    generated_at: datetime,
    done: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The whole case as a FHIR collection Bundle, validated."""
    resources: list[dict[str, Any]] = []
    if schedule is not None:
        resources.append(care_plan(case_id, alias, schedule, title=title, today=today, done=done))
    resources += [adverse_event(case_id, alias, e, offering=offering) for e in adverse_events]
    if scorecard is not None:
        resources += verification_results(scorecard)
    return _validated(
        Bundle,
        {
            "resourceType": "Bundle",
            "id": f"case-{case_id}",
            "type": "collection",
            "timestamp": generated_at.isoformat(),
            "entry": [
                {"fullUrl": f"urn:regencheck:{r['resourceType']}/{r['id']}", "resource": r} for r in resources
            ],
        },
    )


def verification_bundle(
    scorecard: dict[str, Any], verification_id: int, generated_at: datetime
) -> dict[str, Any]:
    """One stored verification's credential checks as a FHIR collection Bundle of VerificationResults."""
    resources = verification_results(scorecard)
    return _validated(
        Bundle,
        {
            "resourceType": "Bundle",
            "id": f"verification-{verification_id}",
            "type": "collection",
            "timestamp": generated_at.isoformat(),
            "entry": [
                {"fullUrl": f"urn:regencheck:verification-{verification_id}:{r['id']}", "resource": r}
                for r in resources
            ],
        },
    )
