"""The implementation behind ``api.notifications.notify_user`` (being written)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from api.notifications import Delivery, Param
from api.notifications.topics import Topic


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
    raise NotImplementedError("notify_user lands with issue 13 item 5")
