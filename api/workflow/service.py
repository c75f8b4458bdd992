"""The one way a claim changes state, and the escalation of overdue claims."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import AuditEvent, Claim
from api.notifications import notify_user
from api.notifications import service as notifications
from api.notifications.topics import Topic
from api.reasons import Reason, TextCode, reason_fields
from api.workflow import overdue, repository
from api.workflow.errors import IllegalTransition, NoApprovedEstimate, TransitionGated, TransitionNotPermitted
from api.workflow.states import (
    TRANSITIONS,
    AuditAction,
    ClaimState,
    Gate,
    Move,
)

log = structlog.get_logger(__name__)

# Key steps the customer is told about (DOMAIN.md §1).
NOTIFY_CUSTOMER_ON: Mapping[ClaimState, Topic] = {
    ClaimState.ASSESSED: Topic.CLAIM_ASSESSED,
    ClaimState.AWAITING_PAYMENT: Topic.CLAIM_AWAITING_PAYMENT,
    ClaimState.CLOSED: Topic.CLAIM_CLOSED,
}


def record(
    session: Session,
    *,
    claim: Claim,
    action: AuditAction,
    actor: Actor,
    reason: str | Reason = "",
    from_state: ClaimState | None = None,
    to_state: ClaimState | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one audit event (who, when, what, why) to the claim's trail. ``reason`` is a person's
    text as typed or a system text (a :class:`~api.reasons.Reason`, stored as its code)."""
    event = AuditEvent(
        claim_id=claim.id,
        at=at or utcnow(),
        action=action,
        actor_id=actor.user_id,
        actor_role=actor.role,
        actor_label=actor.label,
        from_state=from_state,
        to_state=to_state,
        **reason_fields(reason),
    )
    session.add(event)
    return event


def _check_permitted(move: Move, *, claim: Claim, actor: Actor) -> None:
    if actor.is_system:
        if not move.system:
            raise TransitionNotPermitted("Only a person may make this move.")
        return
    if actor.role is Role.CUSTOMER:
        if not (move.owner_may and claim.customer_id == actor.user_id):
            raise TransitionNotPermitted("A customer may not make this move.")
        return
    if actor.role not in move.roles:
        raise TransitionNotPermitted(f"The role '{actor.role}' may not make this move.")
    limits = move.tier_limits.get(actor.role) if actor.role else None
    if limits is not None and claim.tier not in limits:
        raise TransitionNotPermitted(
            f"The role '{actor.role}' may make this move on {', '.join(sorted(limits))} "
            f"cases only; this case is {claim.tier}."
        )


def transition(
    session: Session, *, claim: Claim, to: ClaimState, actor: Actor, reason: str | Reason, gate: Gate | None = None
) -> AuditEvent:
    """Move ``claim`` to ``to`` if the transition table allows it and ``actor`` may make it.

    Raises ``IllegalTransition`` (409) for a move not in the table, ``TransitionGated`` (409)
    for a gated move not made by its operation (which passes its ``gate``),
    ``TransitionNotPermitted`` (403) for a move the actor's role may not make and
    ``NoApprovedEstimate`` (409) for an acceptance with nothing approved. Writes the audit
    event and, at key steps, queues the customer's notification in the same transaction.
    The caller holds the claim's row lock (``get_visible_claim(..., for_update=True)``).
    """
    frm = claim.state
    move = TRANSITIONS.get((frm, to))
    if move is None:
        raise IllegalTransition(frm, to)
    if move.gate is not None and gate is not move.gate:
        raise TransitionGated(frm, to, move.gate)
    _check_permitted(move, claim=claim, actor=actor)
    if move.needs_approved_estimate and not repository.latest_estimate_approved(session, claim_id=claim.id):
        raise NoApprovedEstimate("The claim's latest estimate version is not approved; nothing to accept yet.")
    claim.state = to
    event = record(
        session,
        claim=claim,
        action=AuditAction.TRANSITION,
        actor=actor,
        from_state=frm,
        to_state=to,
        reason=reason,
    )
    topic = NOTIFY_CUSTOMER_ON.get(to)
    if topic is not None and move.gate is not Gate.PAYMENT:  # a payment tells its amount (PAYMENT_MADE)
        notify_user(session, user_id=claim.customer_id, topic=topic, claim_id=claim.id)
    session.flush()
    log.info("claim.transition", claim_id=str(claim.id), from_state=frm, to_state=to)
    return event


def escalate_overdue(session: Session, *, now: datetime) -> list[Claim]:
    """Escalate every claim past a published deadline, once per deadline (异常延误预警).

    Records an ``escalated`` audit event and queues a notification to the supervisors' desk.
    Each deadline is claimed by one conditional UPDATE (``api.workflow.overdue``), so two ticks
    in two processes never escalate it twice, with or without the scheduler's lock.
    """
    assessments = overdue.claim_overdue_assessments(session, now=now)
    payments = overdue.claim_overdue_payments(session, now=now)
    escalated = overdue.claims_by_id(session, assessments | payments)
    actor = Actor.system("scheduler")
    for claim in escalated:
        missed = {}
        if claim.id in assessments:
            missed["assessment_due_at"] = claim.assessment_due_at.isoformat()
        if claim.id in payments and claim.payment_due_at is not None:
            missed["payment_due_at"] = claim.payment_due_at.isoformat()
        code = (
            TextCode.DEADLINES_MISSED
            if len(missed) == 2
            else TextCode.ASSESSMENT_DEADLINE_MISSED
            if "assessment_due_at" in missed
            else TextCode.PAYMENT_DEADLINE_MISSED
        )
        record(
            session,
            claim=claim,
            action=AuditAction.ESCALATED,
            actor=actor,
            from_state=claim.state,
            to_state=claim.state,
            reason=Reason(code, missed),
            at=now,
        )
        # Recipient None: the supervisors' desk.
        notifications.enqueue(session, claim=claim, topic=Topic.CLAIM_ESCALATED, recipient_id=None, now=now)
        log.info("claim.escalated", claim_id=str(claim.id), tier=claim.tier)
    session.flush()
    return escalated
