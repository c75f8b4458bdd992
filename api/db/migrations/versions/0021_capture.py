"""reserved for the capture work of this session; it changes nothing until that work fills it

Revision ID: 0021_capture
Revises: 0020_labels
"""

from collections.abc import Sequence

revision: str = "0021_capture"
down_revision: str | Sequence[str] | None = "0020_labels"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
