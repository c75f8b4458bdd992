"""HTTP for a customer's own notifications: channel preferences and quiet hours, and the in-app
inbox (newest first, with the unread count) whose messages they mark read."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CustomerUser, SessionDep
from api.errors import problem_responses
from api.notifications import inbox, preferences
from api.notifications.schemas import InboxMessageRead, InboxPage, PreferencesRead, PreferencesUpdate
from api.schemas import MAX_OFFSET

router = APIRouter(prefix="/me", tags=["notifications"])


@router.get("/notification-preferences", responses=problem_responses(401, 403))
def get_preferences(session: SessionDep, user: CustomerUser) -> PreferencesRead:
    """The caller's channels (in-app only until they choose), language, time zone, quiet hours."""
    return preferences.read(session, user=user)


@router.put("/notification-preferences", responses=problem_responses(401, 403, 422))
def put_preferences(body: PreferencesUpdate, session: SessionDep, user: CustomerUser) -> PreferencesRead:
    """Replace the caller's preferences: at least one channel; SMS needs a phone number; quiet
    hours are wall-clock times in ``time_zone`` (non-urgent SMS and e-mail wait until they end)."""
    return preferences.update(session, user=user, preferences=body)


@router.get("/inbox", responses=problem_responses(401, 403, 422))
def list_inbox(
    session: SessionDep,
    user: CustomerUser,
    unread: Annotated[bool, Query(description="only the unread messages")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> InboxPage:
    """The caller's in-app messages, newest first, with how many are unread."""
    items, total = inbox.list_messages(session, user=user, unread_only=unread, limit=limit, offset=offset)
    return InboxPage(
        items=[InboxMessageRead.model_validate(m) for m in items],
        total=total,
        unread=inbox.unread_count(session, user=user),
        limit=limit,
        offset=offset,
    )


@router.post("/inbox/{message_id}/read", responses=problem_responses(401, 403, 404, 422))
def mark_read(message_id: uuid.UUID, session: SessionDep, user: CustomerUser) -> InboxMessageRead:
    """Mark one of the caller's messages read (again: unchanged). Another user's is a 404."""
    return InboxMessageRead.model_validate(inbox.mark_read(session, user=user, message_id=message_id))
