"""Notifications: tell a user something on the channels they chose.

``notify_user`` is the one call every event site makes (claim submitted, documents missing,
estimate ready, complaint received/answered/escalated, payment made, one-time codes). In the
caller's transaction it renders the topic's template in the user's language and
  * writes an in-app inbox message when the user has the in-app channel (the default),
  * queues one outbox message per push channel (SMS, e-mail) for the dispatcher, which sends
    it with retries and back-off; a non-urgent message is held until the user's quiet hours
    end, an urgent one (``urgent=True``; one-time codes always) is never held.
Nothing is sent if the caller's transaction rolls back.

Example (e-signature, issue 13 item 4)::

    from api.notifications import Topic, notify_user
    notify_user(session, user_id=customer.id, topic=Topic.ONE_TIME_CODE,
                params={"code": "482913", "minutes": "10"}, urgent=True, claim_id=claim.id)
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from api.notifications.topics import Topic

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A template parameter: text, or a list of items (e.g. the missing document kinds).
Param = str | Sequence[str]


@dataclass(frozen=True)
class Delivery:
    """What ``notify_user`` did: the inbox message written (if any), the outbox messages queued
    (one per push channel) and, when quiet hours held them, until when."""

    inbox_message_id: uuid.UUID | None
    outbox_message_ids: tuple[uuid.UUID, ...]
    held_until: datetime | None


def notify_user(
    session: Session,
    *,
    user_id: uuid.UUID,
    topic: Topic,
    params: Mapping[str, Param] | None = None,
    urgent: bool = False,
    claim_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Delivery:
    """Notify ``user_id`` of ``topic`` on their channels, in their language (see the module doc).

    ``params`` fill the topic's template (``ONE_TIME_CODE`` needs ``code`` and ``minutes``); a
    missing one raises ``KeyError``. ``claim_id`` ties the message to a claim (and the claim's
    event feed). ``now`` is for tests (a frozen clock); it defaults to the current UTC time.
    """
    from api.notifications.deliver import deliver  # here, not at the top: api.db.models imports topics

    return deliver(
        session, user_id=user_id, topic=topic, params=params or {}, urgent=urgent, claim_id=claim_id, now=now
    )


__all__ = ["Delivery", "Param", "Topic", "notify_user"]
