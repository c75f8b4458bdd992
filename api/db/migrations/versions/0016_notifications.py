"""reserved for the notifications work of this session; it changes nothing until that work fills it

Revision ID: 0016_notifications
Revises: 0015_jobs
"""

from collections.abc import Sequence

revision: str = "0016_notifications"
down_revision: str | Sequence[str] | None = "0015_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
