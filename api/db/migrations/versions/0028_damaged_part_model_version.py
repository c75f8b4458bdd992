"""assessments record the damaged-part model's version beside the segmenter's: which model named a
part is part of the estimate's audit trail (null: none served when the assessment ran)

Revision ID: 0028_damaged_part_model_version
Revises: 0027_desk_followups
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_damaged_part_model_version"
down_revision: str | Sequence[str] | None = "0027_desk_followups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("damaged_part_model_version", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("damaged_part_model_version")
