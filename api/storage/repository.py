from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from api.db.models import Document, FraudFlag, Photo
from api.db.models.assessment import Assessment


def photos_of(session: Session, *, claim_id: uuid.UUID) -> Sequence[Photo]:
    stmt = select(Photo).where(Photo.claim_id == claim_id).order_by(Photo.created_at, Photo.id)
    return session.scalars(stmt).all()


def photo(session: Session, *, claim_id: uuid.UUID, photo_id: uuid.UUID) -> Photo | None:
    stmt = select(Photo).where(Photo.id == photo_id, Photo.claim_id == claim_id)
    return session.scalars(stmt).first()


def photo_with_content(session: Session, *, claim_id: uuid.UUID, sha256: str) -> Photo | None:
    """The claim's photo stored with these bytes, if any (the oldest)."""
    stmt = (
        select(Photo)
        .where(Photo.claim_id == claim_id, Photo.sha256 == sha256)
        .order_by(Photo.created_at, Photo.id)
        .limit(1)
    )
    return session.scalars(stmt).first()


def documents_of(session: Session, *, claim_id: uuid.UUID) -> Sequence[Document]:
    stmt = select(Document).where(Document.claim_id == claim_id).order_by(Document.created_at, Document.id)
    return session.scalars(stmt).all()


def document(session: Session, *, claim_id: uuid.UUID, document_id: uuid.UUID) -> Document | None:
    stmt = select(Document).where(Document.id == document_id, Document.claim_id == claim_id)
    return session.scalars(stmt).first()


def assessed_since(session: Session, *, claim_id: uuid.UUID, since: datetime) -> bool:
    """Whether an assessment of the claim ran after ``since`` (so it used a photo added then)."""
    stmt = select(exists().where(Assessment.claim_id == claim_id, Assessment.created_at >= since))
    return bool(session.scalar(stmt))


def detach_fraud_flags(session: Session, *, photo_id: uuid.UUID) -> None:
    """Flags about a photo being removed keep their claim and detail, without the photo."""
    session.execute(update(FraudFlag).where(FraudFlag.photo_id == photo_id).values(photo_id=None))
    session.execute(update(FraudFlag).where(FraudFlag.related_photo_id == photo_id).values(related_photo_id=None))
