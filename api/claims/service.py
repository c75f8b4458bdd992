from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import STAFF_ROLES, Role
from api.claims import repository
from api.claims.errors import ClaimNotFound, InvalidClaim
from api.claims.schemas import ClaimCreate
from api.db.models import Claim, User
from api.notifications import notify_user
from api.notifications.topics import Topic
from api.reasons import Reason, TextCode
from api.workflow.service import record
from api.workflow.states import AuditAction, CaseTier, ClaimState, CustomerStatus
from api.workflow.tiers import ClaimFacts, case_tier, deadlines

log = structlog.get_logger(__name__)

# Clocks differ; an accident "in the future" by less than this is accepted.
CLOCK_SKEW = timedelta(minutes=5)


def create_claim(session: Session, *, customer: User, claim_create: ClaimCreate, now: datetime, tz: tzinfo) -> Claim:
    """File a claim for ``customer``: decide its tier, publish its deadlines, audit, notify."""
    if claim_create.accident_at > now + CLOCK_SKEW:
        raise InvalidClaim("The accident time is in the future.", field="accident_at")
    if claim_create.accident_at.astimezone(tz).date() < claim_create.policy_start:
        raise InvalidClaim("The accident happened before the policy started.", field="accident_at")
    amount = claim_create.estimated_amount
    facts = ClaimFacts(
        vehicles_involved=claim_create.vehicles_involved,
        injuries=claim_create.injuries,
        repeat_repair=claim_create.repeat_repair,
        third_party_assessment=claim_create.third_party_assessment,
        estimated_amount=amount.amount if amount else None,
    )
    tier = case_tier(facts)
    due = deadlines(tier, now, tz)
    claim = Claim(
        customer_id=customer.id,
        policy_number=claim_create.policy_number,
        policy_start=claim_create.policy_start,
        accident_at=claim_create.accident_at,
        reported_at=now,
        description=claim_create.description,
        vehicles_involved=facts.vehicles_involved,
        injuries=facts.injuries,
        repeat_repair=facts.repeat_repair,
        third_party_assessment=facts.third_party_assessment,
        estimated_amount=facts.estimated_amount,
        training_consent=claim_create.training_consent,
        training_consent_at=now if claim_create.training_consent else None,
        currency=amount.currency.value if amount else "CNY",
        tier=tier,
        state=ClaimState.SUBMITTED,
        assessment_due_at=due.assessment_due_at,
        payment_due_at=due.payment_due_at,
        created_at=now,
        updated_at=now,
    )
    session.add(claim)
    session.flush()
    record(
        session,
        claim=claim,
        action=AuditAction.CREATED,
        actor=Actor.of(customer),
        to_state=ClaimState.SUBMITTED,
        reason=Reason(TextCode.CLAIM_REPORTED, {"tier": str(tier)}),
        at=now,
    )
    notify_user(session, user_id=customer.id, topic=Topic.CLAIM_SUBMITTED, claim_id=claim.id, now=now)
    log.info("claim.created", claim_id=str(claim.id), tier=tier)
    return claim


def can_see(user: User, claim: Claim) -> bool:
    return user.role in STAFF_ROLES or claim.customer_id == user.id


def get_visible_claim(session: Session, *, claim_id: uuid.UUID, user: User, for_update: bool = False) -> Claim:
    """The claim if ``user`` may see it. Another customer's claim is "not found", exactly
    like a claim that does not exist, so ids reveal nothing."""
    claim = repository.get(session, claim_id=claim_id, for_update=for_update)
    if claim is None or not can_see(user, claim):
        raise ClaimNotFound()
    return claim


def list_claims(
    session: Session,
    *,
    user: User,
    status: CustomerStatus | None,
    tier: CaseTier | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[Claim], int]:
    customer_id = user.id if user.role is Role.CUSTOMER else None
    return repository.page(session, customer_id=customer_id, status=status, tier=tier, limit=limit, offset=offset)
