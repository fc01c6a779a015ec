"""Read what monitoring needs out of the store and hand it to the pure core (`regencheck.monitor`).

Nothing is written: whether a verification is still current is derived from the data each time,
so it can never disagree with the credentials and snapshots it is derived from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..monitor.core import (
    CredentialDue,
    CredentialRecord,
    RegistryChange,
    RegistryEntry,
    Reverification,
    VerificationRecord,
    credentials_due,
    diff_snapshots,
    needs_reverification,
)
from ..text.names import name_key
from .directory import latest_verdicts
from .models import Clinic, Credential, RegistryRow, RegistrySnapshot
from .registry import get_snapshot


@dataclass
class MonitorReport:
    """Everything due within the window, the registry changes, and the verifications to redo."""

    today: date
    within_days: int
    max_check_age_months: int
    due: list[CredentialDue] = field(default_factory=list)
    snapshots: tuple[RegistrySnapshot, RegistrySnapshot] | None = None
    changes: list[RegistryChange] = field(default_factory=list)
    reverify: list[Reverification] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        pair = self.snapshots
        return {
            "today": self.today.isoformat(),
            "within_days": self.within_days,
            "max_check_age_months": self.max_check_age_months,
            "due": [d.to_dict() for d in self.due],
            "registry": None
            if pair is None
            else {
                "from": {"id": pair[0].id, "retrieved_on": pair[0].retrieved_on.isoformat()},
                "to": {"id": pair[1].id, "retrieved_on": pair[1].retrieved_on.isoformat()},
                "changes": [c.to_dict() for c in self.changes],
            },
            "needs_reverification": [r.to_dict() for r in self.reverify],
        }


def _entries(session: Session, snapshot: RegistrySnapshot) -> list[RegistryEntry]:
    rows = session.execute(
        select(RegistryRow.kind, RegistryRow.name, RegistryRow.number, RegistryRow.valid_until).where(
            RegistryRow.snapshot_id == snapshot.id
        )
    )
    return [RegistryEntry(k, n, num or "", until) for k, n, num, until in rows]


def snapshot_pair(
    session: Session, from_id: int | None = None, to_id: int | None = None
) -> tuple[RegistrySnapshot, RegistrySnapshot] | None:
    """The two snapshots to compare: as given, else the newest two by retrieval date."""
    if from_id is not None and to_id is not None:
        return get_snapshot(session, from_id), get_snapshot(session, to_id)
    stmt = select(RegistrySnapshot).order_by(RegistrySnapshot.retrieved_on.desc(), RegistrySnapshot.id.desc())
    newest = list(session.scalars(stmt.limit(2)))
    if to_id is not None:
        newest = [get_snapshot(session, to_id), *[s for s in newest if s.id != to_id]]
    if len(newest) < 2:
        return None
    return newest[1], newest[0]


def monitor_report(
    session: Session,
    today: date,
    within_days: int,
    max_check_age_months: int,
    *,
    from_snapshot: int | None = None,
    to_snapshot: int | None = None,
) -> MonitorReport:
    """What expires or goes stale, what changed in the registry, and which verifications to redo."""
    clinics = {c.id: c for c in session.scalars(select(Clinic))}
    creds = [
        CredentialRecord(
            c.id,
            c.clinic_id,
            clinics[c.clinic_id].name if c.clinic_id in clinics else "(no clinic)",
            c.kind,
            c.number,
            c.valid_until,
            c.checked_on,
            c.claimed_only,
        )
        for c in session.scalars(select(Credential).order_by(Credential.id))
    ]
    report = MonitorReport(today, within_days, max_check_age_months)
    report.due = credentials_due(creds, today, within_days, max_check_age_months)
    pair = snapshot_pair(session, from_snapshot, to_snapshot)
    new_id = None
    if pair is not None:
        report.snapshots = pair
        report.changes = diff_snapshots(_entries(session, pair[0]), _entries(session, pair[1]), today)
        new_id = pair[1].id
    numbers: dict[int, set[str]] = {}
    for cred in creds:
        if cred.clinic_id is not None and cred.number:
            numbers.setdefault(cred.clinic_id, set()).add(name_key(cred.number))
    verifications = [
        VerificationRecord(
            v.id,
            v.clinic_id,
            v.clinic_name,
            v.verdict,
            v.as_of,
            v.registry_snapshot_id,
            frozenset(
                numbers.get(cid, set())
                | ({name_key(clinics[cid].licence_number or "")} - {""} if cid in clinics else set())
            ),
        )
        for cid, v in sorted(latest_verdicts(session, list(clinics)).items())
    ]
    # Every due credential counts, not only those inside the window: an expired one is past it.
    everything_due = credentials_due(creds, today, 0, max_check_age_months)
    report.reverify = needs_reverification(verifications, report.changes, new_id, everything_due, today)
    return report
