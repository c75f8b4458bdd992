"""HTTP for revisit surveys: the customer's own (list, answer once) and the desk's priority
follow-ups of low scores."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.db.base import utcnow
from api.db.models import User
from api.deps import CustomerUser, SessionDep, require_roles
from api.disputes.service import DESK_ROLES
from api.errors import problem_responses
from api.surveys import service
from api.surveys.schemas import FollowUpRead, SurveyAnswer, SurveyList, SurveyRead

router = APIRouter(tags=["surveys"])

DeskUser = Annotated[User, Depends(require_roles(*DESK_ROLES))]


@router.get("/me/surveys", responses=problem_responses(401, 403))
def my_surveys(session: SessionDep, user: CustomerUser) -> SurveyList:
    """The caller's revisit surveys (sent ones), newest first, with how many await an answer."""
    items = [SurveyRead.of(r) for r in service.my_surveys(session, user=user)]
    return SurveyList(items=items, unanswered=sum(1 for s in items if s.answered_at is None))


@router.post("/surveys/{survey_id}/answers", status_code=201, responses=problem_responses(401, 403, 404, 409, 422))
def answer_survey(survey_id: uuid.UUID, body: SurveyAnswer, session: SessionDep, user: CustomerUser) -> SurveyRead:
    """Answer one of the caller's surveys: each score 1–5, once (again: 409). A score of 2 or
    less opens a priority follow-up for the desk."""
    revisit, _ = service.answer(session, user=user, revisit_id=survey_id, body=body, now=utcnow())
    return SurveyRead.of(revisit)


@router.get("/survey-follow-ups", responses=problem_responses(401, 403, 422))
def list_follow_ups(
    session: SessionDep,
    user: DeskUser,
    open_only: Annotated[bool, Query(alias="open", description="only the open ones")] = True,
) -> list[FollowUpRead]:
    """Priority follow-ups opened by low survey scores, lowest score first."""
    return [FollowUpRead.model_validate(f) for f in service.follow_ups(session, open_only=open_only)]
