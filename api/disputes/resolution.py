"""Resolving a complaint: decisions within authority, supervisor approval, feedback, the
escalation ladder and the customer's confirmation. Every step is recorded (who, when, why)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, tzinfo
from decimal import Decimal

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.db.models import User
from api.disputes import repository, routing
from api.disputes.clock import follow_up_due, step_due
from api.disputes.config import DisputeSettings, get_dispute_settings
from api.disputes.contact import ensure_calm
from api.disputes.delivery import DecisionPlan, deliver
from api.disputes.desk_states import DeskAction
from api.disputes.errors import AboveAuthority, ComplaintNotFound, IllegalComplaintMove
from api.disputes.models import Complaint, ComplaintDecision, ComplaintStep
from api.disputes.recommend import Remedy, check_authority
from api.disputes.service import record
from api.disputes.states import ComplaintAction, ComplaintStatus, DecisionStatus, Verdict
from api.disputes.wording import ensure_neutral
from api.notifications import Topic, notify_user
from api.reasons import Reason, TextCode, reason_fields
from pricing import Money


def _end_step(complaint: Complaint, *, at: datetime, overdue: bool) -> None:
    for step in complaint.steps:
        if step.ended_at is None:
            step.ended_at = at
            step.overdue = overdue


def give_feedback(
    session: Session, *, complaint: Complaint, actor: Actor, now: datetime, tz: tzinfo, settings: DisputeSettings
) -> None:
    """The decision reaches the customer: the step ends, the confirmation clock starts."""
    if complaint.feedback_at is None:
        complaint.feedback_at = now
    _end_step(complaint, at=now, overdue=now > complaint.step_due_at)
    complaint.status = ComplaintStatus.AWAITING_CONFIRMATION
    complaint.follow_up_due_at = follow_up_due(now, tz, settings.follow_up_working_days)
    complaint.follow_up_at = None
    record(session, complaint=complaint, action=ComplaintAction.FEEDBACK_GIVEN, actor=actor, at=now)
    notify_user(
        session, user_id=complaint.customer_id, topic=Topic.COMPLAINT_ANSWERED, claim_id=complaint.claim_id, now=now
    )


def decide(
    session: Session,
    *,
    complaint: Complaint,
    user: User,
    verdict: Verdict,
    remedies: Sequence[Remedy],
    compensation: Money,
    reason: str,
    settings: DisputeSettings,
    now: datetime,
    tz: tzinfo,
    plan: DecisionPlan | None = None,
) -> ComplaintDecision:
    """Record the decider's decision. Within their authority (compensation and voucher
    together) it is carried out and given to the customer at once; above it, it waits for a
    supervisor's approval."""
    if complaint.status is not ComplaintStatus.OPEN:
        raise IllegalComplaintMove(f"A decision is made on an open complaint; this one is {complaint.status}.")
    routing.ensure_may_act(complaint, role=user.role, action=DeskAction.DECIDE)
    ensure_neutral(reason=reason, voucher_type=plan.voucher_type if plan else None)
    ensure_calm(complaint)
    plan = plan or DecisionPlan.of(remedies=remedies, compensation=compensation)
    check = check_authority(user.role, plan.value(compensation), settings)
    actor = Actor.of(user)
    decision = ComplaintDecision(
        id=uuid.uuid4(),
        complaint_id=complaint.id,
        decided_by_id=user.id,
        decided_by_role=user.role,
        verdict=verdict,
        remedies=[r.value for r in remedies],
        compensation=compensation.amount,
        currency=compensation.currency,
        reason=reason,
        status=DecisionStatus.APPROVED if check.within else DecisionStatus.PENDING_APPROVAL,
        authority_limit=check.limit,
        review_reason="",
        created_at=now,
    )
    plan.apply(decision)
    session.add(decision)
    details = {
        "decision_id": str(decision.id),
        "verdict": verdict.value,
        "compensation": compensation.to_json(),
        "authority_limit": None if check.limit is None else str(check.limit),
    }
    record(
        session,
        complaint=complaint,
        action=ComplaintAction.DECIDED,
        actor=actor,
        at=now,
        reason=reason,
        details=details,
    )
    if check.within:
        session.flush()
        deliver(session, complaint=complaint, decision=decision, actor=actor, now=now)
        give_feedback(session, complaint=complaint, actor=actor, now=now, tz=tz, settings=settings)
    else:
        if user.role is Role.SUPERVISOR:
            raise AboveAuthority(f"{compensation} is above the supervisor's authority of {check.limit}.")
        complaint.status = ComplaintStatus.PENDING_APPROVAL
        record(
            session,
            complaint=complaint,
            action=ComplaintAction.APPROVAL_REQUESTED,
            actor=actor,
            at=now,
            reason=Reason(
                TextCode.ABOVE_AUTHORITY,
                {
                    "amount": str(compensation),
                    "role": user.role.value,
                    "limit": str(check.limit),
                },
            ),
            details=details,
        )
    complaint.updated_at = now
    return decision


def review(
    session: Session,
    *,
    complaint: Complaint,
    user: User,
    approve: bool,
    reason: str,
    settings: DisputeSettings,
    now: datetime,
    tz: tzinfo,
) -> ComplaintDecision:
    """A supervisor approves (feedback goes out) or rejects (back to open) a pending decision."""
    decision = repository.pending_decision(session, complaint_id=complaint.id)
    if complaint.status is not ComplaintStatus.PENDING_APPROVAL or decision is None:
        raise IllegalComplaintMove("No decision is waiting for approval.")
    if approve:
        ensure_calm(complaint)
    actor = Actor.of(user)
    amount = Money.of(decision.compensation, decision.currency) + Money.of(
        decision.voucher_value or Decimal(0), decision.currency
    )
    if approve and not check_authority(user.role, amount, settings).within:
        raise AboveAuthority(f"{amount} is above the {user.role.value} authority.")
    decision.status = DecisionStatus.APPROVED if approve else DecisionStatus.REJECTED
    decision.reviewed_by_id = user.id
    decision.reviewed_at = now
    decision.review_reason = reason
    action = ComplaintAction.APPROVED if approve else ComplaintAction.REJECTED
    record(
        session,
        complaint=complaint,
        action=action,
        actor=actor,
        at=now,
        reason=reason,
        details={"decision_id": str(decision.id)},
    )
    if approve:
        deliver(session, complaint=complaint, decision=decision, actor=actor, now=now)
        give_feedback(session, complaint=complaint, actor=actor, now=now, tz=tz, settings=settings)
    else:
        complaint.status = ComplaintStatus.OPEN
    complaint.updated_at = now
    return decision


def move_up(
    session: Session,
    *,
    complaint: Complaint,
    actor: Actor,
    at: datetime,
    due_at: datetime,
    reason: str | Reason,
    overdue: bool,
    settings: DisputeSettings | None = None,
) -> None:
    """Hand the complaint to the next level of the ladder, with a new step and deadline; the
    level's team takes it (``routing.on_level_entered``)."""
    nxt = complaint.level.next
    if nxt is None:
        raise IllegalComplaintMove("The complaint is already at mediation / final offer.")
    _end_step(complaint, at=at, overdue=overdue)
    complaint.steps.append(
        ComplaintStep(level=nxt, started_at=at, due_at=due_at, overdue=False, **reason_fields(reason))
    )
    before = complaint.level
    complaint.level = nxt
    complaint.step_due_at = due_at
    if complaint.status is ComplaintStatus.AWAITING_CONFIRMATION:
        complaint.status = ComplaintStatus.OPEN
    complaint.updated_at = at
    record(
        session,
        complaint=complaint,
        action=ComplaintAction.ESCALATED,
        actor=actor,
        at=at,
        reason=reason,
        details={"from": before.value, "to": nxt.value, "due_at": due_at.isoformat(), "automatic": actor.is_system},
    )
    notify_user(
        session, user_id=complaint.customer_id, topic=Topic.COMPLAINT_ESCALATED, claim_id=complaint.claim_id, now=at
    )
    routing.on_level_entered(
        session, complaint=complaint, actor=actor, at=at, settings=settings or get_dispute_settings()
    )


def escalate(
    session: Session,
    *,
    complaint: Complaint,
    actor: Actor,
    reason: str,
    now: datetime,
    tz: tzinfo,
    settings: DisputeSettings,
) -> Complaint:
    if complaint.status is ComplaintStatus.CLOSED:
        raise IllegalComplaintMove("The complaint is closed.")
    routing.ensure_may_act(complaint, role=actor.role, action=DeskAction.ESCALATE)
    due = step_due(now, tz, settings.step_working_days)
    move_up(
        session, complaint=complaint, actor=actor, at=now, due_at=due, reason=reason, overdue=False, settings=settings
    )
    return complaint


def confirm(
    session: Session,
    *,
    complaint: Complaint,
    user: User,
    satisfied: bool,
    comment: str,
    now: datetime,
    tz: tzinfo,
    settings: DisputeSettings,
) -> Complaint:
    """The customer confirms the feedback. Satisfied closes the loop; not satisfied climbs the
    ladder — at mediation the offer is final and the complaint closes unsatisfied."""
    if complaint.customer_id != user.id:
        raise ComplaintNotFound()
    if complaint.status is not ComplaintStatus.AWAITING_CONFIRMATION:
        raise IllegalComplaintMove("There is no feedback to confirm.")
    settle(
        session, complaint=complaint, actor=Actor.of(user), satisfied=satisfied, comment=comment, now=now, tz=tz,
        settings=settings,
    )  # fmt: skip
    return complaint


def settle(
    session: Session,
    *,
    complaint: Complaint,
    actor: Actor,
    satisfied: bool,
    comment: str,
    now: datetime,
    tz: tzinfo,
    settings: DisputeSettings,
    details: dict[str, object] | None = None,
) -> None:
    """The customer's answer to the feedback — given by them, or to staff on a follow-up."""
    complaint.confirmed_at = now
    complaint.satisfied = satisfied
    reason = comment or ("satisfied" if satisfied else "not satisfied")
    record(
        session,
        complaint=complaint,
        action=ComplaintAction.CONFIRMED,
        actor=actor,
        at=now,
        reason=reason,
        details={"satisfied": satisfied, **(details or {})},
    )
    if satisfied or complaint.level.next is None:
        complaint.status = ComplaintStatus.CLOSED
        complaint.closed_at = now
    else:
        due = step_due(now, tz, settings.step_working_days)
        move_up(
            session,
            complaint=complaint,
            actor=actor,
            at=now,
            due_at=due,
            reason=Reason(TextCode.CUSTOMER_NOT_SATISFIED, {"comment": reason}),
            overdue=False,
            settings=settings,
        )
    complaint.updated_at = now
