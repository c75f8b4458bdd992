"""HTTP for service quality (issue 14 item 6): the supervisor's dashboard per employee and per
team, and the improvement-actions register fed by the weekly review."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import User
from api.deps import SessionDep, StateDep, require_roles
from api.disputes import desk_repository, improvements, quality, service
from api.disputes.desk_models import ImprovementAction
from api.disputes.desk_schemas import ImprovementActionCreate, ImprovementActionRead, ImprovementActionUpdate
from api.disputes.desk_states import ActionStatus
from api.errors import problem_responses

router = APIRouter(tags=["complaints"])

DeskUser = Annotated[User, Depends(require_roles(*service.DESK_ROLES))]
SupervisorUser = Annotated[User, Depends(require_roles(Role.SUPERVISOR))]
Week = Annotated[str, Query(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W48"])]


def action_read(row: ImprovementAction, state: StateDep) -> ImprovementActionRead:
    today = utcnow().astimezone(state.tz).date()
    return ImprovementActionRead.model_validate(row).model_copy(update={"overdue": improvements.is_overdue(row, today)})


@router.get("/reports/complaints/quality", responses=problem_responses(401, 403, 422))
def quality_dashboard(
    session: SessionDep,
    state: StateDep,
    user: SupervisorUser,
    week: Week,
    weeks: Annotated[int, Query(ge=1, le=13)] = 4,
) -> dict[str, Any]:
    """Per employee and per team over ``weeks`` ISO weeks ending with ``week``: complaints linked
    to them, 差评率 (÷ claims they acted on), satisfaction and deadline hit rate."""
    return quality.dashboard(session, week=week, weeks=weeks, tz=state.tz, now=utcnow())


@router.get("/reports/complaints/weekly/causes", responses=problem_responses(401, 403, 422))
def weekly_causes(session: SessionDep, state: StateDep, user: DeskUser, week: Week) -> dict[str, Any]:
    """The weekly review by cause and by the seed's finer causes, with the change on the week
    before (in the service's time zone)."""
    return quality.weekly_causes(session, week=week, tz=state.tz)


@router.get("/improvement-actions", responses=problem_responses(401, 403, 422))
def list_actions(
    session: SessionDep,
    state: StateDep,
    user: DeskUser,
    status: ActionStatus | None = None,
    week: Annotated[str | None, Query(pattern=r"^\d{4}-W\d{2}$")] = None,
) -> list[ImprovementActionRead]:
    rows = desk_repository.improvement_actions(session, status=status, week=week)
    return [action_read(r, state) for r in rows]


@router.post("/improvement-actions", status_code=status.HTTP_201_CREATED, responses=problem_responses(401, 403, 422))
def create_action(
    body: ImprovementActionCreate, session: SessionDep, state: StateDep, user: SupervisorUser
) -> ImprovementActionRead:
    """Register an action from a weekly review: what, which department owns it, by when."""
    return action_read(improvements.create(session, user=user, body=body, now=utcnow()), state)


@router.patch("/improvement-actions/{action_id}", responses=problem_responses(401, 403, 404, 409, 422))
def update_action(
    action_id: uuid.UUID, body: ImprovementActionUpdate, session: SessionDep, state: StateDep, user: SupervisorUser
) -> ImprovementActionRead:
    """Mark the action done, or record with evidence whether it worked."""
    row = improvements.update(session, action_id=action_id, user=user, body=body, now=utcnow())
    return action_read(row, state)
