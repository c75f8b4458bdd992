from __future__ import annotations

import uuid

from fastapi import APIRouter

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims.schemas import ClaimView, claim_for_customer, claim_for_staff
from api.claims.service import get_visible_claim
from api.db.base import utcnow
from api.deps import CurrentUser, SessionDep, StaffUser
from api.errors import problem_responses
from api.fraud import repository as fraud_repository
from api.workflow import repository, service
from api.workflow.schemas import AuditEventRead, Timeline, TransitionCreate
from api.workflow.timeline import build_timeline

router = APIRouter(prefix="/claims/{claim_id}", tags=["workflow"])


@router.post("/transitions", responses=problem_responses(401, 403, 404, 409, 422))
def create_transition(claim_id: uuid.UUID, body: TransitionCreate, session: SessionDep, user: CurrentUser) -> ClaimView:
    """Move a claim to another state. Who may make which move is the workflow's transition
    table (e.g. customers may accept or dispute their own assessment). Illegal moves are 409;
    so are gated moves (409 ``transition-gated``, naming the operation that makes them):
    'assessed' comes only from approving an estimate within authority, and a disputed claim
    leaves 'disputed' only through a complaint decision. Accepting needs an approved estimate."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    service.transition(session, claim=claim, to=body.to, actor=Actor.of(user), reason=body.reason)
    if user.role is Role.CUSTOMER:
        return claim_for_customer(claim)
    return claim_for_staff(claim, flags=fraud_repository.flags_for(session, claim_id=claim.id))


@router.get("/timeline", responses=problem_responses(401, 404, 422))
def timeline(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> Timeline:
    """The customer-visible statuses with the published deadlines."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    events = repository.audit_events(session, claim_id=claim.id)
    return build_timeline(claim, events, now=utcnow())


@router.get("/audit", responses=problem_responses(401, 403, 404, 422))
def audit_trail(claim_id: uuid.UUID, session: SessionDep, user: StaffUser) -> list[AuditEventRead]:
    """Every change to the claim: who, when, from, to, why. Staff only."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    return [AuditEventRead.model_validate(e) for e in repository.audit_events(session, claim_id=claim.id)]
