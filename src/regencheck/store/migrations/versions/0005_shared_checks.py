"""Offer checks a patient asked to share by link: the text and choices, no identity, an expiry.

Revision ID: 0005_shared_checks
Revises: 0004_dossier_record
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_shared_checks"
down_revision = "0004_dossier_record"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "shared_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("home_country", sa.String(length=2), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_checks")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_shared_checks_token_hash")),
    )
    op.create_index(op.f("ix_shared_checks_expires_at"), "shared_checks", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_shared_checks_expires_at"), table_name="shared_checks")
    op.drop_table("shared_checks")
