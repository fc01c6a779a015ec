"""Patient-case tables: a case (minimum personal data, consent date, links to the clinic,
offering and verification used), its stage history, notes, evidence documents, adverse events
with their triage, and each event's escalation log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, utcnow
from ..models import Versioned

CASE_STATUSES = ("open", "closed")
EVENT_STATUSES = ("open", "escalated", "closed")
DOCUMENT_KINDS = ("consent", "quote", "protocol", "photo", "other")


class JourneyCase(Versioned, Base):
    """One patient's journey with one clinic and offering."""

    __tablename__ = "journey_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_alias: Mapped[str] = mapped_column(String(120))
    home_country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(5))
    contact_channel: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    consent_recorded_on: Mapped[date] = mapped_column(Date)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="SET NULL"), default=None)
    clinic_name: Mapped[str] = mapped_column(String(200))
    offering_id: Mapped[int | None] = mapped_column(
        ForeignKey("offerings.id", ondelete="SET NULL"), default=None
    )
    offering_name: Mapped[str] = mapped_column(String(200))
    therapy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    verification_id: Mapped[int | None] = mapped_column(
        ForeignKey("verifications.id", ondelete="SET NULL"), default=None
    )
    verification_note: Mapped[str] = mapped_column(String(500), default="")
    procedure_date: Mapped[date | None] = mapped_column(Date, default=None)
    appointment_time: Mapped[str] = mapped_column(String(5), default="10:00")
    clinic_follow_up_days: Mapped[list[Any]] = mapped_column(default=list)
    done_items: Mapped[list[Any]] = mapped_column(default=list)
    stage: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by: Mapped[str] = mapped_column(String(64))

    stage_changes: Mapped[list[JourneyStageChange]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="JourneyStageChange.id"
    )
    notes: Mapped[list[JourneyNote]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="JourneyNote.id"
    )
    documents: Mapped[list[JourneyDocument]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="JourneyDocument.id"
    )
    adverse_events: Mapped[list[JourneyAdverseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="JourneyAdverseEvent.id"
    )


class JourneyStageChange(Base):
    __tablename__ = "journey_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("journey_cases.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(64))

    case: Mapped[JourneyCase] = relationship(back_populates="stage_changes")


class JourneyNote(Base):
    __tablename__ = "journey_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("journey_cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)

    case: Mapped[JourneyCase] = relationship(back_populates="notes")


class JourneyDocument(Base):
    """An evidence file of a case (consent, quote, protocol, photo), stored by SHA-256."""

    __tablename__ = "journey_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("journey_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(130))
    size: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[JourneyCase] = relationship(back_populates="documents")


class JourneyAdverseEvent(Versioned, Base):
    """A reported reaction, its triage at the time of the report, and whether it is closed."""

    __tablename__ = "journey_adverse_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("journey_cases.id", ondelete="CASCADE"), index=True)
    onset: Mapped[date] = mapped_column(Date)
    symptoms: Mapped[list[Any]] = mapped_column(default=list)
    free_text: Mapped[str] = mapped_column(Text, default="")
    reporter: Mapped[str] = mapped_column(String(200))
    reported_at: Mapped[datetime]
    photos: Mapped[list[Any]] = mapped_column(default=list)
    level: Mapped[str] = mapped_column(String(12))
    triage: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(10), default="open")

    case: Mapped[JourneyCase] = relationship(back_populates="adverse_events")
    escalations: Mapped[list[JourneyEscalation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="JourneyEscalation.id"
    )


class JourneyEscalation(Base):
    """One line of an adverse event's escalation log."""

    __tablename__ = "journey_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("journey_adverse_events.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[JourneyAdverseEvent] = relationship(back_populates="escalations")
