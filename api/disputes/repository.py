"""Every query of the complaint desk."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from api.customers.models import CustomerRisk
from api.disputes.clock import Level
from api.disputes.models import (
    Complaint,
    ComplaintAnalysis,
    ComplaintDecision,
    ComplaintEvent,
    ComplaintOutcome,
    ComplaintStep,
)
from api.disputes.states import OPEN_STATUSES, ComplaintStatus, DecisionStatus, OutcomeKind


def get(session: Session, *, complaint_id: uuid.UUID, for_update: bool = False) -> Complaint | None:
    # A locked read refreshes the row already in the session: after the lock, the latest is what counts.
    return session.get(Complaint, complaint_id, with_for_update=for_update, populate_existing=for_update)


def _overdue(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(Complaint.status.in_(OPEN_STATUSES), Complaint.step_due_at <= now),
        and_(Complaint.feedback_at.is_(None), Complaint.feedback_due_at <= now),
    )


def page(
    session: Session,
    *,
    status: ComplaintStatus | None,
    level: Level | None,
    overdue: bool | None,
    now: datetime,
    limit: int,
    offset: int,
) -> tuple[Sequence[Complaint], int]:
    stmt = select(Complaint)
    if status is not None:
        stmt = stmt.where(Complaint.status == status)
    if level is not None:
        stmt = stmt.where(Complaint.level == level)
    if overdue is not None:
        condition = _overdue(now)
        stmt = stmt.where(condition if overdue else not_(condition))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    # High-risk customers first (DOMAIN.md §5, priority follow-up), then the nearest step deadline.
    high_risk = exists().where(CustomerRisk.customer_id == Complaint.customer_id, CustomerRisk.high_risk.is_(True))
    order = (case((high_risk, 0), else_=1), Complaint.step_due_at, Complaint.id)
    items = session.scalars(stmt.order_by(*order).limit(limit).offset(offset)).all()
    return items, total


def events(session: Session, *, complaint_id: uuid.UUID) -> Sequence[ComplaintEvent]:
    return session.scalars(
        select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint_id).order_by(ComplaintEvent.at)
    ).all()


def latest_analysis(session: Session, *, complaint_id: uuid.UUID) -> ComplaintAnalysis | None:
    return session.scalars(
        select(ComplaintAnalysis)
        .where(ComplaintAnalysis.complaint_id == complaint_id)
        .order_by(ComplaintAnalysis.created_at.desc(), ComplaintAnalysis.id)
        .limit(1)
    ).first()


def same_material(
    session: Session, *, fingerprint: str, complaint_id: uuid.UUID
) -> Sequence[tuple[uuid.UUID, uuid.UUID]]:
    """(complaint id, claim id) of earlier analyses of other complaints with this fingerprint."""
    rows = session.execute(
        select(ComplaintAnalysis.complaint_id, ComplaintAnalysis.claim_id)
        .where(ComplaintAnalysis.fingerprint == fingerprint, ComplaintAnalysis.complaint_id != complaint_id)
        .distinct()
    ).all()
    return [(r[0], r[1]) for r in rows]


def pending_decision(session: Session, *, complaint_id: uuid.UUID) -> ComplaintDecision | None:
    return session.scalars(
        select(ComplaintDecision).where(
            ComplaintDecision.complaint_id == complaint_id,
            ComplaintDecision.status == DecisionStatus.PENDING_APPROVAL,
        )
    ).first()


def unresolved_on_claim(session: Session, *, claim_id: uuid.UUID, excluding: uuid.UUID) -> int:
    """Other complaints on the claim that are open or were closed with the customer unsatisfied."""
    stmt = select(func.count()).where(
        Complaint.claim_id == claim_id,
        Complaint.id != excluding,
        or_(Complaint.status != ComplaintStatus.CLOSED, Complaint.satisfied.is_not(True)),
    )
    return int(session.scalar(stmt) or 0)


def overdue_steps(session: Session, *, now: datetime) -> Sequence[Complaint]:
    return session.scalars(
        select(Complaint)
        .where(Complaint.status.in_(OPEN_STATUSES), Complaint.step_due_at <= now)
        .order_by(Complaint.step_due_at, Complaint.id)
        .with_for_update(skip_locked=True)
    ).all()


def follow_ups_due(session: Session, *, now: datetime) -> Sequence[Complaint]:
    return session.scalars(
        select(Complaint)
        .where(
            Complaint.status == ComplaintStatus.AWAITING_CONFIRMATION,
            Complaint.follow_up_at.is_(None),
            Complaint.follow_up_due_at <= now,
        )
        .order_by(Complaint.follow_up_due_at, Complaint.id)
        .with_for_update(skip_locked=True)
    ).all()


def for_report(session: Session, *, since: datetime, until: datetime) -> Sequence[Complaint]:
    """Complaints received in [since, until), or with a step or feedback deadline in it."""
    with_step = select(ComplaintStep.complaint_id).where(ComplaintStep.due_at >= since, ComplaintStep.due_at < until)
    return session.scalars(
        select(Complaint).where(
            or_(
                and_(Complaint.received_at >= since, Complaint.received_at < until),
                and_(Complaint.feedback_due_at >= since, Complaint.feedback_due_at < until),
                Complaint.id.in_(with_step),
            )
        )
    ).all()


def payment_adjustments(session: Session, *, claim_id: uuid.UUID) -> Sequence[ComplaintOutcome]:
    stmt = select(ComplaintOutcome).where(
        ComplaintOutcome.claim_id == claim_id, ComplaintOutcome.kind == OutcomeKind.PAYMENT_ADJUSTMENT
    )
    return session.scalars(stmt.order_by(ComplaintOutcome.created_at)).all()
