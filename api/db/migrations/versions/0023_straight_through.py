"""straight-through approvals: one decision per estimate version (the rule set's version, each
rule's outcome, approved or referred)

Revision ID: 0023_straight_through
Revises: 0022_revisits
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_straight_through"
down_revision: str | Sequence[str] | None = "0022_revisits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "straight_through_decisions",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("estimate_version", sa.Integer(), nullable=False),
        sa.Column("rule_set", sa.String(length=40), nullable=False),
        sa.Column(
            "outcome", sa.Enum("approved", "referred", name="outcome", native_enum=False, length=16), nullable=False
        ),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_straight_through_decisions_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_straight_through_decisions")),
        sa.UniqueConstraint("claim_id", "estimate_version", name=op.f("uq_straight_through_decisions_claim_id")),
    )
    op.create_index(
        op.f("ix_straight_through_decisions_claim_id"), "straight_through_decisions", ["claim_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_straight_through_decisions_claim_id"), table_name="straight_through_decisions")
    op.drop_table("straight_through_decisions")
