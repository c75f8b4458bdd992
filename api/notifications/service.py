"""Outbox: notifications are written with the change they announce and sent later."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session, sessionmaker

from api.db.base import utcnow
from api.db.engine import unit_of_work
from api.db.models import Claim, OutboxMessage, User
from api.notifications import preferences, repository
from api.notifications.senders import Notification, NotificationSender
from api.notifications.topics import MESSAGES, Channel, OutboxStatus, Topic

log = structlog.get_logger(__name__)


def enqueue(
    session: Session,
    *,
    claim: Claim,
    topic: Topic,
    recipient_id: uuid.UUID | None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Queue a notice on the operator's event feed in the caller's transaction (sent only if it
    commits). A user is notified through ``api.notifications.notify_user``."""
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
    factory: sessionmaker[Session],
    *,
    sender: NotificationSender,
    now: datetime,
    max_attempts: int = 5,
    batch_size: int = 20,
    lease_seconds: float = 120.0,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Send due messages; a failure is retried with backoff until ``max_attempts``. Returns how
    many were sent.

    Three short transactions per message and none open while sending: a batch is leased to this
    dispatcher (``status='sending'`` until ``now + lease_seconds``) and committed, each message is
    sent, then its outcome is recorded. Two dispatchers never lease one message; a dispatcher
    killed mid-batch leaves leases that run out and are taken again (delivery is at least once:
    receivers dedupe on the notification id). No send starts past half the lease, so one send
    (bounded by the webhook timeout) ends before another dispatcher may take the message over.
    """
    lease_id = uuid.uuid4()
    started = clock()
    with unit_of_work(factory) as session:
        leased = repository.claim_due(
            session, now=now, lease_id=lease_id, lease_seconds=lease_seconds, limit=batch_size
        )
        batch = [(_notification(session, message), message.attempts) for message in leased]
    sent = 0
    for notification, attempt in batch:
        if clock() - started > lease_seconds / 2:
            with unit_of_work(factory) as session:
                repository.release(session, lease_id=lease_id)
            log.info("notification.lease_released", lease_id=str(lease_id))
            break
        try:
            sender.send(notification)
        except Exception as exc:
            retry_at = None if attempt >= max_attempts else now + _backoff(attempt)
            with unit_of_work(factory) as session:
                repository.record_failure(
                    session,
                    message_id=notification.id,
                    lease_id=lease_id,
                    error=f"{type(exc).__name__}: {exc}",
                    retry_at=retry_at,
                )
            log.warning(
                "notification.failed",
                notification_id=str(notification.id),
                attempts=attempt,
                error_type=type(exc).__name__,
            )
            continue
        with unit_of_work(factory) as session:
            recorded = repository.record_sent(session, message_id=notification.id, lease_id=lease_id, now=now)
        if not recorded:
            log.warning("notification.lease_lost", notification_id=str(notification.id))
        sent += 1
    return sent


def _notification(session: Session, message: OutboxMessage) -> Notification:
    return Notification(
        id=message.id,
        topic=message.topic.value,
        claim_id=message.claim_id,
        recipient_id=message.recipient_id,
        message=str(message.payload.get("message", "")),
        subject=str(message.payload.get("subject", "")),
        channel=message.channel.value if message.channel else None,
        address=_address(session, message),
    )


def _address(session: Session, message: OutboxMessage) -> str | None:
    """Where a channel message goes, read when it is sent (the user may have changed it)."""
    if message.channel is None or message.recipient_id is None:
        return None
    if message.channel is Channel.EMAIL:
        user = session.get(User, message.recipient_id)
        return user.email if user is not None else None
    return preferences.phone_of(session, user_id=message.recipient_id)
