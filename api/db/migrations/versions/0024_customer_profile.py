"""customer profile: the stored high-risk flag with its reasons and rule tags (one row per
customer), and manual service tags with who added and removed them, and when

Revision ID: 0024_customer_profile
Revises: 0023_straight_through
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_customer_profile"
down_revision: str | Sequence[str] | None = "0023_straight_through"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_risks",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("high_risk", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("rule_tags", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["users.id"], name=op.f("fk_customer_risks_customer_id_users")),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_risks")),
    )
    op.create_index(op.f("ix_customer_risks_high_risk"), "customer_risks", ["high_risk"], unique=False)
    op.create_table(
        "customer_tags",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("added_by_id", sa.Uuid(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_by_id", sa.Uuid(), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["users.id"], name=op.f("fk_customer_tags_customer_id_users")),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"], name=op.f("fk_customer_tags_added_by_id_users")),
        sa.ForeignKeyConstraint(["removed_by_id"], ["users.id"], name=op.f("fk_customer_tags_removed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_tags")),
    )
    op.create_index(op.f("ix_customer_tags_customer_id"), "customer_tags", ["customer_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_customer_tags_customer_id"), table_name="customer_tags")
    op.drop_table("customer_tags")
    op.drop_index(op.f("ix_customer_risks_high_risk"), table_name="customer_risks")
    op.drop_table("customer_risks")
