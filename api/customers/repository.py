"""Every query of the customer profile, the risk flag and the service tags."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from api.customers.models import CustomerRisk, CustomerTag
from api.db.models import Claim, EstimateVersion, FraudFlag, User
from api.disputes.models import Complaint, ComplaintAnalysis
from api.surveys.models import Revisit


def customer(session: Session, customer_id: uuid.UUID) -> User | None:
    return session.get(User, customer_id)


def claims(session: Session, *, customer_id: uuid.UUID) -> Sequence[Claim]:
    stmt = select(Claim).where(Claim.customer_id == customer_id).order_by(Claim.reported_at.desc(), Claim.id)
    return session.scalars(stmt).all()


def latest_payables(session: Session, *, claim_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
    """Each claim's latest estimate version's payable amount."""
    if not claim_ids:
        return {}
    stmt = (
        select(EstimateVersion.claim_id, EstimateVersion.payable)
        .where(EstimateVersion.claim_id.in_(claim_ids))
        .order_by(EstimateVersion.claim_id, EstimateVersion.version)
    )
    return {claim_id: payable for claim_id, payable in session.execute(stmt)}  # the last version wins


def disputed_totals(session: Session, *, claim_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
    """Each claim's disputed total: the customer's figure in its latest complaint analysis."""
    if not claim_ids:
        return {}
    stmt = (
        select(ComplaintAnalysis.claim_id, ComplaintAnalysis.figure)
        .where(ComplaintAnalysis.claim_id.in_(claim_ids))
        .order_by(ComplaintAnalysis.claim_id, ComplaintAnalysis.created_at, ComplaintAnalysis.id)
    )
    return {claim_id: Decimal(figure["total"]["amount"]) for claim_id, figure in session.execute(stmt)}


def complaints(session: Session, *, customer_id: uuid.UUID) -> Sequence[Complaint]:
    stmt = select(Complaint).where(Complaint.customer_id == customer_id)
    return session.scalars(stmt.order_by(Complaint.received_at.desc(), Complaint.id)).all()


def fraud_flags(session: Session, *, customer_id: uuid.UUID) -> Sequence[tuple[FraudFlag, datetime]]:
    """The flags on the customer's claims, each with its claim's report time."""
    stmt = (
        select(FraudFlag, Claim.reported_at)
        .join(Claim, Claim.id == FraudFlag.claim_id)
        .where(Claim.customer_id == customer_id)
        .order_by(FraudFlag.created_at, FraudFlag.id)
    )
    return [(flag, reported) for flag, reported in session.execute(stmt)]


def surveys(session: Session, *, customer_id: uuid.UUID) -> Sequence[Revisit]:
    stmt = select(Revisit).where(Revisit.customer_id == customer_id, Revisit.sent_at.is_not(None))
    return session.scalars(stmt.order_by(Revisit.sent_at.desc(), Revisit.id)).all()


def risk(session: Session, *, customer_id: uuid.UUID, for_update: bool = False) -> CustomerRisk | None:
    return session.get(CustomerRisk, customer_id, with_for_update=for_update, populate_existing=for_update)


def risks(session: Session, *, customer_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, CustomerRisk]:
    if not customer_ids:
        return {}
    stmt = select(CustomerRisk).where(CustomerRisk.customer_id.in_(set(customer_ids)))
    return {row.customer_id: row for row in session.scalars(stmt)}


def tags(session: Session, *, customer_id: uuid.UUID, active_only: bool) -> Sequence[CustomerTag]:
    stmt = select(CustomerTag).where(CustomerTag.customer_id == customer_id)
    if active_only:
        stmt = stmt.where(CustomerTag.removed_at.is_(None))
    return session.scalars(stmt.order_by(CustomerTag.added_at, CustomerTag.id)).all()


def active_labels(session: Session, *, customer_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    out: dict[uuid.UUID, list[str]] = {cid: [] for cid in customer_ids}
    if not customer_ids:
        return out
    stmt = (
        select(CustomerTag.customer_id, CustomerTag.label)
        .where(CustomerTag.customer_id.in_(set(customer_ids)), CustomerTag.removed_at.is_(None))
        .order_by(CustomerTag.added_at, CustomerTag.id)
    )
    for customer_id, label in session.execute(stmt):
        out[customer_id].append(label)
    return out


def tag(session: Session, *, customer_id: uuid.UUID, tag_id: uuid.UUID) -> CustomerTag | None:
    row = session.get(CustomerTag, tag_id, with_for_update=True, populate_existing=True)
    return row if row is not None and row.customer_id == customer_id else None


def stale_customers(session: Session, *, before: datetime, limit: int) -> Sequence[uuid.UUID]:
    """Customers with a claim whose flag was last computed before ``before`` (or never)."""
    fresh = exists().where(CustomerRisk.customer_id == Claim.customer_id, CustomerRisk.computed_at >= before)
    stmt = select(Claim.customer_id).where(~fresh).distinct().limit(limit)
    return session.scalars(stmt).all()


def high_risk_ids(session: Session) -> Sequence[uuid.UUID]:
    return session.scalars(select(CustomerRisk.customer_id).where(CustomerRisk.high_risk.is_(True))).all()


def users(session: Session, *, ids: Sequence[uuid.UUID]) -> Sequence[User]:
    if not ids:
        return []
    return session.scalars(select(User).where(User.id.in_(ids))).all()
