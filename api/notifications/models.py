"""ORM models of a user's notification settings and in-app inbox."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import JSON, ForeignKey, Index, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum, utcnow
from api.notifications.topics import Topic


class NotificationPreference(Base):
    """One row per user who changed the defaults (in-app only, Chinese, the service's zone, no
    quiet hours). Quiet hours are wall-clock times in ``time_zone``; start > end spans midnight."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    channels: Mapped[list[str]] = mapped_column(JSON)  # Channel values, at least one
    # Personal data: never logged (senders log it masked).
    phone: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    time_zone: Mapped[str] = mapped_column(String(64))
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class InboxMessage(IdMixin, CreatedAtMixin, Base):
    """A message in a user's in-app inbox, rendered in their language when it was written."""

    __tablename__ = "inbox_messages"
    __table_args__ = (Index("ix_inbox_messages_user_created", "user_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claims.id"))
    topic: Mapped[Topic] = mapped_column(str_enum(Topic))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    read_at: Mapped[datetime | None]
