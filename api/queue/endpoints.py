from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BeforeValidator

from api.auth.roles import ADJUSTER_ROLES, Role
from api.db.base import utcnow
from api.db.models import Claim, User
from api.deps import AdjusterUser, SessionDep, require_roles
from api.errors import problem_responses
from api.queue import service
from api.queue.schemas import AiStatus, AssignmentCreate, AssignmentRead, QueueItem
from api.schemas import MAX_OFFSET, Page
from api.workflow.states import CaseTier, ClaimState

router = APIRouter(tags=["queue"])

# The adjusters' queue; an administrator looks on (as on the queue page) but assigns nothing.
QUEUE_ROLES = (*ADJUSTER_ROLES, Role.ADMIN)
QueueReader = Annotated[User, Depends(require_roles(*QUEUE_ROLES))]
SORT_PATTERN = r"^-?(due|amount|photos|reported|risk)$"


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


# A filter left at "all": the queue page's form sends it as an empty value (``tier=``).
AllIfBlank = BeforeValidator(_blank_is_none)


class QueueQuery:
    """The queue's filters and sort, validated as query parameters (a bad value is a 422 problem);
    the queue page takes the same parameters through the same class."""

    state: list[ClaimState] | None
    tier: CaseTier | None
    assigned: str
    assignee_id: uuid.UUID | None
    high_risk: bool | None
    overdue: bool | None
    ai_status: AiStatus | None

    def __init__(
        self,
        state: Annotated[
            list[ClaimState] | None, Query(description="Default: every state waiting for an adjuster")
        ] = None,
        tier: Annotated[CaseTier | None, AllIfBlank] = None,
        assigned: Annotated[Literal["me", "none", "any"], Query(description="Whose claims")] = "any",
        assignee_id: Annotated[uuid.UUID | None, AllIfBlank] = None,
        high_risk: Annotated[bool | None, AllIfBlank] = None,
        overdue: Annotated[bool | None, AllIfBlank] = None,
        ai_status: Annotated[AiStatus | None, AllIfBlank] = None,
        sort: Annotated[
            str, Query(pattern=SORT_PATTERN, description="due, amount, photos, reported or risk; '-' reverses")
        ] = "due",
        limit: Annotated[int, Query(ge=1, le=100)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> None:
        self.state, self.tier, self.assigned, self.assignee_id = state, tier, assigned, assignee_id
        self.high_risk, self.overdue, self.ai_status = high_risk, overdue, ai_status
        self.sort, self.limit, self.offset = sort, limit, offset


QueueQueryDep = Annotated[QueueQuery, Depends()]


@router.get("/queue", responses=problem_responses(401, 403, 422))
def queue(session: SessionDep, user: QueueReader, query: QueueQueryDep) -> Page[QueueItem]:
    """Claims waiting for an adjuster: amount, AI status, photos, assignee, the running deadline's
    countdown and the high-risk flag; filtered and sorted (nearest deadline first by default)."""
    items, total = service.list_queue(
        session,
        filters=service.filters(query, user=user),
        sort=query.sort,
        now=utcnow(),
        limit=query.limit,
        offset=query.offset,
    )
    return Page[QueueItem](items=items, total=total, limit=query.limit, offset=query.offset)


def _read(claim: Claim) -> AssignmentRead:
    return AssignmentRead(claim_id=claim.id, assignee_id=claim.assignee_id, assigned_at=claim.assigned_at)


@router.post("/claims/{claim_id}/assignment", responses=problem_responses(401, 403, 404, 409, 422))
def assign(claim_id: uuid.UUID, body: AssignmentCreate, session: SessionDep, user: AdjusterUser) -> AssignmentRead:
    """Take the claim (no ``assignee_id``) or, as a supervisor, assign it to an adjuster. A claim
    another adjuster holds is a 409 unless a supervisor reassigns it."""
    claim = service.assign(session, claim_id=claim_id, user=user, assignee_id=body.assignee_id, now=utcnow())
    return _read(claim)


@router.delete("/claims/{claim_id}/assignment", responses=problem_responses(401, 403, 404, 422))
def release(claim_id: uuid.UUID, session: SessionDep, user: AdjusterUser) -> AssignmentRead:
    """Put the claim back in the pool (its assignee or a supervisor)."""
    return _read(service.release(session, claim_id=claim_id, user=user, now=utcnow()))
