"""finding corrections: the adjuster's record of each added, changed or rejected finding; a
finding's origin, side and rejection

Revision ID: 0013_corrections
Revises: 0012_workers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0013_corrections"
down_revision: str | Sequence[str] | None = "0012_workers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("customer", "junior_adjuster", "senior_adjuster", "complaint_handler", "supervisor", "admin")


def upgrade() -> None:
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=24), server_default=sa.text("'ai'"), nullable=False))
        batch_op.add_column(sa.Column("side", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("rejected", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.create_table(
        "finding_corrections",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=True),
        sa.Column("photo_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.Enum(*ROLES, name="role", native_enum=False, length=32), nullable=True),
        sa.Column("estimate_version", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_finding_corrections_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_finding_corrections_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_finding_corrections_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["findings.id"], name=op.f("fk_finding_corrections_finding_id_findings")
        ),
        sa.ForeignKeyConstraint(["photo_id"], ["photos.id"], name=op.f("fk_finding_corrections_photo_id_photos")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_corrections")),
    )
    with op.batch_alter_table("finding_corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_corrections_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_finding_corrections_finding_id"), ["finding_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("finding_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_corrections_finding_id"))
        batch_op.drop_index(batch_op.f("ix_finding_corrections_claim_id"))
    op.drop_table("finding_corrections")
    # Findings the adjusters added have no detector behind them: they go with the records.
    op.execute("DELETE FROM findings WHERE origin <> 'ai'")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_column("rejected")
        batch_op.drop_column("side")
        batch_op.drop_column("origin")
