from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.db.models.ocr import DocumentFlag, DocumentReading


def latest_reading(session: Session, *, document_id: uuid.UUID) -> DocumentReading | None:
    query = (
        select(DocumentReading)
        .where(DocumentReading.document_id == document_id)
        .order_by(DocumentReading.created_at.desc(), DocumentReading.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def latest_readings_of_claim(session: Session, *, claim_id: uuid.UUID) -> list[DocumentReading]:
    """The newest reading of each document on the claim."""
    rows = session.scalars(
        select(DocumentReading)
        .where(DocumentReading.claim_id == claim_id)
        .order_by(DocumentReading.created_at.desc(), DocumentReading.id.desc())
    ).all()
    newest: dict[uuid.UUID, DocumentReading] = {}
    for row in rows:
        newest.setdefault(row.document_id, row)
    return list(newest.values())


def flags_of(session: Session, *, claim_id: uuid.UUID) -> list[DocumentFlag]:
    return list(
        session.scalars(
            select(DocumentFlag).where(DocumentFlag.claim_id == claim_id).order_by(DocumentFlag.created_at)
        ).all()
    )


def clear_flags(session: Session, *, claim_id: uuid.UUID) -> None:
    session.execute(delete(DocumentFlag).where(DocumentFlag.claim_id == claim_id))
