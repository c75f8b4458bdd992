"""straight-through approvals (reserved; filled by the provisional-estimate work)

Revision ID: 0023_straight_through
Revises: 0022_revisits
"""

from collections.abc import Sequence

revision: str = "0023_straight_through"
down_revision: str | Sequence[str] | None = "0022_revisits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
