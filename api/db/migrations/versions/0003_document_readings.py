"""document readings (OCR), field corrections and cross-check flags

Revision ID: 0003_document_readings
Revises: 0001 (its own branch, like every domain)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0003_document_readings"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_readings",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("kind_confidence", sa.Float(), nullable=False),
        sa.Column("engine", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.Column("quarter_turns", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.Uuid(), nullable=True),
        sa.Column("confirmed_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_readings_document_id_documents")
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_document_readings_claim_id_claims")),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name=op.f("fk_document_readings_requested_by_users")),
        sa.ForeignKeyConstraint(["confirmed_by"], ["users.id"], name=op.f("fk_document_readings_confirmed_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_readings")),
    )
    op.create_index(op.f("ix_document_readings_document_id"), "document_readings", ["document_id"], unique=False)
    op.create_index(op.f("ix_document_readings_claim_id"), "document_readings", ["claim_id"], unique=False)
    op.create_table(
        "document_field_corrections",
        sa.Column("reading_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("previous_value", sa.Text(), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("ocr_value", sa.Text(), nullable=True),
        sa.Column("corrected_by", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reading_id"],
            ["document_readings.id"],
            name=op.f("fk_document_field_corrections_reading_id_document_readings"),
        ),
        sa.ForeignKeyConstraint(
            ["corrected_by"], ["users.id"], name=op.f("fk_document_field_corrections_corrected_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_field_corrections")),
    )
    op.create_index(
        op.f("ix_document_field_corrections_reading_id"), "document_field_corrections", ["reading_id"], unique=False
    )
    op.create_table(
        "document_flags",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("check", sa.String(length=32), nullable=False),
        sa.Column("left_source", sa.String(length=64), nullable=False),
        sa.Column("left_value", sa.Text(), nullable=True),
        sa.Column("right_source", sa.String(length=64), nullable=False),
        sa.Column("right_value", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_document_flags_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_flags")),
    )
    op.create_index(op.f("ix_document_flags_claim_id"), "document_flags", ["claim_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_document_flags_claim_id"), table_name="document_flags")
    op.drop_table("document_flags")
    op.drop_index(op.f("ix_document_field_corrections_reading_id"), table_name="document_field_corrections")
    op.drop_table("document_field_corrections")
    op.drop_index(op.f("ix_document_readings_claim_id"), table_name="document_readings")
    op.drop_index(op.f("ix_document_readings_document_id"), table_name="document_readings")
    op.drop_table("document_readings")
