"""one migration history: join the domain branches into a single head

Revision ID: 0008_one_history
Revises: 0003_document_readings, 0003_estimate_versions, 0007_complaints (0002_assessments is
already below 0003_estimate_versions, which depends on it)

Every later migration builds on this one, so ``alembic upgrade head`` has one target again.
"""

from collections.abc import Sequence

revision: str = "0008_one_history"
down_revision: str | Sequence[str] | None = (
    "0003_document_readings",
    "0003_estimate_versions",
    "0007_complaints",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
