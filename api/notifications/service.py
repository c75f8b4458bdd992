"""Outbox: notifications are written with the change they announce and sent later."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.base import utcnow
from api.db.models import Claim, OutboxMessage
from api.notifications.senders import Notification, NotificationSender
from api.notifications.topics import MESSAGES, OutboxStatus, Topic

log = structlog.get_logger(__name__)


def enqueue(
    session: Session,
    *,
    claim: Claim,
    topic: Topic,
    recipient_id: uuid.UUID | None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Queue a notification in the caller's transaction (sent only if it commits)."""
    message = OutboxMessage(
        claim_id=claim.id,
        recipient_id=recipient_id,
        topic=topic,
        payload={"claim_id": str(claim.id), "message": MESSAGES[topic]},
        status=OutboxStatus.PENDING,
        next_attempt_at=now or utcnow(),
    )
    session.add(message)
    return message


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def dispatch_pending(
    session: Session,
    *,
    sender: NotificationSender,
    now: datetime,
    max_attempts: int = 5,
    batch_size: int = 100,
) -> int:
    """Send due messages; a failure is retried with backoff until ``max_attempts``.
    Returns how many were sent. Concurrent dispatchers skip each other's rows (PostgreSQL)."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.created_at)
        .limit(batch_size)
        .with_for_update(skip_locked=True)
    )
    sent = 0
    for message in session.scalars(stmt).all():
        message.attempts += 1
        try:
            sender.send(
                Notification(
                    id=message.id,
                    topic=message.topic.value,
                    claim_id=message.claim_id,
                    recipient_id=message.recipient_id,
                    message=str(message.payload.get("message", "")),
                )
            )
        except Exception as exc:
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= max_attempts:
                message.status = OutboxStatus.FAILED
            else:
                message.next_attempt_at = now + _backoff(message.attempts)
            log.warning(
                "notification.failed",
                notification_id=str(message.id),
                attempts=message.attempts,
                error_type=type(exc).__name__,
            )
            continue
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.last_error = None
        sent += 1
    session.flush()
    return sent
