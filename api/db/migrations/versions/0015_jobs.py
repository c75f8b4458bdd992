"""reserved for the jobs work of this session; it changes nothing until that work fills it

Revision ID: 0015_jobs
Revises: 0014_decisions
"""

from collections.abc import Sequence

revision: str = "0015_jobs"
down_revision: str | Sequence[str] | None = "0014_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
