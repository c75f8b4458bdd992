"""estimate signing and payment: one-time signing codes (keyed hash only), signatures binding an
estimate version's content hash, and one payment record per claim

Revision ID: 0017_signing
Revises: 0016_notifications
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0017_signing"
down_revision: str | Sequence[str] | None = "0016_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("customer", "junior_adjuster", "senior_adjuster", "complaint_handler", "supervisor", "admin")
PAYMENT_STATUSES = ("pending", "paid", "failed")


def _when(name: str, *, nullable: bool) -> sa.Column[object]:
    return sa.Column(name, api.db.base.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "signing_codes",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("estimate_version", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        _when("expires_at", nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("used_at", nullable=True),
        _when("revoked_at", nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_signing_codes_claim_id_claims")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_signing_codes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_codes")),
    )
    op.create_index("ix_signing_codes_claim_id_created_at", "signing_codes", ["claim_id", "created_at"], unique=False)
    op.create_table(
        "estimate_signatures",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("estimate_id", sa.Uuid(), nullable=False),
        sa.Column("estimate_version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        _when("signed_at", nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_id", sa.Uuid(), nullable=False),
        sa.Column("user_agent", sa.String(length=255), nullable=False),
        sa.Column("ip_hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_estimate_signatures_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["code_id"], ["signing_codes.id"], name=op.f("fk_estimate_signatures_code_id_signing_codes")
        ),
        sa.ForeignKeyConstraint(
            ["estimate_id"], ["estimate_versions.id"], name=op.f("fk_estimate_signatures_estimate_id_estimate_versions")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_estimate_signatures_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estimate_signatures")),
        sa.UniqueConstraint("claim_id", "estimate_version", name="uq_estimate_signatures_claim_version"),
    )
    op.create_index(op.f("ix_estimate_signatures_claim_id"), "estimate_signatures", ["claim_id"], unique=False)
    op.create_table(
        "payments",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("signature_id", sa.Uuid(), nullable=False),
        sa.Column("payee_name", sa.String(length=100), nullable=False),
        sa.Column("bank_name", sa.String(length=100), nullable=False),
        sa.Column("account_number", sa.String(length=32), nullable=False),
        sa.Column(
            "status", sa.Enum(*PAYMENT_STATUSES, name="paymentstatus", native_enum=False, length=32), nullable=False
        ),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _when("paid_at", nullable=True),
        _when("failed_at", nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by_role", sa.Enum(*ROLES, name="role", native_enum=False, length=32), nullable=True),
        _when("updated_at", nullable=False),
        sa.Column("version_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_payments_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["signature_id"], ["estimate_signatures.id"], name=op.f("fk_payments_signature_id_estimate_signatures")
        ),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_payments_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_payments_claim_id")),
    )


def downgrade() -> None:
    op.drop_table("payments")
    op.drop_index(op.f("ix_estimate_signatures_claim_id"), table_name="estimate_signatures")
    op.drop_table("estimate_signatures")
    op.drop_index("ix_signing_codes_claim_id_created_at", table_name="signing_codes")
    op.drop_table("signing_codes")
