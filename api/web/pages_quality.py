"""The supervisor's service-quality page (issue 14 item 6): per employee and per team 差评率,
satisfaction and deadline hit rate; the week's complaints by finer cause against the week
before; and the improvement-actions register those reviews feed. The forms call the same
services as the API."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from api.auth.roles import Role
from api.db.base import utcnow
from api.deps import SessionDep, StateDep
from api.disputes import desk_repository, improvements, quality
from api.disputes.desk_schemas import ImprovementActionCreate, ImprovementActionUpdate
from api.disputes.desk_states import ActionStatus, Department
from api.errors import InvalidInput
from api.web.render import PageRoute, redirect, render
from api.web.session import CsrfChecked, PageUser, require

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _this_week(state: StateDep) -> str:
    year, week, _ = utcnow().astimezone(state.tz).isocalendar()
    return f"{year}-W{week:02d}"


@router.get("/web/supervisor/quality")
def quality_page(
    request: Request, session: SessionDep, state: StateDep, user: PageUser, week: str = "", weeks: int = 4
) -> Response:
    require(user, Role.SUPERVISOR)
    week = week or _this_week(state)
    weeks = min(max(weeks, 1), 13)
    board = quality.dashboard(session, week=week, weeks=weeks, tz=state.tz, now=utcnow())
    users = {str(u.id): u for u in desk_repository.staff(session, roles=[r for r in Role if r is not Role.CUSTOMER])}
    today = utcnow().astimezone(state.tz).date()
    actions = desk_repository.improvement_actions(session)
    context = {
        "week": week,
        "weeks": weeks,
        "board": board,
        "users": users,
        "causes": quality.weekly_causes(session, week=week, tz=state.tz),
        "actions": [(a, improvements.is_overdue(a, today)) for a in actions],
        "departments": list(Department),
        "statuses": [s for s in ActionStatus if s is not ActionStatus.OPEN],
    }
    return render(request, "desk/quality.html", context)


@router.post("/web/improvement-actions")
def create_action(
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    source_week: Annotated[str, Form(max_length=8)],
    title: Annotated[str, Form(min_length=1, max_length=200)],
    department: Annotated[Department, Form()],
    due_date: Annotated[date, Form()],
    source_topic: Annotated[str, Form(max_length=64)] = "",
    description: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    require(user, Role.SUPERVISOR)
    try:
        body = ImprovementActionCreate(
            source_week=source_week, source_topic=source_topic, title=title, description=description,
            department=department, due_date=due_date,
        )  # fmt: skip
    except ValidationError as exc:
        raise InvalidInput(str(exc).splitlines()[0]) from exc
    improvements.create(session, user=user, body=body, now=utcnow())
    return redirect(f"/web/supervisor/quality?week={source_week}#actions")


@router.post("/web/improvement-actions/{action_id}")
def update_action(
    action_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    status: Annotated[ActionStatus, Form()],
    evidence: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    require(user, Role.SUPERVISOR)
    row = improvements.update(
        session, action_id=action_id, user=user, body=ImprovementActionUpdate(status=status, evidence=evidence),
        now=utcnow(),
    )  # fmt: skip
    return redirect(f"/web/supervisor/quality?week={row.source_week}#actions")
