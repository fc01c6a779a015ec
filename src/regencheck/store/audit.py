"""The append-only, hash-chained audit log: who did what, when, with the record before and after.

Each entry's hash covers its content and the previous entry's hash, and a one-row head table
holds the last sequence number and hash. Editing an entry breaks its own hash; deleting one
breaks the sequence and the next entry's link; cutting entries off the end disagrees with the
head. `verify_chain` walks the log and names the first entry where any of this shows.
Appends are serialised (an advisory lock on PostgreSQL, `BEGIN IMMEDIATE` on SQLite) so the
chain stays linear with several writers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from .base import utcnow
from .models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 7_262_611  # any constant shared by every regencheck writer


def jsonable(value: Any) -> Any:
    """A JSON-safe copy: dates become ISO strings, tuples lists, everything else as is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def entry_digest(
    *,
    seq: int,
    occurred_at: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON form of one entry (key order and spacing fixed)."""
    doc = {
        "seq": seq,
        "occurred_at": occurred_at,
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction; it commits or rolls back with the change."""
    _lock(session)
    head = session.get(AuditHead, 1)
    seq = head.seq + 1 if head else 1
    prev_hash = head.entry_hash if head else GENESIS_HASH
    fields: dict[str, Any] = {
        "seq": seq,
        "occurred_at": utcnow().isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "before": jsonable(before) if before is not None else None,
        "after": jsonable(after) if after is not None else None,
        "prev_hash": prev_hash,
    }
    entry = AuditEntry(**fields, entry_hash=entry_digest(**fields))
    session.add(entry)
    if head is None:
        session.add(AuditHead(id=1, seq=seq, entry_hash=entry.entry_hash))
    else:
        head.seq, head.entry_hash = seq, entry.entry_hash
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the chain: how many entries, and the first broken one if any."""

    checked: int
    broken_seq: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and self.reason is None

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "broken_seq": self.broken_seq, "reason": self.reason}


def verify_chain(session: Session) -> ChainReport:
    """Recompute every hash and link in order; report the first entry that does not hold."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=500))
    for entry in rows.scalars():
        if entry.seq != expected_seq:
            return ChainReport(
                checked, expected_seq, f"entry {expected_seq} is missing (next entry found is {entry.seq})"
            )
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.seq, "its link to the previous entry does not match")
        digest = entry_digest(
            seq=entry.seq,
            occurred_at=entry.occurred_at,
            actor=entry.actor,
            action=entry.action,
            entity=entry.entity,
            entity_id=entry.entity_id,
            before=entry.before,
            after=entry.after,
            prev_hash=entry.prev_hash,
        )
        if digest != entry.entry_hash:
            return ChainReport(checked, entry.seq, "its content was changed after it was written")
        checked += 1
        prev_hash = entry.entry_hash
        expected_seq += 1
    head = session.get(AuditHead, 1)
    last_seq = expected_seq - 1
    if head is None and checked:
        return ChainReport(checked, None, "the chain head record is missing")
    if head is not None and (head.seq != last_seq or head.entry_hash != prev_hash):
        return ChainReport(
            checked, last_seq + 1, f"entries after {last_seq} were removed (the head says {head.seq})"
        )
    return ChainReport(checked)


def count_entries(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def list_entries(
    session: Session,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    actor: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[AuditEntry], int]:
    """Entries newest first, optionally for one record or one actor, with the total count."""
    stmt = select(AuditEntry)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = session.scalars(stmt.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)).all()
    return list(items), int(total)
