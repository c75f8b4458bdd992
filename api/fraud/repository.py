from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from api.db.models import Claim, FraudFlag, Photo


def photo_hashes_of_other_claims(
    session: Session, *, claim_id: uuid.UUID
) -> Sequence[Row[uuid.UUID, uuid.UUID, str, uuid.UUID]]:
    """(photo id, claim id, phash, customer id) of every photo in every other claim."""
    stmt = (
        select(Photo.id, Photo.claim_id, Photo.phash, Claim.customer_id)
        .join(Claim, Claim.id == Photo.claim_id)
        .where(Photo.claim_id != claim_id)
        .order_by(Photo.created_at, Photo.id)
    )
    return session.execute(stmt).all()


def flags_for(session: Session, *, claim_id: uuid.UUID) -> Sequence[FraudFlag]:
    stmt = select(FraudFlag).where(FraudFlag.claim_id == claim_id).order_by(FraudFlag.created_at, FraudFlag.id)
    return session.scalars(stmt).all()


def flags_for_many(session: Session, *, claim_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[FraudFlag]]:
    out: dict[uuid.UUID, list[FraudFlag]] = {cid: [] for cid in claim_ids}
    if not claim_ids:
        return out
    stmt = select(FraudFlag).where(FraudFlag.claim_id.in_(claim_ids)).order_by(FraudFlag.created_at, FraudFlag.id)
    for flag in session.scalars(stmt):
        out[flag.claim_id].append(flag)
    return out
