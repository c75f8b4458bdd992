"""complaint decisions reach the money and the customer: how a decision is delivered
(payment adjustment or estimate revision, a speed-up, a voucher, a re-assessment) and one
complaint_outcomes row per thing it did

Revision ID: 0014_decisions
Revises: 0013_corrections
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0014_decisions"
down_revision: str | Sequence[str] | None = "0013_corrections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("customer", "junior_adjuster", "senior_adjuster", "complaint_handler", "supervisor", "admin")
REASSESSORS = ("internal", "third_party")
KINDS = (
    "payment_adjustment",
    "estimate_revision",
    "deadline_moved",
    "voucher_issued",
    "reassessment_ordered",
    "reassessment_recorded",
)


def _enum(values: Sequence[str], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade() -> None:
    with op.batch_alter_table("complaint_decisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("delivery", _enum(("payment_adjustment", "estimate_revision"), "delivery"), nullable=True)
        )
        batch_op.add_column(sa.Column("speed_up_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("voucher_type", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("voucher_value", sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column("reassessment_by", _enum(REASSESSORS, "reassessor"), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", api.db.base.UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "complaint_outcomes",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", _enum(KINDS, "outcomekind"), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("estimate_version", sa.Integer(), nullable=True),
        sa.Column("voucher_type", sa.String(length=64), nullable=True),
        sa.Column("deadline_before", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deadline_after", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reassessor", _enum(REASSESSORS, "reassessor"), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_role", _enum(ROLES, "role"), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_complaint_outcomes_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_complaint_outcomes_complaint_id_complaints")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_complaint_outcomes_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["users.id"], name=op.f("fk_complaint_outcomes_customer_id_users")),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["complaint_decisions.id"],
            name=op.f("fk_complaint_outcomes_decision_id_complaint_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_outcomes")),
    )
    op.create_index(op.f("ix_complaint_outcomes_claim_id"), "complaint_outcomes", ["claim_id"], unique=False)
    op.create_index(op.f("ix_complaint_outcomes_complaint_id"), "complaint_outcomes", ["complaint_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_complaint_outcomes_complaint_id"), table_name="complaint_outcomes")
    op.drop_index(op.f("ix_complaint_outcomes_claim_id"), table_name="complaint_outcomes")
    op.drop_table("complaint_outcomes")
    with op.batch_alter_table("complaint_decisions", schema=None) as batch_op:
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("reassessment_by")
        batch_op.drop_column("voucher_value")
        batch_op.drop_column("voucher_type")
        batch_op.drop_column("speed_up_days")
        batch_op.drop_column("delivery")
