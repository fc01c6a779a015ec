"""Evidence files attached to credentials: stored by SHA-256, listed with their original name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InputFileError, NotFound
from . import records
from .blobs import BlobStore, clean_content_type, clean_filename
from .directory import get_credential
from .models import Credential, EvidenceFile
from .roles import Actor


def attach_evidence(
    session: Session,
    actor: Actor,
    blobs: BlobStore,
    *,
    clinic_id: int,
    credential_id: int,
    filename: str | None,
    content_type: str | None,
    data: bytes,
    max_bytes: int,
    note: str = "",
) -> EvidenceFile:
    """Store an uploaded file and link it to the credential; refuses empty and oversized files."""
    name = clean_filename(filename)
    if not data:
        raise InputFileError(f"{name}: file is empty")
    if len(data) > max_bytes:
        raise InputFileError(f"{name}: file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes")
    get_credential(session, clinic_id, credential_id)
    sha = blobs.put(data)
    evidence = EvidenceFile(
        credential_id=credential_id,
        sha256=sha,
        original_name=name,
        content_type=clean_content_type(content_type),
        size=len(data),
        note=note[:400],
        uploaded_by=actor.username,
    )
    return records.create(session, actor, evidence, f"evidence '{name}'")


def evidence_for(session: Session, credential: Credential) -> list[EvidenceFile]:
    stmt = select(EvidenceFile).where(EvidenceFile.credential_id == credential.id).order_by(EvidenceFile.id)
    return list(session.scalars(stmt).all())


def get_evidence(session: Session, evidence_id: int) -> EvidenceFile:
    evidence = session.get(EvidenceFile, evidence_id)
    if evidence is None:
        raise NotFound(f"evidence {evidence_id} does not exist")
    return evidence


def delete_evidence(session: Session, actor: Actor, evidence_id: int) -> None:
    """Unlink an evidence record (the stored bytes stay: other records may share them)."""
    records.delete(session, actor, get_evidence(session, evidence_id), f"evidence {evidence_id}")
