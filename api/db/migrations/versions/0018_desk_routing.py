"""reserved for the desk_routing work of this session; it changes nothing until that work fills it

Revision ID: 0018_desk_routing
Revises: 0017_signing
"""

from collections.abc import Sequence

revision: str = "0018_desk_routing"
down_revision: str | Sequence[str] | None = "0017_signing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
