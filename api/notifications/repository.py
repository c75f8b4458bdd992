"""Queries of the outbox dispatcher. A due message is leased to one dispatcher through
``api.db.leases`` (rows another dispatcher is claiming are skipped on PostgreSQL; SQLite has one
writer), and every outcome is recorded only while that dispatcher still holds the lease."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from api.db.leases import lease_due, write_if
from api.db.models import OutboxMessage
from api.notifications.topics import OutboxStatus


def _due(now: datetime) -> ColumnElement[bool]:
    """Pending and due, or leased by a dispatcher whose lease has run out (it was killed)."""
    return or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_expires_at <= now),
    )


def claim_due(
    session: Session, *, now: datetime, lease_id: uuid.UUID, lease_seconds: float, limit: int
) -> Sequence[OutboxMessage]:
    """Lease up to ``limit`` due messages (oldest first) to ``lease_id`` and count the attempt.
    The caller commits at once, so the lease is visible and no row lock outlives the claim."""
    lease_due(
        session,
        OutboxMessage,
        due=_due(now),
        order_by=(OutboxMessage.created_at, OutboxMessage.id),
        limit=limit,
        values={
            "status": OutboxStatus.SENDING,
            "lease_id": lease_id,
            "lease_expires_at": now + timedelta(seconds=lease_seconds),
            "attempts": OutboxMessage.attempts + 1,
        },
    )
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.lease_id == lease_id, OutboxMessage.status == OutboxStatus.SENDING)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return session.scalars(stmt, execution_options={"populate_existing": True}).all()


def _held(message_id: uuid.UUID, lease_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(
        OutboxMessage.id == message_id,
        OutboxMessage.lease_id == lease_id,
        OutboxMessage.status == OutboxStatus.SENDING,
    )


def record_sent(session: Session, *, message_id: uuid.UUID, lease_id: uuid.UUID, now: datetime) -> bool:
    """Mark the message sent; False if the lease was lost (another dispatcher took it over)."""
    values = {"status": OutboxStatus.SENT, "sent_at": now, "last_error": None, "lease_id": None}
    return write_if(session, OutboxMessage, _held(message_id, lease_id), values | {"lease_expires_at": None}) == 1


def record_failure(
    session: Session,
    *,
    message_id: uuid.UUID,
    lease_id: uuid.UUID,
    error: str,
    retry_at: datetime | None,
) -> bool:
    """Back to pending until ``retry_at``, or failed for good when ``retry_at`` is None."""
    values: dict[str, Any] = {"last_error": error[:2000], "lease_id": None, "lease_expires_at": None}
    if retry_at is None:
        values["status"] = OutboxStatus.FAILED
    else:
        values |= {"status": OutboxStatus.PENDING, "next_attempt_at": retry_at}
    return write_if(session, OutboxMessage, _held(message_id, lease_id), values) == 1


def release(session: Session, *, lease_id: uuid.UUID) -> int:
    """Hand back every message still leased to ``lease_id`` unsent; the attempt does not count."""
    condition = and_(OutboxMessage.lease_id == lease_id, OutboxMessage.status == OutboxStatus.SENDING)
    values = {
        "status": OutboxStatus.PENDING,
        "lease_id": None,
        "lease_expires_at": None,
        "attempts": OutboxMessage.attempts - 1,
    }
    return write_if(session, OutboxMessage, condition, values)
