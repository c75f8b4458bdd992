"""The supervisors' AI accuracy panel: the figures of ``GET /reports/ai-accuracy``, same service."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.accuracy import service
from api.auth.roles import Role
from api.db.base import utcnow
from api.deps import SessionDep, StateDep
from api.web.render import PageRoute, render
from api.web.session import PageUser, require

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/web/reports/ai-accuracy")
def accuracy_panel(
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    from_: Annotated[str, Query(alias="from", max_length=10)] = "",
    to: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    require(user, Role.SUPERVISOR)
    today = utcnow().astimezone(state.tz).date()
    try:
        to_date = date.fromisoformat(to) if to else today
        from_date = date.fromisoformat(from_) if from_ else to_date - timedelta(weeks=8) + timedelta(days=1)
    except ValueError:
        return render(request, "staff/accuracy.html", {"report": None, "error": "date"}, status_code=422)
    report = service.ai_accuracy(session, from_date=from_date, to_date=to_date, tz=state.tz)
    return render(request, "staff/accuracy.html", {"report": report, "error": None})
