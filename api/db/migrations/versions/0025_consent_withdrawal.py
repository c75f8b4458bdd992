"""training consent withdrawn by the customer (reserved)

Revision ID: 0025_consent_withdrawal
Revises: 0024_customer_profile
"""

from collections.abc import Sequence

revision: str = "0025_consent_withdrawal"
down_revision: str | Sequence[str] | None = "0024_customer_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
