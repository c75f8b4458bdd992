"""Queries of revisits: when each claim reached each stage (the revisits' anchors), the due ones,
a customer's own."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.orm import Session

from api.customers.models import CustomerRisk
from api.db.models import AuditEvent, Claim
from api.payments.models import Payment
from api.payments.states import PaymentStatus
from api.surveys.models import Revisit, SurveyFollowUp
from api.surveys.states import Stage
from api.workflow.states import AuditAction, ClaimState


def _unplanned(stage: Stage) -> Any:
    return ~exists().where(Revisit.claim_id == Claim.id, Revisit.stage == stage)


def _reached(state: ClaimState) -> Select[uuid.UUID, uuid.UUID, datetime]:
    """(claim, customer, first entry into ``state``) for claims without a revisit of that stage."""
    first = func.min(AuditEvent.at)
    return (
        select(Claim.id, Claim.customer_id, first)
        .join(AuditEvent, AuditEvent.claim_id == Claim.id)
        .where(AuditEvent.action == AuditAction.TRANSITION, AuditEvent.to_state == state)
        .group_by(Claim.id, Claim.customer_id)
    )


def anchors(session: Session, stage: Stage) -> Sequence[tuple[uuid.UUID, uuid.UUID, datetime]]:
    """The claims that reached ``stage`` and have no revisit of it yet, with when they reached it:
    reported; first assessed; paid; closed (latest close) without a payment made."""
    query: Any
    if stage is Stage.SUBMITTED:
        query = select(Claim.id, Claim.customer_id, Claim.reported_at)
    elif stage is Stage.ASSESSED:
        query = _reached(ClaimState.ASSESSED)
    elif stage is Stage.PAID:
        query = select(Claim.id, Claim.customer_id, Payment.paid_at).join(Payment, Payment.claim_id == Claim.id)
        query = query.where(Payment.status == PaymentStatus.PAID, Payment.paid_at.is_not(None))
    else:
        paid = exists().where(Payment.claim_id == Claim.id, Payment.status == PaymentStatus.PAID)
        latest = func.max(AuditEvent.at)
        query = (
            select(Claim.id, Claim.customer_id, latest)
            .join(AuditEvent, AuditEvent.claim_id == Claim.id)
            .where(AuditEvent.action == AuditAction.TRANSITION, AuditEvent.to_state == ClaimState.CLOSED)
            .where(Claim.state == ClaimState.CLOSED, ~paid)
            .group_by(Claim.id, Claim.customer_id)
        )
    rows: Sequence[Any] = session.execute(query.where(_unplanned(stage))).all()
    return [(row[0], row[1], row[2]) for row in rows]


def due(session: Session, *, now: datetime, limit: int = 200) -> Sequence[Revisit]:
    query = select(Revisit).where(and_(Revisit.due_at <= now, Revisit.sent_at.is_(None), Revisit.skipped_at.is_(None)))
    return session.scalars(query.order_by(Revisit.due_at).limit(limit)).all()


def of_customer(session: Session, customer_id: uuid.UUID) -> Sequence[Revisit]:
    """The customer's sent surveys, newest first."""
    query = select(Revisit).where(Revisit.customer_id == customer_id, Revisit.sent_at.is_not(None))
    return session.scalars(query.order_by(Revisit.sent_at.desc(), Revisit.id)).all()


def follow_ups(session: Session, *, open_only: bool) -> Sequence[SurveyFollowUp]:
    """High-risk customers' follow-ups first (the stored flag sorts first in every queue), then the
    lowest score, then the oldest."""
    query = select(SurveyFollowUp)
    if open_only:
        query = query.where(SurveyFollowUp.status == "open")
    flagged = exists().where(CustomerRisk.customer_id == SurveyFollowUp.customer_id, CustomerRisk.high_risk.is_(True))
    order = (case((flagged, 0), else_=1), SurveyFollowUp.lowest_score, SurveyFollowUp.created_at, SurveyFollowUp.id)
    return session.scalars(query.order_by(*order)).all()


def sent_between(session: Session, *, start: datetime, end: datetime) -> Sequence[Revisit]:
    query = select(Revisit).where(Revisit.sent_at >= start, Revisit.sent_at < end)
    return session.scalars(query).all()
