"""labels and queue: the customer's consent to use the claim's photos for training (asked at
capture, off unless given), and the adjuster a claim is assigned to

Revision ID: 0020_labels
Revises: 0019_catalogs
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0020_labels"
down_revision: str | Sequence[str] | None = "0019_catalogs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("training_consent", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
        batch_op.add_column(sa.Column("training_consent_at", api.db.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("assignee_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("assigned_at", api.db.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_claims_assignee_id_users"), "users", ["assignee_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_claims_assignee_id"), ["assignee_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_assignee_id"))
        batch_op.drop_constraint(batch_op.f("fk_claims_assignee_id_users"), type_="foreignkey")
        batch_op.drop_column("assigned_at")
        batch_op.drop_column("assignee_id")
        batch_op.drop_column("training_consent_at")
        batch_op.drop_column("training_consent")
