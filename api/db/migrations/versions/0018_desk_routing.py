"""complaint desk routing, contact and service quality (issue 14 items 3 and 6): an assignee per
complaint and per step, the severe and customer-upset marks, follow-up attempts, when mediation
was offered; the contact log, delay notices, the staff a complaint is linked to, and the
improvement-actions register

Revision ID: 0018_desk_routing
Revises: 0017_signing
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0018_desk_routing"
down_revision: str | Sequence[str] | None = "0017_signing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("customer", "junior_adjuster", "senior_adjuster", "complaint_handler", "supervisor", "admin")
CHANNELS = ("phone", "sms", "app", "web", "email", "visit")
PURPOSES = ("intake", "calming", "explanation", "follow_up", "other")
OUTCOMES = ("reached", "not_reached", "confirmed_satisfied", "not_satisfied", "asked_for_time")
DEPARTMENTS = ("claims", "assessment", "customer_service", "technology", "marketing", "legal")
ACTION_STATUSES = ("open", "done", "effective", "not_effective")


def _enum(values: Sequence[str], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, api.db.base.UTCDateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{referred}.id"], name=op.f(f"fk_{table}_{column}_{referred}"))


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignee_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("severe", sa.Boolean(), server_default=sa.text("false"), nullable=False))
        batch_op.add_column(sa.Column("severe_reason", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("customer_upset", sa.Boolean(), server_default=sa.text("false"), nullable=False))
        batch_op.add_column(sa.Column("follow_up_attempts", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch_op.add_column(_when("mediation_offered_at", nullable=True))
        batch_op.add_column(sa.Column("mediation_offer", sa.Text(), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_complaints_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_complaints_assignee_id_users"), "users", ["assignee_id"], ["id"])
    with op.batch_alter_table("complaint_steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignee_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_complaint_steps_assignee_id_users"), "users", ["assignee_id"], ["id"]
        )
    op.create_table(
        "complaint_contacts",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        _when("at"),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("staff_role", _enum(ROLES, "role"), nullable=False),
        sa.Column("channel", _enum(CHANNELS, "contactchannel"), nullable=False),
        sa.Column("purpose", _enum(PURPOSES, "contactpurpose"), nullable=False),
        sa.Column("outcome", _enum(OUTCOMES, "contactoutcome"), nullable=False),
        sa.Column("customer_calmed", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        _fk("complaint_contacts", "complaint_id", "complaints"),
        _fk("complaint_contacts", "staff_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_contacts")),
    )
    op.create_index(op.f("ix_complaint_contacts_complaint_id"), "complaint_contacts", ["complaint_id"])
    op.create_table(
        "complaint_delay_notices",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        _when("at"),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _when("previous_time"),
        _when("new_time"),
        sa.Column("in_advance", sa.Boolean(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        _fk("complaint_delay_notices", "complaint_id", "complaints"),
        _fk("complaint_delay_notices", "message_id", "outbox_messages"),
        _fk("complaint_delay_notices", "staff_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_delay_notices")),
    )
    op.create_index(op.f("ix_complaint_delay_notices_complaint_id"), "complaint_delay_notices", ["complaint_id"])
    op.create_table(
        "complaint_staff_links",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("linked_by_id", sa.Uuid(), nullable=False),
        _when("at"),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        _fk("complaint_staff_links", "complaint_id", "complaints"),
        _fk("complaint_staff_links", "linked_by_id", "users"),
        _fk("complaint_staff_links", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_staff_links")),
        sa.UniqueConstraint("complaint_id", "user_id", name=op.f("uq_complaint_staff_links_complaint_id")),
    )
    op.create_index(op.f("ix_complaint_staff_links_complaint_id"), "complaint_staff_links", ["complaint_id"])
    op.create_index(op.f("ix_complaint_staff_links_user_id"), "complaint_staff_links", ["user_id"])
    op.create_table(
        "improvement_actions",
        sa.Column("source_week", sa.String(length=8), nullable=False),
        sa.Column("source_topic", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("department", _enum(DEPARTMENTS, "department"), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", _enum(ACTION_STATUSES, "actionstatus"), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        _when("evidence_at", nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("updated_by_id", sa.Uuid(), nullable=True),
        _when("updated_at"),
        sa.Column("id", sa.Uuid(), nullable=False),
        _when("created_at"),
        _fk("improvement_actions", "created_by_id", "users"),
        _fk("improvement_actions", "updated_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_actions")),
    )
    op.create_index(op.f("ix_improvement_actions_source_week"), "improvement_actions", ["source_week"])


def downgrade() -> None:
    op.drop_index(op.f("ix_improvement_actions_source_week"), table_name="improvement_actions")
    op.drop_table("improvement_actions")
    op.drop_index(op.f("ix_complaint_staff_links_user_id"), table_name="complaint_staff_links")
    op.drop_index(op.f("ix_complaint_staff_links_complaint_id"), table_name="complaint_staff_links")
    op.drop_table("complaint_staff_links")
    op.drop_index(op.f("ix_complaint_delay_notices_complaint_id"), table_name="complaint_delay_notices")
    op.drop_table("complaint_delay_notices")
    op.drop_index(op.f("ix_complaint_contacts_complaint_id"), table_name="complaint_contacts")
    op.drop_table("complaint_contacts")
    with op.batch_alter_table("complaint_steps", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_complaint_steps_assignee_id_users"), type_="foreignkey")
        batch_op.drop_column("assignee_id")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_complaints_assignee_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_complaints_assignee_id"))
        batch_op.drop_column("mediation_offer")
        batch_op.drop_column("mediation_offered_at")
        batch_op.drop_column("follow_up_attempts")
        batch_op.drop_column("customer_upset")
        batch_op.drop_column("severe_reason")
        batch_op.drop_column("severe")
        batch_op.drop_column("assignee_id")
