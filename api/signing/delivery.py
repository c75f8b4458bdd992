"""How a one-time code reaches the customer: through their notification channels."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from api.notifications import Topic, notify_user


def send_code(
    session: Session, *, claim_id: uuid.UUID, user_id: uuid.UUID, code: str, minutes: int, now: datetime
) -> None:
    """Queue the code in the caller's transaction (nothing is sent if it rolls back); a code is
    urgent, so quiet hours never hold it."""
    params = {"code": code, "minutes": str(minutes)}
    notify_user(
        session, user_id=user_id, topic=Topic.ONE_TIME_CODE, params=params, urgent=True, claim_id=claim_id, now=now
    )
