"""one fraud flag per photo pair; photo removal

Revision ID: 0011_bounds
Revises: 0010_security
"""

from collections.abc import Sequence

revision: str = "0011_bounds"
down_revision: str | Sequence[str] | None = "0010_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
