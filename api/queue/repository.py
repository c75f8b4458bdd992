"""The queue's one query: claims waiting for an adjuster with what the queue shows of each
(photos, fraud flags, latest estimate, latest assessment), filtered and sorted in the database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from api.auth.roles import ADJUSTER_ROLES
from api.customers.models import CustomerRisk
from api.db.models import Assessment, Claim, EstimateVersion, Finding, FraudFlag, Photo, User
from api.db.models.assessment import FindingCorrection
from api.queue.schemas import AiStatus, QueueSort
from api.workflow.states import BEFORE_ASSESSMENT, ClaimState

# Waiting for an adjuster: before the assessment is approved, or contested by the customer.
QUEUE_STATES: tuple[ClaimState, ...] = (*sorted(BEFORE_ASSESSMENT), ClaimState.DISPUTED)


@dataclass(frozen=True)
class QueueFilters:
    states: Sequence[ClaimState]
    tier: str | None = None
    assignee_id: uuid.UUID | None = None
    unassigned: bool = False
    high_risk: bool | None = None
    overdue: bool | None = None
    ai_status: AiStatus | None = None


@dataclass(frozen=True)
class QueueRow:
    claim: Claim
    photo_count: int
    flag_count: int
    estimate_payable: Decimal | None
    ai_status: AiStatus
    ai_findings: int
    assignee_email: str | None
    high_risk: bool  # the customer's stored flag (api.customers)


def _latest_assessment() -> Any:
    return (
        select(Assessment.id)
        .where(Assessment.claim_id == Claim.id)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        .limit(1)
        .correlate(Claim)  # explicitly: it is nested two levels down in the findings count
        .scalar_subquery()
    )


def _columns() -> dict[str, Any]:
    latest = _latest_assessment()
    findings = (
        select(func.count(Finding.id))
        .where(Finding.assessment_id == latest, Finding.rejected.is_(False))
        .scalar_subquery()
    )
    corrected = exists().where(FindingCorrection.assessment_id == latest)
    ai_status = case(
        (Claim.state == ClaimState.ASSESSING, AiStatus.RUNNING.value),
        (latest.is_(None), AiStatus.NOT_RUN.value),
        (corrected, AiStatus.CORRECTED.value),
        (findings > 0, AiStatus.FINDINGS.value),
        else_=AiStatus.NO_FINDINGS.value,
    )
    payable = (
        select(EstimateVersion.payable)
        .where(EstimateVersion.claim_id == Claim.id)
        .order_by(EstimateVersion.version.desc())
        .limit(1)
        .scalar_subquery()
    )
    high_risk = exists().where(CustomerRisk.customer_id == Claim.customer_id, CustomerRisk.high_risk.is_(True))
    return {
        "high_risk": case((high_risk, 1), else_=0),
        "photos": select(func.count(Photo.id)).where(Photo.claim_id == Claim.id).scalar_subquery(),
        "flags": select(func.count(FraudFlag.id)).where(FraudFlag.claim_id == Claim.id).scalar_subquery(),
        "payable": payable,
        "amount": func.coalesce(payable, Claim.estimated_amount),
        "ai_status": ai_status,
        "ai_findings": findings,
        "due": case((Claim.state.in_(BEFORE_ASSESSMENT), Claim.assessment_due_at), else_=Claim.payment_due_at),
    }


def page(
    session: Session, *, filters: QueueFilters, sort: str, now: datetime, limit: int, offset: int
) -> tuple[list[QueueRow], int]:
    cols = _columns()
    assignee = aliased(User)
    conditions: list[ColumnElement[bool]] = [Claim.state.in_(filters.states)]
    if filters.tier is not None:
        conditions.append(Claim.tier == filters.tier)
    if filters.assignee_id is not None:
        conditions.append(Claim.assignee_id == filters.assignee_id)
    if filters.unassigned:
        conditions.append(Claim.assignee_id.is_(None))
    if filters.high_risk is not None:
        conditions.append(cols["high_risk"] == (1 if filters.high_risk else 0))
    if filters.overdue is not None:
        late = and_(cols["due"].is_not(None), cols["due"] < now)
        conditions.append(late if filters.overdue else ~late)
    if filters.ai_status is not None:
        conditions.append(cols["ai_status"] == filters.ai_status.value)
    where = and_(*conditions)
    total = session.scalar(select(func.count(Claim.id)).where(where)) or 0
    descending = sort.startswith("-")
    key = {
        QueueSort.DUE: cols["due"],
        QueueSort.AMOUNT: cols["amount"],
        QueueSort.PHOTOS: cols["photos"],
        QueueSort.REPORTED: Claim.reported_at,
        QueueSort.RISK: cols["flags"],
    }[QueueSort(sort.lstrip("-"))]
    stmt = (
        select(
            Claim,
            cols["photos"],
            cols["flags"],
            cols["payable"],
            cols["ai_status"],
            cols["ai_findings"],
            assignee.email,
            cols["high_risk"],
        )
        .outerjoin(assignee, assignee.id == Claim.assignee_id)
        .where(where)
        # High-risk customers first (DOMAIN.md §5, priority follow-up); then the sort key, empty values
        # last whichever the direction; then the nearest deadline, then a stable id.
        .order_by(
            cols["high_risk"].desc(),
            key.is_(None),
            key.desc() if descending else key.asc(),
            cols["due"].is_(None),
            cols["due"],
            Claim.id,
        )
        .limit(limit)
        .offset(offset)
    )
    rows = [
        QueueRow(claim, int(photos), int(flags), payable, AiStatus(status), int(found or 0), email, bool(high))
        for claim, photos, flags, payable, status, found, email, high in session.execute(stmt)
    ]
    return rows, total


def adjusters(session: Session) -> Sequence[User]:
    """The active adjusters' accounts (whom a claim may be assigned to), by email."""
    stmt = select(User).where(User.role.in_(ADJUSTER_ROLES), User.is_active.is_(True)).order_by(User.email)
    return session.scalars(stmt).all()
