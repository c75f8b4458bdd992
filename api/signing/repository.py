from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.signing.models import EstimateSignature, SigningCode


def codes_since(session: Session, *, claim_id: uuid.UUID, since: datetime) -> Sequence[SigningCode]:
    """The claim's codes issued at or after ``since``, oldest first."""
    query = (
        select(SigningCode)
        .where(SigningCode.claim_id == claim_id, SigningCode.created_at >= since)
        .order_by(SigningCode.created_at)
    )
    return session.scalars(query).all()


def live_codes(session: Session, *, claim_id: uuid.UUID) -> Sequence[SigningCode]:
    """Codes neither used nor revoked (expired ones included), newest first."""
    query = (
        select(SigningCode)
        .where(SigningCode.claim_id == claim_id, SigningCode.used_at.is_(None), SigningCode.revoked_at.is_(None))
        .order_by(SigningCode.created_at.desc())
    )
    return session.scalars(query).all()


def signature(session: Session, *, claim_id: uuid.UUID, version: int) -> EstimateSignature | None:
    query = select(EstimateSignature).where(
        EstimateSignature.claim_id == claim_id, EstimateSignature.estimate_version == version
    )
    return session.scalars(query).one_or_none()


def signatures(session: Session, *, claim_id: uuid.UUID) -> Sequence[EstimateSignature]:
    query = (
        select(EstimateSignature)
        .where(EstimateSignature.claim_id == claim_id)
        .order_by(EstimateSignature.estimate_version)
    )
    return session.scalars(query).all()


def add(session: Session, row: SigningCode | EstimateSignature) -> None:
    session.add(row)
    session.flush()
