from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from api.db.models import Claim
from api.workflow.states import CUSTOMER_STATUS, CaseTier, CustomerStatus


def get(session: Session, *, claim_id: uuid.UUID, for_update: bool = False) -> Claim | None:
    # A locked read refreshes the row already in the session: after the lock, the latest is what counts.
    # FOR NO KEY UPDATE (PostgreSQL): writers of this claim queue as with FOR UPDATE, but rows that
    # only reference it (another upload's fraud flags and audit events, FOR KEY SHARE) are not
    # blocked, so two claims' uploads that flag each other cannot deadlock.
    lock = {"key_share": True} if for_update else False
    return session.get(Claim, claim_id, with_for_update=lock, populate_existing=for_update)


def _filtered(
    *,
    customer_id: uuid.UUID | None,
    status: CustomerStatus | None,
    tier: CaseTier | None,
) -> Select[Claim]:
    stmt = select(Claim)
    if customer_id is not None:
        stmt = stmt.where(Claim.customer_id == customer_id)
    if status is not None:
        states = [s for s, shown in CUSTOMER_STATUS.items() if shown == status]
        stmt = stmt.where(Claim.state.in_(states))
    if tier is not None:
        stmt = stmt.where(Claim.tier == tier)
    return stmt


def page(
    session: Session,
    *,
    customer_id: uuid.UUID | None,
    status: CustomerStatus | None,
    tier: CaseTier | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[Claim], int]:
    stmt = _filtered(customer_id=customer_id, status=status, tier=tier)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = session.scalars(stmt.order_by(Claim.created_at.desc(), Claim.id).limit(limit).offset(offset)).all()
    return items, total
