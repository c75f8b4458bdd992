"""reserved for the labels work of this session; it changes nothing until that work fills it

Revision ID: 0020_labels
Revises: 0019_catalogs
"""

from collections.abc import Sequence

revision: str = "0020_labels"
down_revision: str | Sequence[str] | None = "0019_catalogs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
