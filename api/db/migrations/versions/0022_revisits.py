"""revisits: one revisit per claim and stage (submitted + 3 days, assessed + 5, paid + 7, closed)
with its 5-point survey answers, and the priority follow-ups a low score opens

Revision ID: 0022_revisits
Revises: 0021_capture
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_revisits"
down_revision: str | Sequence[str] | None = "0021_capture"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STAGES = ("submitted", "assessed", "paid", "closed")


def upgrade() -> None:
    op.create_table(
        "revisits",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("stage", sa.Enum(*_STAGES, name="stage", native_enum=False, length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("skipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("convenience", sa.Integer(), nullable=True),
        sa.Column("communication", sa.Integer(), nullable=True),
        sa.Column("amount_fairness", sa.Integer(), nullable=True),
        sa.Column("overall", sa.Integer(), nullable=True),
        sa.Column("improve", sa.Text(), nullable=False),
        sa.Column("would_return", sa.String(length=8), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_revisits_claim_id_claims")),
        sa.ForeignKeyConstraint(["customer_id"], ["users.id"], name=op.f("fk_revisits_customer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisits")),
        sa.UniqueConstraint("claim_id", "stage", name=op.f("uq_revisits_claim_id")),
    )
    op.create_index(op.f("ix_revisits_claim_id"), "revisits", ["claim_id"], unique=False)
    op.create_index(op.f("ix_revisits_customer_id"), "revisits", ["customer_id"], unique=False)
    op.create_index(op.f("ix_revisits_due_at"), "revisits", ["due_at"], unique=False)
    op.create_table(
        "survey_follow_ups",
        sa.Column("revisit_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("low_items", sa.String(length=100), nullable=False),
        sa.Column("lowest_score", sa.Integer(), nullable=False),
        sa.Column(
            "status", sa.Enum("open", "done", name="followupstatus", native_enum=False, length=8), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_survey_follow_ups_claim_id_claims")),
        sa.ForeignKeyConstraint(["customer_id"], ["users.id"], name=op.f("fk_survey_follow_ups_customer_id_users")),
        sa.ForeignKeyConstraint(["revisit_id"], ["revisits.id"], name=op.f("fk_survey_follow_ups_revisit_id_revisits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_follow_ups")),
        sa.UniqueConstraint("revisit_id", name=op.f("uq_survey_follow_ups_revisit_id")),
    )
    op.create_index(op.f("ix_survey_follow_ups_claim_id"), "survey_follow_ups", ["claim_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_survey_follow_ups_claim_id"), table_name="survey_follow_ups")
    op.drop_table("survey_follow_ups")
    op.drop_index(op.f("ix_revisits_due_at"), table_name="revisits")
    op.drop_index(op.f("ix_revisits_customer_id"), table_name="revisits")
    op.drop_index(op.f("ix_revisits_claim_id"), table_name="revisits")
    op.drop_table("revisits")
