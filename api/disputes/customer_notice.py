"""A message to the complaint's customer through the notifications outbox (``enqueue``, in the
caller's transaction: nothing is sent if it rolls back). The text is the desk's own — a delay
notice with its reason and new time, the mediation body's contact — carried in the payload
beside what it is (``kind``) so the sender shows it as written."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from api.db.models import Claim
from api.disputes.models import Complaint
from api.notifications.service import enqueue
from api.notifications.topics import Topic

# No topic says "delayed" yet: a delay notice is an interim answer to the complaint.
TOPIC_BY_KIND = {"delay_notice": Topic.COMPLAINT_ANSWERED, "mediation_offered": Topic.COMPLAINT_ESCALATED}


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
