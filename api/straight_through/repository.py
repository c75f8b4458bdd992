from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.straight_through.models import StraightThroughDecision


def for_version(session: Session, *, claim_id: uuid.UUID, version: int) -> StraightThroughDecision | None:
    stmt = select(StraightThroughDecision).where(
        StraightThroughDecision.claim_id == claim_id, StraightThroughDecision.estimate_version == version
    )
    return session.scalars(stmt).first()


def latest(session: Session, *, claim_id: uuid.UUID) -> StraightThroughDecision | None:
    stmt = (
        select(StraightThroughDecision)
        .where(StraightThroughDecision.claim_id == claim_id)
        .order_by(StraightThroughDecision.estimate_version.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()
