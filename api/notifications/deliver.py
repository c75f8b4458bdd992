"""The implementation behind ``api.notifications.notify_user``: render once in the user's
language, write the inbox message, queue one outbox message per push channel (held by quiet
hours unless urgent), and keep the claim's event feed for the operator's sender."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

import structlog
from sqlalchemy.orm import Session

from api.db.base import utcnow
from api.db.models import OutboxMessage, User
from api.notifications import Delivery, Param
from api.notifications import preferences as prefs
from api.notifications.errors import RecipientNotFound
from api.notifications.models import InboxMessage
from api.notifications.templates import render
from api.notifications.topics import ALWAYS_URGENT, MESSAGES, PUSH_CHANNELS, Channel, OutboxStatus, Topic

log = structlog.get_logger(__name__)


def deliver(
    session: Session,
    *,
    user_id: uuid.UUID,
    topic: Topic,
    params: Mapping[str, Param],
    urgent: bool,
    claim_id: uuid.UUID | None,
    now: datetime | None,
) -> Delivery:
    now = now or utcnow()
    if session.get(User, user_id) is None:
        raise RecipientNotFound()
    chosen = prefs.effective(session, user_id=user_id)
    text = render(topic, chosen.language, params)
    urgent = urgent or topic in ALWAYS_URGENT
    hold = None if urgent else chosen.hold_until(now)
    if claim_id is not None and topic not in ALWAYS_URGENT:
        # The operator's event feed (log or webhook): the topic's fixed line, no parameters.
        feed = {"claim_id": str(claim_id), "message": MESSAGES[topic]}
        session.add(_outbox(claim_id, user_id, topic, None, feed, due=now, now=now))
    inbox_id = None
    if Channel.IN_APP in chosen.channels:
        inbox_id = uuid.uuid4()
        session.add(
            InboxMessage(
                id=inbox_id,
                user_id=user_id,
                claim_id=claim_id,
                topic=topic,
                subject=text.subject,
                body=text.body,
                created_at=now,
            )
        )
    queued = []
    for channel in PUSH_CHANNELS:
        if channel in chosen.channels:
            payload = {"subject": text.subject, "message": text.body, "lang": chosen.language.value}
            message = _outbox(claim_id, user_id, topic, channel, payload, due=hold or now, now=now)
            session.add(message)
            queued.append(message.id)
    session.flush()
    log.info(
        "notification.queued",
        topic=topic.value,
        recipient_id=str(user_id),
        channels=sorted(c.value for c in chosen.channels),
        held_until=hold.isoformat() if hold else None,
    )
    return Delivery(inbox_message_id=inbox_id, outbox_message_ids=tuple(queued), held_until=hold if queued else None)


def _outbox(
    claim_id: uuid.UUID | None,
    user_id: uuid.UUID,
    topic: Topic,
    channel: Channel | None,
    payload: dict[str, str],
    *,
    due: datetime,
    now: datetime,
) -> OutboxMessage:
    return OutboxMessage(
        id=uuid.uuid4(),
        claim_id=claim_id,
        recipient_id=user_id,
        topic=topic,
        channel=channel,
        payload=payload,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=due,
        created_at=now,
    )
