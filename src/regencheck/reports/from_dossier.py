"""A patient report straight from a dossier file: verify it, then build the report from the scorecard.

The CLI (`regencheck report --dossier`) and the web app share this, so both hand the patient
the figures `regencheck verify` prints for the same dossier.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..journey.schedule import build_schedule
from ..knowledge import KnowledgeBase
from .i18n import LANGUAGES
from .patient import CaseContext, PatientReport, build_patient_report


def verify_file(
    path: Path, kb: KnowledgeBase, *, registry: Path | None = None, as_of: date | None = None
) -> tuple[dict[str, Any], Any]:
    """The scorecard dict of a dossier file, and the parsed dossier (for its patient and offering)."""
    from ..verify import load_dossier, load_registry, verify_dossier

    dossier = load_dossier(path)
    snapshot = load_registry(registry) if registry else None
    card = verify_dossier(
        dossier, kb, registry=snapshot, as_of=as_of, base_dir=path.parent, source_name=str(path)
    )
    scorecard: dict[str, Any] = card.to_dict()
    return scorecard, dossier


def report_for_dossier(
    path: Path,
    kb: KnowledgeBase,
    *,
    language: str | None = None,
    generated_at: datetime,
    registry: Path | None = None,
    as_of: date | None = None,
    procedure_date: date | None = None,
    timezone: str | None = None,
    appointment_time: time = time(10, 0),
) -> PatientReport:
    """Verify the dossier and build its patient report.

    The language defaults to the dossier's `patient.language` when we have a catalog for it;
    with a procedure date the report also carries the schedule in the patient's time zone.
    """
    scorecard, dossier = verify_file(path, kb, registry=registry, as_of=as_of)
    patient = dossier.patient
    home = patient.home_country.upper() if patient and patient.home_country else None
    if language is None:
        wanted = patient.language if patient and patient.language else "en"
        language = wanted if wanted in LANGUAGES else "en"
    case = None
    if procedure_date is not None:
        offering = dossier.offering
        therapy = (offering.therapy or {}) if offering else {}
        aftercare = dossier.aftercare
        zone = timezone or "Asia/Seoul"
        schedule = build_schedule(
            procedure_date,
            kb,
            category=(scorecard.get("classification") or {}).get("category"),
            indication=offering.indication if offering else None,
            route=therapy.get("route") if isinstance(therapy, dict) else None,
            clinic_follow_up_days=(aftercare.follow_up_days or []) if aftercare else [],
            appointment_time=appointment_time,
            patient_timezone=zone,
            language=language,
        )
        case = CaseContext(
            alias="",
            home_country=home or "",
            timezone=zone,
            clinic=str(scorecard.get("clinic") or ""),
            offering=str(scorecard.get("offering") or ""),
            schedule=schedule,
            stages=[("procedure_day", datetime.combine(procedure_date, appointment_time))],
        )
    return build_patient_report(
        kb=kb, language=language, generated_at=generated_at, scorecard=scorecard, case=case, home_country=home
    )
