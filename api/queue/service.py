"""The adjuster's queue and the assignment of claims to adjusters.

Who may assign lives here, beside the action (STYLE 19): any adjuster takes an unassigned claim for
themselves (or releases their own); only a supervisor assigns a claim to someone else, takes one
from another adjuster, or releases another's. Assignment runs under the claim's row lock, so two
adjusters pressing "take" at once get one assignment and one 409, never a silent overwrite.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import ADJUSTER_ROLES, Role
from api.claims import service as claims
from api.customers.service import queue_risks
from api.db.models import Claim, User
from api.errors import InvalidInput
from api.fraud import repository as fraud_repository
from api.queue import repository
from api.queue.errors import AlreadyAssigned, AssignmentNotYours, InvalidAssignee, NotInQueue
from api.queue.repository import QUEUE_STATES, QueueFilters
from api.queue.schemas import AiStatus, AmountSource, DeadlineKind, QueueItem
from api.reasons import Reason, TextCode
from api.schemas import Currency, Money
from api.workflow.service import record
from api.workflow.states import BEFORE_ASSESSMENT, AuditAction, CaseTier, ClaimState

log = structlog.get_logger(__name__)


def running_deadline(claim: Claim) -> tuple[DeadlineKind | None, datetime | None]:
    """The published deadline that runs in the claim's state (the workflow's two clocks)."""
    if claim.state in BEFORE_ASSESSMENT:
        return DeadlineKind.ASSESSMENT, claim.assessment_due_at
    if claim.payment_due_at is not None:
        return DeadlineKind.PAYMENT, claim.payment_due_at
    return None, None


def list_queue(
    session: Session, *, filters: QueueFilters, sort: str, now: datetime, limit: int, offset: int
) -> tuple[list[QueueItem], int]:
    rows, total = repository.page(session, filters=filters, sort=sort, now=now, limit=limit, offset=offset)
    flags = fraud_repository.flags_for_many(session, claim_ids=[r.claim.id for r in rows])
    customers = queue_risks(session, customer_ids=list({r.claim.customer_id for r in rows}))
    items = []
    for row in rows:
        claim = row.claim
        kind, due = running_deadline(claim)
        figure = row.estimate_payable if row.estimate_payable is not None else claim.estimated_amount
        source = (
            AmountSource.ESTIMATE
            if row.estimate_payable is not None
            else AmountSource.CUSTOMER
            if claim.estimated_amount is not None
            else None
        )
        items.append(
            QueueItem(
                claim_id=claim.id,
                policy_number=claim.policy_number,
                tier=claim.tier,
                state=claim.state,
                reported_at=claim.reported_at,
                amount=Money(amount=figure, currency=Currency(claim.currency)) if figure is not None else None,
                amount_source=source,
                ai_status=row.ai_status,
                ai_findings=row.ai_findings,
                photo_count=row.photo_count,
                assignee_id=claim.assignee_id,
                assignee_email=row.assignee_email,
                assigned_at=claim.assigned_at,
                deadline=kind,
                due_at=due,
                seconds_left=int((due - now).total_seconds()) if due is not None else None,
                overdue=due is not None and due < now,
                customer_id=claim.customer_id,
                high_risk=row.high_risk,
                risk_signals=sorted({str(f.signal) for f in flags[claim.id]}),
                rule_tags=customers[claim.customer_id].rule_tags,
                tags=customers[claim.customer_id].tags,
            )
        )
    return items, total


def _assignee(session: Session, *, claim: Claim, assignee_id: uuid.UUID) -> User:
    user = session.get(User, assignee_id)
    if user is None or user.role not in ADJUSTER_ROLES:
        raise InvalidAssignee("The assignee must be an adjuster's account.")
    if user.role is Role.JUNIOR_ADJUSTER and claim.tier is not CaseTier.SIMPLE:
        raise InvalidAssignee(f"A junior adjuster handles simple cases only; this claim is '{claim.tier}'.")
    return user


def may_assign_others(user: User) -> bool:
    """Only a supervisor assigns a claim to someone else or takes one from another adjuster."""
    return user.role is Role.SUPERVISOR


def adjusters(session: Session) -> Sequence[User]:
    """Every active adjuster, by email: whom a supervisor assigns a claim to, and the queue's
    filter by adjuster."""
    return repository.adjusters(session)


def assign(session: Session, *, claim_id: uuid.UUID, user: User, assignee_id: uuid.UUID | None, now: datetime) -> Claim:
    """Assign the claim to ``assignee_id`` (the caller when None). Takes the claim's row lock."""
    target = assignee_id or user.id
    supervisor = may_assign_others(user)
    if target != user.id and not supervisor:
        raise AssignmentNotYours("Only a supervisor assigns a claim to another adjuster.")
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    if claim.state not in QUEUE_STATES:
        raise NotInQueue(f"A claim that is '{claim.state}' is not waiting for an adjuster.")
    assignee = _assignee(session, claim=claim, assignee_id=target)
    if claim.assignee_id == assignee.id:
        return claim  # already theirs: taking it again changes nothing
    if claim.assignee_id is not None and not supervisor:
        raise AlreadyAssigned("Another adjuster has this claim; a supervisor can reassign it.")
    claim.assignee_id, claim.assigned_at = assignee.id, now
    reason = "taken by the adjuster" if assignee.id == user.id else f"assigned to a {assignee.role}"
    record(session, claim=claim, action=AuditAction.ASSIGNED, actor=Actor.of(user), reason=reason, at=now)
    session.flush()
    log.info("claim.assigned", claim_id=str(claim.id), assignee_role=str(assignee.role))
    return claim


def release(session: Session, *, claim_id: uuid.UUID, user: User, now: datetime) -> Claim:
    """Put the claim back in the pool: its assignee, or a supervisor, may."""
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    if claim.assignee_id is None:
        return claim
    if claim.assignee_id != user.id and not may_assign_others(user):
        raise AssignmentNotYours("Only the assignee or a supervisor releases a claim.")
    claim.assignee_id, claim.assigned_at = None, None
    record(
        session,
        claim=claim,
        action=AuditAction.ASSIGNED,
        actor=Actor.of(user),
        reason=Reason(TextCode.QUEUE_RELEASED),
        at=now,
    )
    session.flush()
    log.info("claim.released", claim_id=str(claim.id))
    return claim


class QueueParams(Protocol):
    state: list[ClaimState] | None
    tier: CaseTier | None
    assigned: str
    assignee_id: uuid.UUID | None
    high_risk: bool | None
    overdue: bool | None
    ai_status: AiStatus | None


def filters(params: QueueParams, *, user: User) -> QueueFilters:
    """The repository's filters from the queue's parameters ('me' is the caller)."""
    if params.assignee_id is not None and params.assigned != "any":
        raise InvalidInput("Give either assigned=me|none or assignee_id, not both.")
    return QueueFilters(
        states=params.state or QUEUE_STATES,
        tier=params.tier.value if params.tier is not None else None,
        assignee_id=user.id if params.assigned == "me" else params.assignee_id,
        unassigned=params.assigned == "none",
        high_risk=params.high_risk,
        overdue=params.overdue,
        ai_status=params.ai_status,
    )
