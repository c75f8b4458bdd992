"""reserved for the revisits work of this session; it changes nothing until that work fills it

Revision ID: 0022_revisits
Revises: 0021_capture
"""

from collections.abc import Sequence

revision: str = "0022_revisits"
down_revision: str | Sequence[str] | None = "0021_capture"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
