"""version columns for optimistic locking on claims, estimate versions and complaints

Revision ID: 0009_integrity
Revises: 0008_one_history

Every UPDATE of these rows checks and bumps ``version_id`` (SQLAlchemy ``version_id_col``), so
a write based on a stale read fails (409 concurrent-update) rather than undoing another's.
Existing rows start at 1 (the server default).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_integrity"
down_revision: str | Sequence[str] | None = "0008_one_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("claims", "estimate_versions", "complaints")


def upgrade() -> None:
    for table in TABLES:
        # batch mode: SQLite adds the column in place (a constant default allows NOT NULL).
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version_id", sa.Integer(), nullable=False, server_default=sa.text("1")))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version_id")
