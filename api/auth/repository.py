from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.models import User


def by_email(session: Session, *, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def by_id(session: Session, *, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def emails_of(session: Session, *, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The e-mail of each user id given (staff pages name who changed what); unknown ids are left out."""
    ids = set(user_ids)
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(ids))).all()
    return {user_id: email for user_id, email in rows}
