"""Verifications: run the verification engine on a dossier and keep the result, immutably.

Each run stores the dossier exactly as given, the knowledge version, the registry snapshot used
and the full scorecard; its audit entry carries the scorecard's SHA-256 so a later edit of the
stored result is detectable. Re-running creates a new verification; `changes` compares two.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from ..errors import InputError, ValidationFailed
from ..knowledge import KnowledgeBase
from ..verify import parse_registry, verify_dossier
from . import audit, records
from .base import utcnow
from .models import Clinic, RegistrySnapshot, Verification
from .records import Page
from .registry import get_snapshot, latest_snapshot, snapshot_csv
from .roles import Actor


def document_digest(document: dict[str, Any]) -> str:
    """SHA-256 of a JSON document in canonical form (key order and spacing fixed)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def registry_for(snapshot: RegistrySnapshot | None, session: Session) -> Any:
    """The verification engine's registry object for a stored snapshot (None without one)."""
    if snapshot is None:
        return None
    name = f"registry snapshot {snapshot.id} ({snapshot.filename})"
    return parse_registry(snapshot_csv(session, snapshot), name)


def score(
    dossier: dict[str, Any],
    kb: KnowledgeBase,
    *,
    registry: Any = None,
    as_of: date | None = None,
    base_dir: Path | None = None,
) -> dict[str, Any]:
    """The scorecard of one dossier as plain JSON (pure: nothing is stored)."""
    if not isinstance(dossier, dict):
        raise ValidationFailed("the dossier must be a mapping of sections (clinic, specialist, offering, …)")
    scorecard = verify_dossier(dossier, kb, registry=registry, as_of=as_of, base_dir=base_dir)
    result = audit.jsonable(scorecard.to_dict())
    if not isinstance(result, dict):
        raise InputError("the verification engine returned no scorecard")
    return result


def run_verification(
    session: Session,
    actor: Actor,
    kb: KnowledgeBase,
    *,
    dossier: dict[str, Any],
    clinic: Clinic | None = None,
    snapshot: RegistrySnapshot | None = None,
    use_latest_snapshot: bool = True,
    as_of: date | None = None,
    base_dir: Path | None = None,
) -> Verification:
    """Verify `dossier` (against `snapshot`, else the latest one) and store the result."""
    if snapshot is None and use_latest_snapshot:
        snapshot = latest_snapshot(session)
    day = as_of or utcnow().date()
    result = score(dossier, kb, registry=registry_for(snapshot, session), as_of=day, base_dir=base_dir)
    name = (
        clinic.name
        if clinic
        else str(result.get("clinic") or (dossier.get("clinic") or {}).get("name") or "(unnamed)")
    )
    verification = Verification(
        clinic_id=clinic.id if clinic else None,
        clinic_name=name[:200],
        verdict=str(result.get("verdict", "insufficient_evidence")),
        knowledge_version=str(result.get("knowledge_version") or kb.version),
        registry_snapshot_id=snapshot.id if snapshot else None,
        as_of=day,
        dossier=audit.jsonable(dossier),
        result=result,
        created_by=actor.username,
    )
    session.add(verification)
    records.flush(session, "verification")
    audit.record(
        session,
        actor=actor.username,
        action="verify",
        entity="verifications",
        entity_id=verification.id,
        after={
            "clinic_id": verification.clinic_id,
            "clinic_name": verification.clinic_name,
            "verdict": verification.verdict,
            "knowledge_version": verification.knowledge_version,
            "registry_snapshot_id": verification.registry_snapshot_id,
            "as_of": day.isoformat(),
            "result_sha256": document_digest(result),
            "dossier_sha256": document_digest(verification.dossier),
        },
    )
    return verification


def verify_record(
    session: Session,
    actor: Actor,
    kb: KnowledgeBase,
    clinic_id: int,
    *,
    specialist_id: int | None = None,
    offering_id: int | None = None,
    snapshot_id: int | None = None,
    as_of: date | None = None,
) -> Verification:
    """Verify a clinic's record as it is now: the chosen specialist and offering (default the first
    of each), the chosen registry snapshot (default the latest) and day (default today). The
    verification keeps the exact dossier it read."""
    from .dossier_record import assemble

    clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
    dossier = assemble(session, clinic_id, specialist_id, offering_id)
    snapshot = get_snapshot(session, snapshot_id) if snapshot_id is not None else None
    return run_verification(
        session, actor, kb, dossier=dossier, clinic=clinic, snapshot=snapshot, as_of=as_of
    )


def get_verification(session: Session, verification_id: int) -> Verification:
    return records.get_or_404(session, Verification, verification_id, "verification")


def list_verifications(
    session: Session,
    *,
    clinic_id: int | None = None,
    verdict: str | None = None,
    limit: int = 50,
    offset: int = 0,
    summary_only: bool = True,
) -> Page[Verification]:
    """Verifications newest first; by default without the large dossier and scorecard columns."""
    stmt = select(Verification).order_by(Verification.id.desc())
    if summary_only:
        stmt = stmt.options(defer(Verification.dossier), defer(Verification.result))
    if clinic_id is not None:
        stmt = stmt.where(Verification.clinic_id == clinic_id)
    if verdict:
        stmt = stmt.where(Verification.verdict == verdict)
    return records.paginate(session, stmt, limit, offset)


def previous_of(session: Session, verification: Verification) -> Verification | None:
    """The verification of the same clinic just before this one."""
    if verification.clinic_id is None:
        return None
    stmt = (
        select(Verification)
        .where(Verification.clinic_id == verification.clinic_id, Verification.id < verification.id)
        .order_by(Verification.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


@dataclass(frozen=True)
class Change:
    """One difference between two verifications of the same clinic."""

    what: str  # "verdict", "knowledge_version" or a criterion id such as "2.2"
    title: str
    before: str | None
    after: str | None


def criterion_statuses(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Criterion id → (title, status) from a scorecard."""
    out: dict[str, tuple[str, str]] = {}
    for step in result.get("steps") or []:
        for crit in step.get("criteria") or []:
            out[str(crit.get("id"))] = (str(crit.get("title", "")), str(crit.get("status", "")))
    return out


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What changed from one scorecard to the next: verdict, knowledge version, each criterion."""
    out: list[Change] = []
    if before.get("verdict") != after.get("verdict"):
        out.append(Change("verdict", "Verdict", before.get("verdict"), after.get("verdict")))
    if before.get("knowledge_version") != after.get("knowledge_version"):
        out.append(
            Change(
                "knowledge_version",
                "Knowledge version",
                before.get("knowledge_version"),
                after.get("knowledge_version"),
            )
        )
    old, new = criterion_statuses(before), criterion_statuses(after)
    for cid in sorted(set(old) | set(new), key=_criterion_order):
        b, a = old.get(cid), new.get(cid)
        if (b and b[1]) != (a and a[1]):
            out.append(Change(cid, (a or b or ("", ""))[0], b[1] if b else None, a[1] if a else None))
    return out


def _criterion_order(cid: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in cid.split("."))
    except ValueError:
        return (10_000,)


@dataclass(frozen=True)
class StoredResultCheck:
    """Whether every stored verification still matches the digests its audit entry recorded."""

    checked: int
    altered_id: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.altered_id is None

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "altered_id": self.altered_id, "reason": self.reason}


def check_stored_results(session: Session) -> StoredResultCheck:
    """Compare each verification's dossier and scorecard with the SHA-256s in its audit entry.

    The audit chain proves the entries were not edited; this proves the verifications they
    describe were not edited either (nor deleted while their entry remains).
    """
    from .models import AuditEntry

    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "verifications", AuditEntry.action == "verify")
        .order_by(AuditEntry.seq)
    )
    checked = 0
    for entry in entries:
        vid = int(entry.entity_id)
        stored = session.get(Verification, vid)
        recorded = entry.after or {}
        if stored is None:
            return StoredResultCheck(
                checked, vid, f"verification {vid} was deleted (audit entry {entry.seq})"
            )
        if document_digest(stored.result) != recorded.get("result_sha256"):
            return StoredResultCheck(
                checked, vid, f"verification {vid}'s scorecard differs from audit entry {entry.seq}"
            )
        if document_digest(stored.dossier) != recorded.get("dossier_sha256"):
            return StoredResultCheck(
                checked, vid, f"verification {vid}'s dossier differs from audit entry {entry.seq}"
            )
        checked += 1
        session.expunge(stored)
    return StoredResultCheck(checked)
