"""assessments record the bumper-end classifier's version beside the damaged-part model's: it told
the end of close-up bumpers, so it is part of the estimate's audit trail (null: none served)

Revision ID: 0029_bumper_end_model_version
Revises: 0028_damaged_part_model_version
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029_bumper_end_model_version"
down_revision: str | Sequence[str] | None = "0028_damaged_part_model_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bumper_end_model_version", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("bumper_end_model_version")
