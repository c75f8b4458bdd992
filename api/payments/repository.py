from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.payments.models import Payment


def of_claim(session: Session, *, claim_id: uuid.UUID) -> Payment | None:
    return session.scalars(select(Payment).where(Payment.claim_id == claim_id)).one_or_none()


def add(session: Session, row: Payment) -> Payment:
    session.add(row)
    session.flush()
    return row
