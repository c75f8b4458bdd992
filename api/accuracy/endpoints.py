from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.accuracy import service
from api.accuracy.schemas import AccuracyReport
from api.auth.roles import Role
from api.db.models import User
from api.deps import SessionDep, StateDep, require_roles
from api.errors import problem_responses

router = APIRouter(tags=["reports"])

Supervisor = Annotated[User, Depends(require_roles(Role.SUPERVISOR))]
FromDate = Annotated[date, Query(alias="from", description="First day (in the service's time zone)")]
ToDate = Annotated[date, Query(alias="to", description="Last day, included")]


@router.get("/reports/ai-accuracy", responses=problem_responses(401, 403, 422), response_model_by_alias=True)
def ai_accuracy(session: SessionDep, state: StateDep, _user: Supervisor, from_: FromDate, to: ToDate) -> AccuracyReport:
    """Per ISO week, model version and damage type: the share of AI findings adjusters kept, changed
    and rejected, the damages they added, and the share of claims with an added damage."""
    return service.ai_accuracy(session, from_date=from_, to_date=to, tz=state.tz)
