"""reserved for the signing work of this session; it changes nothing until that work fills it

Revision ID: 0017_signing
Revises: 0016_notifications
"""

from collections.abc import Sequence

revision: str = "0017_signing"
down_revision: str | Sequence[str] | None = "0016_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
