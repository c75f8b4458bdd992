"""estimate versions (定损单), stored immutably as the pricing engine's JSON

Revision ID: 0003_estimate_versions
Revises: 0002_assessments (an estimate prices an assessment; it was a dependency of a separate
branch until 0008 made one history — databases that recorded it that way upgrade unchanged)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0003_estimate_versions"
down_revision: str | None = "0002_assessments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("customer", "junior_adjuster", "senior_adjuster", "complaint_handler", "supervisor", "admin")


def upgrade() -> None:
    op.create_table(
        "estimate_versions",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("parent_version", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_by_role", sa.Enum(*ROLES, name="role", native_enum=False, length=32), nullable=True),
        sa.Column("catalog_version", sa.String(length=64), nullable=False),
        sa.Column("rules_version", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("net_repair_cost", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("payable", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("assumptions", sa.JSON(), nullable=False),
        sa.Column("approved_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("approved_by_role", sa.Enum(*ROLES, name="role", native_enum=False, length=32), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_estimate_versions_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(["approved_by"], ["users.id"], name=op.f("fk_estimate_versions_approved_by_users")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_estimate_versions_claim_id_claims")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_estimate_versions_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estimate_versions")),
        sa.UniqueConstraint("claim_id", "version", name="uq_estimate_versions_claim_id_version"),
    )
    op.create_index(op.f("ix_estimate_versions_claim_id"), "estimate_versions", ["claim_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_estimate_versions_claim_id"), table_name="estimate_versions")
    op.drop_table("estimate_versions")
