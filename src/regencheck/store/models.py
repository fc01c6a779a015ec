"""The store's tables: people and tokens, the registry of clinics with their evidence, registry
snapshots, offerings, marketing scans, immutable verifications and the append-only audit log.

Editable records carry a `version` column used for optimistic locking: a save names the version
it was based on, and a save based on an older version is refused instead of overwriting.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

from ..errors import Conflict
from .base import Base, utcnow


class Versioned:
    """Mix-in: an integer version bumped by SQLAlchemy on every UPDATE (optimistic locking)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class User(Versioned, Base):
    """A person who signs in; `role` is one of admin, verifier, coordinator, viewer."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Bumped when the password changes so every session signed before it stops working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")


class ApiToken(Base):
    """A Bearer token for the REST API; only its SHA-256 is stored, the secret is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Every token expires: a forgotten token on a laptop stops working on its own.
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginSession(Base):
    """A signed-in browser, server-side, so that ending it (logout, password change, an admin)
    kills a copied cookie at once; the cookie carries only the random id, the table its SHA-256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class Clinic(Versioned, Base):
    """A clinic the team tracks. With its credentials, specialists, offerings and marketing
    documents it *is* the clinic's dossier (`store.dossier_record` assembles and imports it).

    `sections` holds only the dossier parts no table holds, in the dossier's own shape:
    `clinic.lab`, `clinic.evidence`, `consultation`, `quote`, `aftercare`, `patient`,
    `facilitator` (and `clinic.credentials: []` / `marketing: []` when a dossier said "none"
    rather than leaving them unknown). It is not a dossier on its own: never verify it.
    """

    __tablename__ = "clinics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str | None] = mapped_column(String(400), default=None)
    institution_type: Mapped[str | None] = mapped_column(String(40), default=None)
    licence_number: Mapped[str | None] = mapped_column(String(100), default=None)
    price_tier: Mapped[str | None] = mapped_column(String(20), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    sections: Mapped[dict[str, Any] | None] = mapped_column(default=None)

    specialists: Mapped[list[Specialist]] = relationship(back_populates="clinic", passive_deletes=True)
    credentials: Mapped[list[Credential]] = relationship(back_populates="clinic", passive_deletes=True)
    offerings: Mapped[list[Offering]] = relationship(back_populates="clinic", passive_deletes=True)


class Specialist(Versioned, Base):
    """A physician working at a clinic, with the facts criteria 1.1 to 1.5 check (the dossier's
    `specialist`; every fact optional, the name too, as in a dossier)."""

    __tablename__ = "specialists"
    __table_args__ = (UniqueConstraint("clinic_id", "name", name="uq_specialists_clinic_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    licence_number: Mapped[str | None] = mapped_column(String(100), default=None)
    specialty: Mapped[str | None] = mapped_column(String(40), default=None)
    board_certified: Mapped[bool | None] = mapped_column(default=None)
    subspecialty: Mapped[str | None] = mapped_column(String(200), default=None)
    years_in_subspecialty: Mapped[float | None] = mapped_column(Float, default=None)
    cumulative_cases: Mapped[int | None] = mapped_column(default=None)
    # The dossier's lists as given: None is "unknown", [] is "checked, none".
    disciplinary_actions: Mapped[list[Any] | None] = mapped_column(default=None)
    evidence: Mapped[list[Any] | None] = mapped_column(default=None)

    clinic: Mapped[Clinic | None] = relationship(back_populates="specialists")


class Credential(Versioned, Base):
    """A licence, designation or registration a clinic or specialist holds or claims."""

    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    specialist_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialists.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(60))
    number: Mapped[str | None] = mapped_column(String(100), default=None)
    valid_from: Mapped[date | None] = mapped_column(default=None)
    valid_until: Mapped[date | None] = mapped_column(default=None)
    claimed_only: Mapped[bool] = mapped_column(default=True)
    checked_on: Mapped[date | None] = mapped_column(default=None)
    method: Mapped[str | None] = mapped_column(String(20), default=None)
    source: Mapped[str | None] = mapped_column(String(400), default=None)
    url: Mapped[str | None] = mapped_column(String(1000), default=None)
    checked_by: Mapped[str | None] = mapped_column(String(200), default=None)
    # Which fact the evidence proves (dossier `evidence.kind`), and whether the dossier gave an
    # evidence mapping at all (an empty `evidence: {}` is kept apart from none).
    evidence_kind: Mapped[str | None] = mapped_column(String(40), default=None)
    evidence_recorded: Mapped[bool] = mapped_column(default=False)
    # Order within the clinic's dossier list (then id).
    position: Mapped[int] = mapped_column(Integer, default=0)

    clinic: Mapped[Clinic | None] = relationship(back_populates="credentials")
    evidence: Mapped[list[EvidenceFile]] = relationship(back_populates="credential", passive_deletes=True)


class EvidenceFile(Base):
    """An uploaded document backing a credential, stored once by its SHA-256 in the data dir."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(400), default="")
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    credential: Mapped[Credential] = relationship(back_populates="evidence")


class RegistrySnapshot(Base):
    """An imported registry CSV: where it came from, when it was retrieved, and its rows."""

    __tablename__ = "registry_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(400))
    retrieved_on: Mapped[date]
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    rows: Mapped[list[RegistryRow]] = relationship(
        back_populates="snapshot", passive_deletes=True, order_by="RegistryRow.line"
    )


class RegistryRow(Base):
    """One line of a registry snapshot, queryable by name, number and kind."""

    __tablename__ = "registry_rows"
    __table_args__ = (
        Index("ix_registry_rows_name", "name"),
        Index("ix_registry_rows_number", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("registry_snapshots.id", ondelete="CASCADE"), index=True
    )
    line: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400), default="")
    number: Mapped[str] = mapped_column(String(100), default="")
    valid_from: Mapped[date | None] = mapped_column(default=None)
    valid_until: Mapped[date | None] = mapped_column(default=None)
    source: Mapped[str] = mapped_column(String(400), default="")
    retrieved_on: Mapped[date | None] = mapped_column(default=None)

    snapshot: Mapped[RegistrySnapshot] = relationship(back_populates="rows")


class Offering(Versioned, Base):
    """What a clinic sells (the dossier's `offering`): its marketing name, a free-text description
    or structured therapy attributes, the indication, and whether it is an adjunct to a procedure."""

    __tablename__ = "offerings"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    marketing_name: Mapped[str | None] = mapped_column(String(200), default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    indication: Mapped[str | None] = mapped_column(String(20), default=None)
    therapy: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    role: Mapped[str | None] = mapped_column(String(20), default=None)
    base_procedure: Mapped[str | None] = mapped_column(String(200), default=None)

    clinic: Mapped[Clinic] = relationship(back_populates="offerings")


class MarketingDocument(Base):
    """A page, advert or brochure text of a clinic, kept so its scans can be re-run and compared;
    a clinic's documents are its dossier's `marketing` texts, in `position` (then id) order."""

    __tablename__ = "marketing_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    origin: Mapped[str] = mapped_column(String(1000), default="")
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    scans: Mapped[list[ScanRecord]] = relationship(back_populates="document", passive_deletes=True)


class ScanRecord(Base):
    """The result of scanning a marketing document with one knowledge version."""

    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("marketing_documents.id", ondelete="CASCADE"), index=True
    )
    risk: Mapped[str] = mapped_column(String(10))
    knowledge_version: Mapped[str] = mapped_column(String(80))
    result: Mapped[dict[str, Any]]
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[MarketingDocument] = relationship(back_populates="scans")


class Verification(Base):
    """One immutable verification: the dossier as given, the knowledge version, the full result.

    Re-running creates a new row; nothing here is ever updated (see `audit.py` and the
    `before_flush` guard in `services`).
    """

    __tablename__ = "verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="SET NULL"), index=True)
    clinic_name: Mapped[str] = mapped_column(String(200))
    verdict: Mapped[str] = mapped_column(String(30))
    knowledge_version: Mapped[str] = mapped_column(String(80))
    registry_snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_snapshots.id", ondelete="SET NULL"), default=None
    )
    as_of: Mapped[date]
    dossier: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any]]
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """One append-only, hash-chained record of who changed what, when, from what to what."""

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    occurred_at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (Index("ix_audit_entries_entity", "entity", "entity_id"),)


class AuditHead(Base):
    """The chain's last sequence number and hash, so that cutting entries off the end shows."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))


@event.listens_for(Session, "before_flush")
def _verifications_are_immutable(session: Session, _ctx: Any, _instances: Any) -> None:
    """A stored verification is evidence: re-running creates a new one, nothing edits the old."""
    for obj in session.dirty:
        if isinstance(obj, Verification) and session.is_modified(obj, include_collections=False):
            raise Conflict(f"verification {obj.id} is immutable; run a new verification instead")


class SharedCheck(Base):
    """An offer check a patient asked to share: what was checked and how, never who asked.

    Only on request: the public check stores nothing otherwise. The link carries a random token;
    the table keeps its SHA-256, so a copy of the database cannot open anyone's link. The row
    is refused and purged after `expires_at`.
    """

    __tablename__ = "shared_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    home_country: Mapped[str | None] = mapped_column(String(2), default=None)
    kind: Mapped[str] = mapped_column(String(10), default="auto")
    language: Mapped[str] = mapped_column(String(5), default="en")
    checked_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
