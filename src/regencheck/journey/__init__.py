"""The patient journey: stages, follow-up schedule, adverse-event triage, ICS and FHIR exports.

Pure core: every function takes its knowledge base (or uses the bundled one) and its clock
(`today`, `reported_at`) from the caller; the store, CLI and web app are adapters around it.
"""

from .case import AdverseEventReport, CaseChanges, CaseInput, EscalationEntry, Patient, Therapy
from .fhir import AdverseEventEntry, adverse_event, care_plan, case_bundle, verification_results
from .ics import schedule_to_ics
from .schedule import Schedule, ScheduleItem, build_schedule
from .stages import check_transition, next_stage, stage_ids
from .triage import Triage, emergency_contacts, symptom_ids, triage

__all__ = [
    "AdverseEventEntry",
    "AdverseEventReport",
    "CaseChanges",
    "CaseInput",
    "EscalationEntry",
    "Patient",
    "Schedule",
    "ScheduleItem",
    "Therapy",
    "Triage",
    "adverse_event",
    "build_schedule",
    "care_plan",
    "case_bundle",
    "check_transition",
    "emergency_contacts",
    "next_stage",
    "schedule_to_ics",
    "stage_ids",
    "symptom_ids",
    "triage",
    "verification_results",
]
