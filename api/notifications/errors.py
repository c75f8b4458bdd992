from __future__ import annotations

from api.errors import NotFound


class InboxMessageNotFound(NotFound):
    code = "inbox-message-not-found"
    title = "Inbox message not found"


class RecipientNotFound(NotFound):
    code = "recipient-not-found"
    title = "Recipient not found"
