"""catalogs: imported price-list versions and the pointer to the active one

Revision ID: 0019_catalogs
Revises: 0018_desk_routing
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0019_catalogs"
down_revision: str | Sequence[str] | None = "0018_desk_routing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalog_versions",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("fmt", sa.String(length=8), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("imported_by_id", sa.Uuid(), nullable=True),
        sa.Column("imported_by", sa.String(length=80), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["users.id"], name=op.f("fk_catalog_versions_imported_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_versions")),
        sa.UniqueConstraint("label", name=op.f("uq_catalog_versions_label")),
        sa.UniqueConstraint("number", name=op.f("uq_catalog_versions_number")),
        sa.UniqueConstraint("sha256", name=op.f("uq_catalog_versions_sha256")),
    )
    op.create_table(
        "catalog_active",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("activated_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("activated_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_catalog_active_single_row")),
        sa.ForeignKeyConstraint(
            ["version_id"], ["catalog_versions.id"], name=op.f("fk_catalog_active_version_id_catalog_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_active")),
    )


def downgrade() -> None:
    op.drop_table("catalog_active")
    op.drop_table("catalog_versions")
