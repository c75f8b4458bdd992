"""version columns for optimistic locking; blob references

Revision ID: 0009_integrity
Revises: 0008_one_history
"""

from collections.abc import Sequence

revision: str = "0009_integrity"
down_revision: str | Sequence[str] | None = "0008_one_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
