"""capture: each photo's shot kind, the zone of the car it shows with its side, and the quality
check made at upload (JSON list of reasons to retake; null for photos from before)

Revision ID: 0021_capture
Revises: 0020_labels
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_capture"
down_revision: str | Sequence[str] | None = "0020_labels"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shot", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("zone", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("zone_side", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("quality_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_column("quality_json")
        batch_op.drop_column("zone_side")
        batch_op.drop_column("zone")
        batch_op.drop_column("shot")
