"""staff-facing texts stored as codes with parameters (reserved)

Revision ID: 0026_staff_text_codes
Revises: 0025_consent_withdrawal
"""

from collections.abc import Sequence

revision: str = "0026_staff_text_codes"
down_revision: str | Sequence[str] | None = "0025_consent_withdrawal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
