"""survey follow-ups closed, delay notices: a priority follow-up of a low survey score is closed
with who contacted the customer, the channel, the outcome, whether the customer was calm, an
internal note, and who closed it when; a delay notice keeps the customer's in-app message (its
own topic, complaint.delayed, delivered by the customer's notification preferences)

Revision ID: 0027_desk_followups
Revises: 0026_staff_text_codes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_desk_followups"
down_revision: str | Sequence[str] | None = "0026_staff_text_codes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHANNEL = sa.Enum("phone", "sms", "app", "web", "email", "visit", name="contactchannel", native_enum=False, length=16)
_OUTCOME = sa.Enum(
    "resolved",
    "explained",
    "complaint_filed",
    "declined",
    "not_reached",
    name="followupoutcome",
    native_enum=False,
    length=16,
)
_ROLE = sa.Enum(
    "customer",
    "junior_adjuster",
    "senior_adjuster",
    "complaint_handler",
    "supervisor",
    "admin",
    name="role",
    native_enum=False,
    length=32,
)


def upgrade() -> None:
    with op.batch_alter_table("survey_follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contacted_by_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("channel", _CHANNEL, nullable=True))
        batch_op.add_column(sa.Column("outcome", _OUTCOME, nullable=True))
        batch_op.add_column(sa.Column("customer_calmed", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("closed_by_role", _ROLE, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_survey_follow_ups_contacted_by_id_users"), "users", ["contacted_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_survey_follow_ups_closed_by_id_users"), "users", ["closed_by_id"], ["id"]
        )
    with op.batch_alter_table("complaint_delay_notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inbox_message_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_complaint_delay_notices_inbox_message_id_inbox_messages"),
            "inbox_messages",
            ["inbox_message_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("complaint_delay_notices", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_complaint_delay_notices_inbox_message_id_inbox_messages"), type_="foreignkey"
        )
        batch_op.drop_column("inbox_message_id")
    with op.batch_alter_table("survey_follow_ups", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_survey_follow_ups_closed_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_survey_follow_ups_contacted_by_id_users"), type_="foreignkey")
        for column in (
            "closed_by_role",
            "closed_by_id",
            "closed_at",
            "note",
            "customer_calmed",
            "outcome",
            "channel",
            "contacted_by_id",
        ):
            batch_op.drop_column(column)
