"""customer profile, high-risk flag and service tags (reserved)

Revision ID: 0024_customer_profile
Revises: 0023_straight_through
"""

from collections.abc import Sequence

revision: str = "0024_customer_profile"
down_revision: str | Sequence[str] | None = "0023_straight_through"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
