"""The in-app inbox: a user reads only their own messages, newest first, and marks them read."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api.db.base import utcnow
from api.db.models import User
from api.notifications.errors import InboxMessageNotFound
from api.notifications.models import InboxMessage


def list_messages(
    session: Session, *, user: User, unread_only: bool, limit: int, offset: int
) -> tuple[Sequence[InboxMessage], int]:
    mine = InboxMessage.user_id == user.id
    where = [mine, InboxMessage.read_at.is_(None)] if unread_only else [mine]
    total = session.scalar(select(func.count()).select_from(InboxMessage).where(*where)) or 0
    stmt = (
        select(InboxMessage)
        .where(*where)
        .order_by(InboxMessage.created_at.desc(), InboxMessage.id)
        .limit(limit)
        .offset(offset)
    )
    return session.scalars(stmt).all(), total


def unread_count(session: Session, *, user: User) -> int:
    stmt = (
        select(func.count())
        .select_from(InboxMessage)
        .where(InboxMessage.user_id == user.id, InboxMessage.read_at.is_(None))
    )
    return session.scalar(stmt) or 0


def mark_read(session: Session, *, user: User, message_id: uuid.UUID, now: datetime | None = None) -> InboxMessage:
    """Mark one of ``user``'s messages read (again: no change). Another user's message is the
    same 404 as one that does not exist."""
    session.execute(
        update(InboxMessage)
        .where(InboxMessage.id == message_id, InboxMessage.user_id == user.id, InboxMessage.read_at.is_(None))
        .values(read_at=now or utcnow()),
        execution_options={"synchronize_session": False},
    )
    message = session.scalars(
        select(InboxMessage).where(InboxMessage.id == message_id, InboxMessage.user_id == user.id),
        execution_options={"populate_existing": True},
    ).one_or_none()
    if message is None:
        raise InboxMessageNotFound()
    return message
