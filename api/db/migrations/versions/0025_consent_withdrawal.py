"""training consent withdrawn by the customer: when the consent a claim's customer gave (at
reporting or later) was withdrawn; null while it stands or was never given

Revision ID: 0025_consent_withdrawal
Revises: 0024_customer_profile
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0025_consent_withdrawal"
down_revision: str | Sequence[str] | None = "0024_customer_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("training_consent_withdrawn_at", api.db.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("training_consent_withdrawn_at")
