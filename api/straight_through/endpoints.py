"""The customer's photos are in (the provisional estimate is priced in the background), and the
straight-through decision on it, for the claim's owner and staff."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response, status
from pydantic import BaseModel, Field

from api.auth.actor import Actor
from api.claims.service import get_visible_claim
from api.deps import CurrentUser, CustomerUser, SessionDep, StateDep, end_transaction, get_detector
from api.errors import problem_responses
from api.jobs.endpoints import accepted
from api.jobs.schemas import JobRead
from api.straight_through import service
from api.straight_through.models import Outcome

router = APIRouter(prefix="/claims/{claim_id}", tags=["estimates"])


class RuleOutcomeRead(BaseModel):
    rule: str = Field(description="The rule's id within the rule set")
    passed: bool
    detail: str = Field(description="The measured value against the rule")
    reason_zh: str = Field(description="Why the estimate goes to an adjuster, when the rule failed")
    reason_en: str


class StraightThroughRead(BaseModel):
    rule_set: str = Field(examples=["straight-through/2"])
    estimate_version: int
    outcome: Outcome
    decided_at: datetime
    rules: list[RuleOutcomeRead]
    assessment_due_at: datetime | None = Field(description="Referred: the published deadline an adjuster works to")
    tier: str


@router.post(
    "/photos/submission",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 404, 409, 503),
    dependencies=[Depends(get_detector)],
)
def submit_photos(
    claim_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    user: CustomerUser,
    response: Response,
    prefer: Annotated[str | None, Header(description="wait=N: answer once the job is done, or after N s")] = None,
) -> JobRead:
    """The customer's photos are in: the assessment and a provisional estimate run in the
    background (202 with the job); the straight-through rule set then approves it or refers it
    to an adjuster (``GET /claims/{id}/straight-through``). Asking again while the job is queued
    or running answers that job; a claim that cannot be assessed, or has no photos, is a 409."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    job = service.submit_photos(
        session, claim=claim, actor=Actor.of(user), max_attempts=state.settings.jobs.max_attempts
    )
    end_transaction(session)
    return accepted(job, state=state, response=response, prefer=prefer)


@router.get("/straight-through", responses=problem_responses(401, 404))
def straight_through(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> StraightThroughRead:
    """The latest straight-through decision: the rule set's version, each rule's outcome, and
    approved or referred (with the published deadline). 404 before any provisional estimate."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    view = service.latest_decision(session, claim=claim)
    d = view.decision
    return StraightThroughRead(
        rule_set=d.rule_set,
        estimate_version=d.estimate_version,
        outcome=d.outcome,
        decided_at=d.created_at,
        rules=[RuleOutcomeRead.model_validate(r) for r in d.rules],
        assessment_due_at=view.assessment_due_at if d.outcome is Outcome.REFERRED else None,
        tier=view.tier,
    )
