from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.models import User


def by_email(session: Session, *, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def by_id(session: Session, *, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)
