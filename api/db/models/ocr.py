"""What OCR read off a claim's documents, the corrections people made, and cross-check flags."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin


class DocumentReading(IdMixin, CreatedAtMixin, Base):
    """One OCR pass over a stored document: fields pre-filled for the customer to confirm.

    ``fields`` is a list of ``{name, value, ocr_value, confidence, xyxy, status, message,
    corrected_by, corrected_at}``; ``value`` is what counts (the OCR value until corrected).
    """

    __tablename__ = "document_readings"

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id"), index=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))  # inference.ocr.fields.DocumentKind
    kind_confidence: Mapped[float]
    engine: Mapped[str] = mapped_column(String(64))
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    messages: Mapped[list[str]] = mapped_column(JSON)
    quarter_turns: Mapped[int]
    latency_ms: Mapped[int]
    confirmed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None]


class FieldCorrection(IdMixin, CreatedAtMixin, Base):
    """A person's change to a field OCR read: who, when, from what to what (training data later)."""

    __tablename__ = "document_field_corrections"

    reading_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("document_readings.id"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    previous_value: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)
    ocr_value: Mapped[str | None] = mapped_column(Text)
    corrected_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))


class DocumentFlag(IdMixin, CreatedAtMixin, Base):
    """A cross-check mismatch between a claim's documents, both values kept. Staff only."""

    __tablename__ = "document_flags"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    check: Mapped[str] = mapped_column(String(32))  # inference.ocr.crosscheck.CheckName
    left_source: Mapped[str] = mapped_column(String(64))
    left_value: Mapped[str | None] = mapped_column(Text)
    right_source: Mapped[str] = mapped_column(String(64))
    right_value: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text, default="")
