"""The customer's notification pages: the in-app inbox and the preferences form. Presentation
only: they call the same services as ``/me/inbox`` and ``/me/notification-preferences``."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from api.auth.roles import Role
from api.deps import SessionDep
from api.notifications import inbox, preferences
from api.notifications.schemas import PreferencesUpdate
from api.notifications.templates import Lang
from api.notifications.topics import CUSTOMER_TOPICS, Channel
from api.web.render import PageRoute, redirect, render
from api.web.session import CsrfChecked, PageUser, require

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# Offered in the form; a zone saved through the API stays selectable too.
TIME_ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Europe/London")

# The form's field for each kind of refusal (the field is highlighted, the message translated).
FIELD_OF_ERROR = {
    "sms_needs_phone": "phone",
    "string_pattern_mismatch": "phone",
    "too_short": "channels",
    "channel_repeated": "channels",
    "enum": "channels",
    "unknown_time_zone": "time_zone",
    "quiet_hours_empty": "quiet_hours",
    "time_parsing": "quiet_hours",
    "time_type": "quiet_hours",
}


@router.get("/web/inbox")
def inbox_page(request: Request, session: SessionDep, user: PageUser) -> Response:
    require(user, Role.CUSTOMER)
    items, total = inbox.list_messages(session, user=user, unread_only=False, limit=100, offset=0)
    context = {"messages": items, "total": total, "unread": inbox.unread_count(session, user=user)}
    return render(request, "customer/inbox.html", context)


@router.post("/web/inbox/{message_id}/read")
def read_message(message_id: uuid.UUID, session: SessionDep, user: PageUser, _csrf: CsrfChecked) -> Response:
    require(user, Role.CUSTOMER)
    inbox.mark_read(session, user=user, message_id=message_id)
    return redirect("/web/inbox")


@router.get("/web/notification-preferences")
def preferences_form(request: Request, session: SessionDep, user: PageUser, saved: bool = False) -> Response:
    require(user, Role.CUSTOMER)
    current = preferences.read(session, user=user)
    form = {
        "channels": [c.value for c in current.channels],
        "phone": current.phone or "",
        "language": current.language.value,
        "time_zone": current.time_zone,
        "quiet": current.quiet_hours is not None,
        "quiet_start": current.quiet_hours.start.strftime("%H:%M") if current.quiet_hours else "22:00",
        "quiet_end": current.quiet_hours.end.strftime("%H:%M") if current.quiet_hours else "07:00",
    }
    return _form(request, form, errors={}, email=current.email, saved=saved)


@router.post("/web/notification-preferences")
def save_preferences(
    request: Request,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    channels: Annotated[list[str], Form()] = [],  # noqa: B006  (FastAPI reads the default, never mutates it)
    phone: Annotated[str, Form(max_length=64)] = "",
    language: Annotated[str, Form(max_length=8)] = Lang.ZH.value,
    time_zone: Annotated[str, Form(max_length=64)] = "Asia/Shanghai",
    quiet: Annotated[bool, Form()] = False,
    quiet_start: Annotated[str, Form(max_length=8)] = "",
    quiet_end: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    require(user, Role.CUSTOMER)
    form = {
        "channels": channels,
        "phone": phone,
        "language": language,
        "time_zone": time_zone,
        "quiet": quiet,
        "quiet_start": quiet_start,
        "quiet_end": quiet_end,
    }
    body: dict[str, Any] = {
        "channels": channels,
        "phone": phone.strip() or None,
        "language": language,
        "time_zone": time_zone,
        "quiet_hours": {"start": quiet_start, "end": quiet_end} if quiet else None,
    }
    try:
        update = PreferencesUpdate.model_validate(body)
    except ValidationError as exc:
        errors = {_field(error): error["type"] for error in exc.errors()}
        return _form(request, form, errors=errors, email=user.email, saved=False, status_code=422)
    preferences.update(session, user=user, preferences=update)
    return redirect("/web/notification-preferences?saved=1")


def _field(error: Any) -> str:
    """The form field a refusal is about (``form`` when none: the generic message)."""
    if error["type"] in FIELD_OF_ERROR:
        return str(FIELD_OF_ERROR[error["type"]])
    loc = error["loc"]
    return str(loc[0]) if loc and loc[0] in ("channels", "phone", "language", "time_zone", "quiet_hours") else "form"


def _form(
    request: Request, form: dict[str, Any], *, errors: dict[str, str], email: str, saved: bool, status_code: int = 200
) -> Response:
    zones = list(TIME_ZONES) if form["time_zone"] in TIME_ZONES else [form["time_zone"], *TIME_ZONES]
    context = {
        "form": form,
        "errors": errors,
        "email": email,
        "saved": saved,
        "channels": list(Channel),
        "languages": list(Lang),
        "zones": zones,
        "topics": [(topic.value, zh, en) for topic, (zh, en) in CUSTOMER_TOPICS.items()],
    }
    return render(request, "customer/notification_preferences.html", context, status_code=status_code)
