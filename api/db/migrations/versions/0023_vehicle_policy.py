"""reserved for the vehicle_policy work of this session; it changes nothing until that work fills it

Revision ID: 0023_vehicle_policy
Revises: 0022_revisits
"""

from collections.abc import Sequence

revision: str = "0023_vehicle_policy"
down_revision: str | Sequence[str] | None = "0022_revisits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
