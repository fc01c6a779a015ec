"""Marketing documents and their scans: keep the text a clinic published and what the scanner found."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..claims import scan_text
from ..errors import InputError
from ..knowledge import KnowledgeBase
from . import audit, records
from .models import Clinic, MarketingDocument, ScanRecord
from .roles import Actor

MAX_TEXT_CHARS = 2_000_000


def scan(text: str, kb: KnowledgeBase, *, source: str = "<text>") -> dict[str, Any]:
    """The scan JSON of a text (pure: nothing is stored)."""
    if not text.strip():
        raise InputError("there is no text to scan")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the text has {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}")
    result = scan_text(text, kb, source=source)
    out = audit.jsonable(result.to_dict())
    assert isinstance(out, dict)
    return out


def store_scan(
    session: Session,
    actor: Actor,
    kb: KnowledgeBase,
    *,
    text: str,
    title: str,
    origin: str = "",
    clinic_id: int | None = None,
) -> ScanRecord:
    """Keep a marketing text with its scan, both audited; attached to a clinic it becomes one of
    that clinic's dossier marketing texts (the last one)."""
    if clinic_id is not None:
        from .dossier_record import add_marketing_text, touch

        clinic = records.get_or_404(session, Clinic, clinic_id, "clinic")
        scan(text, kb)  # refuse an empty or oversized text before storing anything
        document = add_marketing_text(session, actor, clinic, text, title=title or "untitled", origin=origin)
        touch(session, clinic)
        return scan_document(session, actor, kb, document)
    document = MarketingDocument(
        clinic_id=None,
        title=(title or "untitled")[:300],
        origin=origin[:1000],
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        created_by=actor.username,
    )
    scan(text, kb)
    records.create(session, actor, document, "marketing document")
    return scan_document(session, actor, kb, document)


def scan_document(
    session: Session, actor: Actor, kb: KnowledgeBase, document: MarketingDocument
) -> ScanRecord:
    """Scan a stored marketing document with `kb` and keep the result (audited)."""
    result = scan(document.text, kb, source=document.origin or document.title or "<text>")
    record = ScanRecord(
        document_id=document.id,
        risk=str(result.get("risk", "none")),
        knowledge_version=kb.version,
        result=result,
        created_by=actor.username,
    )
    session.add(record)
    records.flush(session, "scan")
    audit.record(
        session,
        actor=actor.username,
        action="scan",
        entity="scans",
        entity_id=record.id,
        after={"document_id": document.id, "risk": record.risk, "summary": result.get("summary", {})},
    )
    return record


def latest_scans(session: Session, document_ids: list[int]) -> dict[int, ScanRecord]:
    """The newest scan of each listed document."""
    if not document_ids:
        return {}
    newest = (
        select(func.max(ScanRecord.id))
        .where(ScanRecord.document_id.in_(document_ids))
        .group_by(ScanRecord.document_id)
        .scalar_subquery()
    )
    return {r.document_id: r for r in session.scalars(select(ScanRecord).where(ScanRecord.id.in_(newest)))}


def documents_of(session: Session, clinic_id: int) -> list[MarketingDocument]:
    stmt = (
        select(MarketingDocument)
        .where(MarketingDocument.clinic_id == clinic_id)
        .order_by(MarketingDocument.id.desc())
    )
    return list(session.scalars(stmt).all())
