"""server-side sessions and login throttling

Revision ID: 0010_security
Revises: 0009_integrity
"""

from collections.abc import Sequence

revision: str = "0010_security"
down_revision: str | Sequence[str] | None = "0009_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
