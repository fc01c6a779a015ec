"""A verification scorecard in the shape `verify_dossier(...).to_dict()` returns, and a case around it."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regencheck.journey import AdverseEventReport, build_schedule, triage
from regencheck.knowledge import KnowledgeBase
from regencheck.reports import CaseContext

SEOUL = ZoneInfo("Asia/Seoul")
HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def scorecard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / "scorecard_sample.json").read_text(encoding="utf-8"))
    return data


def make_case(kb: KnowledgeBase, language: str) -> CaseContext:
    """An Indonesian patient, three weeks after a same-day SVF facelift, with one nodule reported."""
    schedule = build_schedule(
        date(2026, 11, 2),
        kb,
        category="autologous_svf_same_day",
        patient_timezone="Asia/Jakarta",
        language=language,
    )
    report = AdverseEventReport(
        onset=date(2026, 11, 9),
        symptoms=["nodule"],
        reporter="coordinator",
        reported_at=datetime(2026, 11, 12, 9, tzinfo=SEOUL),
    )
    result = triage(
        report.symptoms,
        procedure_at=datetime(2026, 11, 2, 10, tzinfo=SEOUL),
        reported_at=report.reported_at,
        home_country="ID",
        kb=kb,
        language=language,
    )
    return CaseContext(
        alias="Ibu Sari",
        home_country="ID",
        timezone="Asia/Jakarta",
        clinic="Gangnam Example Aesthetic Clinic",
        offering="Stem cell facelift",
        stages=[
            ("remote_consultation", datetime(2026, 9, 1, tzinfo=SEOUL)),
            ("procedure_day", datetime(2026, 11, 2, tzinfo=SEOUL)),
        ],
        schedule=schedule,
        adverse_events=[(report, result)],
    )
