"""survey follow-ups closed, delay notices (reserved)

Revision ID: 0027_desk_followups
Revises: 0026_staff_text_codes
"""

from collections.abc import Sequence

revision: str = "0027_desk_followups"
down_revision: str | Sequence[str] | None = "0026_staff_text_codes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
