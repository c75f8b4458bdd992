"""complaint desk: complaints, steps, events, analyses, decisions

Revision ID: 0007_complaints
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0007_complaints"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("filed_by_id", sa.Uuid(), nullable=False),
        sa.Column(
            "channel", sa.Enum("phone", "app", "web", name="channel", native_enum=False, length=32), nullable=False
        ),
        sa.Column("demand", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("estimate_version", sa.Integer(), nullable=True),
        sa.Column("received_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "cause",
            sa.Enum("timeliness", "amount", "communication", "process", name="cause", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("cause_set_by_handler", sa.Boolean(), nullable=False),
        sa.Column("classification", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "pending_approval",
                "awaiting_confirmation",
                "closed",
                name="complaintstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "level",
            sa.Enum(
                "front_line",
                "senior_claims",
                "customer_service",
                "mediation",
                name="level",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("step_due_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("feedback_due_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("feedback_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("follow_up_due_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("follow_up_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("satisfied", sa.Boolean(), nullable=True),
        sa.Column("closed_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_complaints_claim_id_claims")),
        sa.ForeignKeyConstraint(["customer_id"], ["users.id"], name=op.f("fk_complaints_customer_id_users")),
        sa.ForeignKeyConstraint(["filed_by_id"], ["users.id"], name=op.f("fk_complaints_filed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    op.create_index(op.f("ix_complaints_claim_id"), "complaints", ["claim_id"], unique=False)
    op.create_index(op.f("ix_complaints_customer_id"), "complaints", ["customer_id"], unique=False)
    op.create_index("ix_complaints_status_step_due", "complaints", ["status", "step_due_at"], unique=False)
    op.create_table(
        "complaint_analyses",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("estimate_version", sa.Integer(), nullable=False),
        sa.Column("estimate_snapshot", sa.JSON(), nullable=False),
        sa.Column("figure", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("gap", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_complaint_analyses_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_complaint_analyses_complaint_id_complaints")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_complaint_analyses_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_analyses")),
    )
    op.create_index(op.f("ix_complaint_analyses_claim_id"), "complaint_analyses", ["claim_id"], unique=False)
    op.create_index(op.f("ix_complaint_analyses_complaint_id"), "complaint_analyses", ["complaint_id"], unique=False)
    op.create_index(op.f("ix_complaint_analyses_fingerprint"), "complaint_analyses", ["fingerprint"], unique=False)
    op.create_table(
        "complaint_decisions",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=False),
        sa.Column(
            "decided_by_role",
            sa.Enum(
                "customer",
                "junior_adjuster",
                "senior_adjuster",
                "complaint_handler",
                "supervisor",
                "admin",
                name="role",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "verdict",
            sa.Enum("justified", "partly_justified", "not_justified", name="verdict", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("remedies", sa.JSON(), nullable=False),
        sa.Column("compensation", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("approved", "pending_approval", "rejected", name="decisionstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("authority_limit", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("reviewed_by_id", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("review_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_complaint_decisions_complaint_id_complaints")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_complaint_decisions_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_complaint_decisions_reviewed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_decisions")),
    )
    op.create_index(op.f("ix_complaint_decisions_complaint_id"), "complaint_decisions", ["complaint_id"], unique=False)
    op.create_table(
        "complaint_events",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "received",
                "reclassified",
                "analysed",
                "decided",
                "approval_requested",
                "approved",
                "rejected",
                "feedback_given",
                "escalated",
                "confirmed",
                "follow_up_created",
                name="complaintaction",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column(
            "actor_role",
            sa.Enum(
                "customer",
                "junior_adjuster",
                "senior_adjuster",
                "complaint_handler",
                "supervisor",
                "admin",
                name="role",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("actor_label", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_complaint_events_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_complaint_events_complaint_id_complaints")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_events")),
    )
    op.create_index(op.f("ix_complaint_events_complaint_id"), "complaint_events", ["complaint_id"], unique=False)
    op.create_table(
        "complaint_steps",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "front_line",
                "senior_claims",
                "customer_service",
                "mediation",
                name="level",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("started_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_complaint_steps_complaint_id_complaints")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_steps")),
    )
    op.create_index(op.f("ix_complaint_steps_complaint_id"), "complaint_steps", ["complaint_id"], unique=False)
    op.create_index(op.f("ix_complaint_steps_due_at"), "complaint_steps", ["due_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_complaint_steps_due_at"), table_name="complaint_steps")
    op.drop_index(op.f("ix_complaint_steps_complaint_id"), table_name="complaint_steps")
    op.drop_table("complaint_steps")
    op.drop_index(op.f("ix_complaint_events_complaint_id"), table_name="complaint_events")
    op.drop_table("complaint_events")
    op.drop_index(op.f("ix_complaint_decisions_complaint_id"), table_name="complaint_decisions")
    op.drop_table("complaint_decisions")
    op.drop_index(op.f("ix_complaint_analyses_fingerprint"), table_name="complaint_analyses")
    op.drop_index(op.f("ix_complaint_analyses_complaint_id"), table_name="complaint_analyses")
    op.drop_index(op.f("ix_complaint_analyses_claim_id"), table_name="complaint_analyses")
    op.drop_table("complaint_analyses")
    op.drop_index("ix_complaints_status_step_due", table_name="complaints")
    op.drop_index(op.f("ix_complaints_customer_id"), table_name="complaints")
    op.drop_index(op.f("ix_complaints_claim_id"), table_name="complaints")
    op.drop_table("complaints")
