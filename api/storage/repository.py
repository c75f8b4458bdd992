from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.models import Document, Photo


def photos_of(session: Session, *, claim_id: uuid.UUID) -> Sequence[Photo]:
    stmt = select(Photo).where(Photo.claim_id == claim_id).order_by(Photo.created_at, Photo.id)
    return session.scalars(stmt).all()


def photo(session: Session, *, claim_id: uuid.UUID, photo_id: uuid.UUID) -> Photo | None:
    stmt = select(Photo).where(Photo.id == photo_id, Photo.claim_id == claim_id)
    return session.scalars(stmt).first()


def documents_of(session: Session, *, claim_id: uuid.UUID) -> Sequence[Document]:
    stmt = select(Document).where(Document.claim_id == claim_id).order_by(Document.created_at, Document.id)
    return session.scalars(stmt).all()


def document(session: Session, *, claim_id: uuid.UUID, document_id: uuid.UUID) -> Document | None:
    stmt = select(Document).where(Document.id == document_id, Document.claim_id == claim_id)
    return session.scalars(stmt).first()
