"""Pluggable notification senders behind one protocol. The operator's feed senders (log,
webhook) get a notification without personal data: topic, claim id, recipient id and the fixed
message text. A channel sender (api.notifications.channels) also gets the recipient's address,
which no sender may log or put in an error."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol

import httpx
import structlog

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Notification:
    id: uuid.UUID
    topic: str
    claim_id: uuid.UUID | None
    recipient_id: uuid.UUID | None
    message: str
    subject: str = ""
    channel: str | None = None  # None: the operator's event feed
    # The e-mail address or phone number a channel sender delivers to. Personal data: not in repr.
    address: str | None = field(default=None, repr=False)


class NotificationSender(Protocol):
    def send(self, notification: Notification) -> None:
        """Deliver or raise; the dispatcher retries on an exception."""
        ...


class LogSender:
    """Writes one log line per notification (the default, for development)."""

    def send(self, notification: Notification) -> None:
        log.info(
            "notification.sent",
            notification_id=str(notification.id),
            topic=notification.topic,
            claim_id=str(notification.claim_id) if notification.claim_id else None,
            recipient_id=str(notification.recipient_id) if notification.recipient_id else None,
        )


class WebhookSender:
    """POSTs each notification as JSON to a URL; any non-2xx answer is a failure."""

    def __init__(self, url: str, *, timeout: float = 5.0, client: httpx.Client | None = None):
        self.url = url
        self.client = client or httpx.Client(timeout=timeout)

    def send(self, notification: Notification) -> None:
        response = self.client.post(
            self.url,
            json={
                "id": str(notification.id),
                "topic": notification.topic,
                "claim_id": str(notification.claim_id) if notification.claim_id else None,
                "recipient_id": str(notification.recipient_id) if notification.recipient_id else None,
                "message": notification.message,
            },
        )
        response.raise_for_status()


class RecordingSender:
    """Keeps what it is given; for tests and dry runs."""

    def __init__(self, *, fail: bool = False) -> None:
        self.sent: list[Notification] = []
        self.fail = fail

    def send(self, notification: Notification) -> None:
        if self.fail:
            raise RuntimeError("recording sender told to fail")
        self.sent.append(notification)
