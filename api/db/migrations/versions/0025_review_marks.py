"""review-on-photo corrections (reserved)

Revision ID: 0025_review_marks
Revises: 0024_customer_profile
"""

from collections.abc import Sequence

revision: str = "0025_review_marks"
down_revision: str | Sequence[str] | None = "0024_customer_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
