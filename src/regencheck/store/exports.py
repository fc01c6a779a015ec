"""Exports a facilitator's team hands to spreadsheets and other systems: clinics, verifications and
cases as CSV or JSON, the audit log as JSON Lines.

CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
prefixed with an apostrophe: an exported clinic name must never execute on a colleague's laptop.
The audit export applies the same read rule as the audit page (an entry about a record the
role may not read shows that it exists, not its content).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from . import audit, records
from .audit_view import entry_for
from .cases import JourneyCase
from .directory import latest_verdicts
from .models import AuditEntry, Clinic, Verification

Table = Literal["clinics", "verifications", "cases"]
TABLES: tuple[str, ...] = ("clinics", "verifications", "cases")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clinic_rows(session: Session) -> list[dict[str, Any]]:
    clinics = list(session.scalars(select(Clinic).options(defer(Clinic.sections)).order_by(Clinic.id)))
    verdicts = latest_verdicts(session, [c.id for c in clinics])
    out = []
    for c in clinics:
        v = verdicts.get(c.id)
        out.append(
            {
                "id": c.id,
                "name": c.name,
                "address": c.address,
                "institution_type": c.institution_type,
                "licence_number": c.licence_number,
                "price_tier": c.price_tier,
                "latest_verification_id": v.id if v else None,
                "latest_verdict": v.verdict if v else None,
                "verified_on": v.as_of.isoformat() if v else None,
            }
        )
    return out


def verification_rows(session: Session) -> list[dict[str, Any]]:
    stmt = (
        select(Verification)
        .options(defer(Verification.dossier), defer(Verification.result))
        .order_by(Verification.id)
    )
    return [
        {
            "id": v.id,
            "clinic_id": v.clinic_id,
            "clinic_name": v.clinic_name,
            "verdict": v.verdict,
            "as_of": v.as_of.isoformat(),
            "knowledge_version": v.knowledge_version,
            "registry_snapshot_id": v.registry_snapshot_id,
            "created_by": v.created_by,
            "created_at": audit.jsonable(v.created_at),
        }
        for v in session.scalars(stmt)
    ]


def case_rows(session: Session) -> list[dict[str, Any]]:
    """Every case's columns (patient data: callers check the role first)."""
    return [records.public(c) for c in session.scalars(select(JourneyCase).order_by(JourneyCase.id))]


def rows_for(session: Session, table: Table) -> list[dict[str, Any]]:
    return {"clinics": clinic_rows, "verifications": verification_rows, "cases": case_rows}[table](session)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool | int | float):
        text = str(value).lower() if isinstance(value, bool) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header from the first row's keys (nested values as JSON)."""
    out = io.StringIO()
    if not rows:
        return ""
    writer = csv.writer(out, lineterminator="\r\n")
    columns = list(rows[0])
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1, default=str)


def audit_lines(session: Session, role: str, batch: int = 500) -> Iterator[str]:
    """The whole audit log, oldest first, one JSON object per line, read in batches."""
    last = 0
    while True:
        entries = list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)
            )
        )
        if not entries:
            return
        for entry in entries:
            yield json.dumps(entry_for(entry, role), ensure_ascii=False, sort_keys=True, default=str) + "\n"
        last = entries[-1].seq
