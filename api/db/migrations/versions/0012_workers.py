"""outbox leases: a message being sent is leased to one dispatcher until an expiry

Revision ID: 0012_workers
Revises: 0011_bounds
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0012_workers"
down_revision: str | Sequence[str] | None = "0011_bounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("lease_expires_at", api.db.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE outbox_messages SET status = 'pending' WHERE status = 'sending'")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("lease_expires_at")
        batch_op.drop_column("lease_id")
