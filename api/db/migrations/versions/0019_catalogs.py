"""reserved for the catalogs work of this session; it changes nothing until that work fills it

Revision ID: 0019_catalogs
Revises: 0018_desk_routing
"""

from collections.abc import Sequence

revision: str = "0019_catalogs"
down_revision: str | Sequence[str] | None = "0018_desk_routing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
