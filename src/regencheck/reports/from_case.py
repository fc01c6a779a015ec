"""A patient report for a stored case: its stages, schedule, adverse events and the verification
it relies on, in the patient's language (or another one the coordinator picks)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..knowledge import KnowledgeBase
from ..store import cases as jm
from .i18n import check_language
from .patient import CaseContext, PatientReport, build_patient_report


def case_context(case: jm.JourneyCase, kb: KnowledgeBase, language: str) -> CaseContext:
    """The journey part of a report, from the stored case."""
    return CaseContext(
        alias=case.patient_alias,
        home_country=case.home_country,
        timezone=case.timezone,
        clinic=case.clinic_name,
        offering=case.offering_name,
        stages=[(c.stage, c.at) for c in case.stage_changes],
        schedule=jm.case_schedule(case, kb, language),
        adverse_events=[(report, result) for report, result, _e in jm.event_entries(case, kb, language)],
        done=frozenset(str(i) for i in case.done_items),
    )


def report_for_case(
    session: Session, case: jm.JourneyCase, kb: KnowledgeBase, *, language: str | None, generated_at: datetime
) -> PatientReport:
    """The case's report; the verification's scorecard is included when the case names one."""
    lang = check_language(language or case.language)
    return build_patient_report(
        kb=kb,
        language=lang,
        generated_at=generated_at,
        scorecard=jm.verification_result(session, case),
        case=case_context(case, kb, lang),
        home_country=case.home_country,
    )
