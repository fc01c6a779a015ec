"""Journey tables: patient cases, stage history, notes, evidence documents, adverse events and
their escalation log.

Revision ID: 0002_journey
Revises: 0001_core
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)

revision = "0002_journey"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journey_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_alias", sa.String(length=120), nullable=False),
        sa.Column("home_country", sa.String(length=2), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("contact_channel", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("consent_recorded_on", sa.Date(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=True),
        sa.Column("clinic_name", sa.String(length=200), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=True),
        sa.Column("offering_name", sa.String(length=200), nullable=False),
        sa.Column("therapy", JSON_DOC, nullable=False),
        sa.Column("verification_id", sa.Integer(), nullable=True),
        sa.Column("verification_note", sa.String(length=500), nullable=False),
        sa.Column("procedure_date", sa.Date(), nullable=True),
        sa.Column("appointment_time", sa.String(length=5), nullable=False),
        sa.Column("clinic_follow_up_days", JSON_DOC, nullable=False),
        sa.Column("done_items", JSON_DOC, nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_journey_cases_clinic_id_clinics"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["offerings.id"],
            name=op.f("fk_journey_cases_offering_id_offerings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["verification_id"],
            ["verifications.id"],
            name=op.f("fk_journey_cases_verification_id_verifications"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_cases")),
    )
    op.create_table(
        "journey_stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["journey_cases.id"],
            name=op.f("fk_journey_stage_changes_case_id_journey_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_stage_changes")),
    )
    op.create_index(op.f("ix_journey_stage_changes_case_id"), "journey_stage_changes", ["case_id"])
    op.create_table(
        "journey_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["journey_cases.id"],
            name=op.f("fk_journey_notes_case_id_journey_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_notes")),
    )
    op.create_index(op.f("ix_journey_notes_case_id"), "journey_notes", ["case_id"])
    op.create_table(
        "journey_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=130), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("added_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["journey_cases.id"],
            name=op.f("fk_journey_documents_case_id_journey_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_documents")),
    )
    op.create_index(op.f("ix_journey_documents_case_id"), "journey_documents", ["case_id"])
    op.create_table(
        "journey_adverse_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("onset", sa.Date(), nullable=False),
        sa.Column("symptoms", JSON_DOC, nullable=False),
        sa.Column("free_text", sa.Text(), nullable=False),
        sa.Column("reporter", sa.String(length=200), nullable=False),
        sa.Column("reported_at", TIMESTAMP, nullable=False),
        sa.Column("photos", JSON_DOC, nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("triage", JSON_DOC, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["journey_cases.id"],
            name=op.f("fk_journey_adverse_events_case_id_journey_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_adverse_events")),
    )
    op.create_index(op.f("ix_journey_adverse_events_case_id"), "journey_adverse_events", ["case_id"])
    op.create_table(
        "journey_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["journey_adverse_events.id"],
            name=op.f("fk_journey_escalations_event_id_journey_adverse_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_escalations")),
    )
    op.create_index(op.f("ix_journey_escalations_event_id"), "journey_escalations", ["event_id"])


def downgrade() -> None:
    for table in (
        "journey_escalations",
        "journey_adverse_events",
        "journey_documents",
        "journey_notes",
        "journey_stage_changes",
    ):
        op.drop_table(table)
    op.drop_table("journey_cases")
