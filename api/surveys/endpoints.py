"""HTTP for revisit surveys: the customer's own (list, answer once) and the desk's priority
follow-ups of low scores (list, close once). Who may read or close a follow-up is decided in
``api.surveys.follow_ups``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.customers.service import queue_risks
from api.db.base import utcnow
from api.deps import CurrentUser, CustomerUser, SessionDep
from api.errors import problem_responses
from api.surveys import follow_ups, service
from api.surveys.schemas import FollowUpClose, FollowUpRead, SurveyAnswer, SurveyList, SurveyRead

router = APIRouter(tags=["surveys"])


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
    user: CurrentUser,
    open_only: Annotated[bool, Query(alias="open", description="only the open ones (false: the history too)")] = True,
) -> list[FollowUpRead]:
    """Priority follow-ups opened by low survey scores (the desk): high-risk customers first, then
    the lowest score; each with its customer's stored high-risk flag."""
    rows = follow_ups.listing(session, user=user, open_only=open_only)
    risks = queue_risks(session, customer_ids=list({f.customer_id for f in rows}))
    flagged = {customer_id: risk.high_risk for customer_id, risk in risks.items()}
    return [FollowUpRead.model_validate(f).model_copy(update={"high_risk": flagged[f.customer_id]}) for f in rows]


@router.post("/survey-follow-ups/{follow_up_id}/closure", responses=problem_responses(401, 403, 404, 409, 422))
def close_follow_up(
    follow_up_id: uuid.UUID, body: FollowUpClose, session: SessionDep, user: CurrentUser
) -> FollowUpRead:
    """Close a follow-up (complaint handlers and supervisors): who contacted the customer, the
    channel, the outcome, whether the customer was calm, an internal note. Once: closing it again
    (also two closings at once) is a 409."""
    row = follow_ups.close(session, follow_up_id=follow_up_id, user=user, body=body, now=utcnow())
    return FollowUpRead.model_validate(row)
