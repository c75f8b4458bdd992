"""Messages to the complaint's customer, in the caller's transaction (nothing is sent if it rolls
back). A delay notice goes out under its own topic, ``complaint.delayed``, through ``notify_user``:
on the customer's channels, in their language, held by their quiet hours, the new time in their
time zone. The mediation body's contact is the desk's own text, queued on the notifications outbox
(``enqueue``) beside what it is (``kind``) so the sender shows it as written."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from api.db.models import Claim
from api.disputes.models import Complaint
from api.notifications import Delivery, notify_user
from api.notifications import preferences as notification_preferences
from api.notifications.service import enqueue
from api.notifications.topics import Topic
from api.reports.view import offset_label

TOPIC_BY_KIND = {"mediation_offered": Topic.COMPLAINT_ESCALATED}  # delay notices: notify_delay, their own topic


def notify_delay(session: Session, *, complaint: Complaint, reason: str, new_time: datetime, now: datetime) -> Delivery:
    """Tell the complaint's customer why the feedback will be late and by when it will come (the
    new time in the customer's own time zone, its offset named)."""
    zone = notification_preferences.effective(session, user_id=complaint.customer_id).zone
    local = new_time.astimezone(zone)
    return notify_user(
        session,
        user_id=complaint.customer_id,
        topic=Topic.COMPLAINT_DELAYED,
        params={"reason": reason, "new_time": f"{local:%Y-%m-%d %H:%M} ({offset_label(local)})"},
        claim_id=complaint.claim_id,
        now=now,
    )


def notify_customer(
    session: Session, *, complaint: Complaint, kind: str, text: str, now: datetime, **fields: str
) -> uuid.UUID:
    """Queue ``text`` for the complaint's customer; returns the outbox message's id."""
    claim = session.get(Claim, complaint.claim_id)
    assert claim is not None
    message = enqueue(session, claim=claim, topic=TOPIC_BY_KIND[kind], recipient_id=complaint.customer_id, now=now)
    message.payload = {
        **message.payload,
        "message": text,
        "kind": kind,
        "complaint_id": str(complaint.id),
        **fields,
    }
    session.flush()
    return message.id
