from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims import consent, service
from api.claims.schemas import (
    ClaimCreate,
    ClaimView,
    TrainingConsentRead,
    TrainingConsentUpdate,
    claim_for_customer,
    claim_for_staff,
    training_consent_read,
)
from api.db.base import utcnow
from api.db.models import Claim, User
from api.deps import CurrentUser, CustomerUser, SessionDep, StateDep
from api.errors import problem_responses
from api.fraud import repository as fraud_repository
from api.schemas import MAX_OFFSET, Page
from api.workflow.states import CaseTier, CustomerStatus

router = APIRouter(prefix="/claims", tags=["claims"])


def _view(session: Session, user: User, claim: Claim) -> ClaimView:
    if user.role is Role.CUSTOMER:
        return claim_for_customer(claim)
    return claim_for_staff(claim, flags=fraud_repository.flags_for(session, claim_id=claim.id))


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(401, 403, 422))
def create_claim(body: ClaimCreate, session: SessionDep, state: StateDep, customer: CustomerUser) -> ClaimView:
    """Report a claim. Its tier and published deadlines are decided from the facts given."""
    claim = service.create_claim(session, customer=customer, claim_create=body, now=utcnow(), tz=state.tz)
    return claim_for_customer(claim)


@router.get("", responses=problem_responses(401, 422))
def list_claims(
    session: SessionDep,
    user: CurrentUser,
    status: CustomerStatus | None = None,
    tier: CaseTier | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Page[ClaimView]:
    """Customers get their own claims; staff get every claim."""
    items, total = service.list_claims(session, user=user, status=status, tier=tier, limit=limit, offset=offset)
    if user.role is Role.CUSTOMER:
        views: list[ClaimView] = [claim_for_customer(c) for c in items]
    else:
        flags = fraud_repository.flags_for_many(session, claim_ids=[c.id for c in items])
        views = [claim_for_staff(c, flags=flags[c.id]) for c in items]
    return Page[ClaimView](items=views, total=total, limit=limit, offset=offset)


@router.get("/{claim_id}", responses=problem_responses(401, 404, 422))
def get_claim(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> ClaimView:
    claim = service.get_visible_claim(session, claim_id=claim_id, user=user)
    return _view(session, user, claim)


@router.put("/{claim_id}/training-consent", responses=problem_responses(401, 403, 404, 409, 422))
def set_training_consent(
    claim_id: uuid.UUID, body: TrainingConsentUpdate, session: SessionDep, customer: CustomerUser
) -> TrainingConsentRead:
    """The claim's customer gives or withdraws the consent to train the models on its photos
    (asked separately, PIPL). Labels exports made after a withdrawal leave the claim out; every
    change is in the claim's audit trail."""
    claim = service.get_visible_claim(session, claim_id=claim_id, user=customer, for_update=True)
    consent.set_training_consent(session, claim=claim, actor=Actor.of(customer), given=body.given, now=utcnow())
    return training_consent_read(claim)
