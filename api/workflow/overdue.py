"""Queries of the claim escalation: each overdue deadline is claimed by one conditional UPDATE, so
two scheduler ticks (two API processes) can never both escalate it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from api.db.models import Claim
from api.workflow.states import BEFORE_ASSESSMENT, BEFORE_PAYMENT


def _assessment_overdue(now: datetime) -> ColumnElement[bool]:
    return and_(
        Claim.state.in_(BEFORE_ASSESSMENT),
        Claim.assessment_due_at < now,
        Claim.assessment_escalated_at.is_(None),
    )


def _payment_overdue(now: datetime) -> ColumnElement[bool]:
    return and_(
        Claim.state.in_(BEFORE_PAYMENT),
        Claim.payment_due_at.is_not(None),
        Claim.payment_due_at < now,
        Claim.payment_escalated_at.is_(None),
    )


def _claim(
    session: Session, *, column: InstrumentedAttribute[datetime | None], overdue: ColumnElement[bool], now: datetime
) -> set[uuid.UUID]:
    """Set ``column`` to ``now`` on every row still ``overdue`` and return their ids. The condition
    is re-checked by the UPDATE itself: a concurrent tick that wrote first (and committed) leaves
    nothing to claim; on PostgreSQL rows locked by a tick in progress are skipped, on SQLite the
    second writer waits for the first to commit."""
    due = select(Claim.id).where(overdue).with_for_update(skip_locked=True)
    stmt = update(Claim).where(Claim.id.in_(due), overdue).values({column: now}).returning(Claim.id)
    return set(session.scalars(stmt, execution_options={"synchronize_session": "fetch"}))


def claim_overdue_assessments(session: Session, *, now: datetime) -> set[uuid.UUID]:
    return _claim(session, column=Claim.assessment_escalated_at, overdue=_assessment_overdue(now), now=now)


def claim_overdue_payments(session: Session, *, now: datetime) -> set[uuid.UUID]:
    return _claim(session, column=Claim.payment_escalated_at, overdue=_payment_overdue(now), now=now)


def claims_by_id(session: Session, ids: set[uuid.UUID]) -> list[Claim]:
    if not ids:
        return []
    stmt = select(Claim).where(Claim.id.in_(ids)).order_by(Claim.created_at, Claim.id)
    return list(session.scalars(stmt, execution_options={"populate_existing": True}))
