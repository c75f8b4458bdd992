"""notifications: per-user channel preferences and quiet hours, the in-app inbox, and outbox
messages addressed to one channel (SMS, e-mail) and not necessarily about a claim (one-time codes)

Revision ID: 0016_notifications
Revises: 0015_jobs
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0016_notifications"
down_revision: str | Sequence[str] | None = "0015_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHANNEL = sa.Enum("sms", "email", "in_app", name="channel", native_enum=False, length=32)
_TOPIC = sa.Enum(
    "claim.submitted",
    "claim.documents_missing",
    "claim.assessed",
    "claim.awaiting_payment",
    "claim.payment_made",
    "claim.closed",
    "claim.escalated",
    "complaint.received",
    "complaint.answered",
    "complaint.escalated",
    "auth.one_time_code",
    name="topic",
    native_enum=False,
    length=32,
)


def upgrade() -> None:
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("quiet_start", sa.Time(), nullable=True),
        sa.Column("quiet_end", sa.Time(), nullable=True),
        sa.Column("updated_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notification_preferences_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "inbox_messages",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=True),
        sa.Column("topic", _TOPIC, nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("read_at", api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_inbox_messages_claim_id_claims")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_inbox_messages_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
    )
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_messages_user_created", ["user_id", "created_at"], unique=False)
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", _CHANNEL, nullable=True))
        batch_op.alter_column("claim_id", existing_type=sa.Uuid(), nullable=True)


def downgrade() -> None:
    # Messages to one channel (and those not about a claim: one-time codes) would otherwise reach
    # the operator's event feed, which knows no channels.
    op.execute("DELETE FROM outbox_messages WHERE channel IS NOT NULL OR claim_id IS NULL")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("claim_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_column("channel")
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_messages_user_created")
    op.drop_table("inbox_messages")
    op.drop_table("notification_preferences")
