from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum
from api.notifications.topics import Channel, OutboxStatus, Topic


class OutboxMessage(IdMixin, CreatedAtMixin, Base):
    """A notification written in the same transaction as the change it announces, and sent
    later by the dispatcher: a rolled-back change sends nothing. ``channel`` None is the
    operator's event feed (the log or webhook sender); SMS and e-mail go to the recipient."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),)

    claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claims.id"), index=True)
    recipient_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    topic: Mapped[Topic] = mapped_column(str_enum(Topic))
    channel: Mapped[Channel | None] = mapped_column(str_enum(Channel))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(str_enum(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # While status is "sending": the dispatcher that holds it, until when (then another may take it).
    lease_id: Mapped[uuid.UUID | None]
    lease_expires_at: Mapped[datetime | None]
