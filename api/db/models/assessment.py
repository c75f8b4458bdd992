"""Automatic assessments: one run of the damage detector over a claim's photos, and its findings."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db.base import Base, CreatedAtMixin, IdMixin


class Assessment(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "assessments"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    model_name: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[str] = mapped_column(String(32))
    model_sha256: Mapped[str] = mapped_column(String(64))
    photo_count: Mapped[int]
    latency_ms: Mapped[int]
    # Classes the model has but was never taught (comma-separated): the API says so on every read.
    not_detectable: Mapped[str] = mapped_column(String(200), default="")
    part_model_version: Mapped[str | None] = mapped_column(String(32))
    # Capture-quality flags per photo, as JSON: {photo_id: [{code, message_zh, message_en, ...}]}.
    quality_json: Mapped[str] = mapped_column(Text, default="{}")
    findings: Mapped[list[Finding]] = relationship(
        back_populates="assessment", order_by="Finding.rank", cascade="all, delete-orphan"
    )


class Finding(IdMixin, Base):
    """One damage found on one photo; the box is in the stored (upright) photo's pixels."""

    __tablename__ = "findings"

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessments.id"), index=True)
    photo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("photos.id"), index=True)
    rank: Mapped[int]  # order within the assessment: photo upload order, then confidence
    damage_type: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float]  # a model score, not money
    x1: Mapped[float]
    y1: Mapped[float]
    x2: Mapped[float]
    y2: Mapped[float]
    # Which part the damage is on and how that was decided; "unknown" until a part model says.
    part: Mapped[str] = mapped_column(String(32), default="unknown")
    part_method: Mapped[str] = mapped_column(String(24), default="not_assessed")
    severity: Mapped[str | None] = mapped_column(String(16))
    severity_rule: Mapped[str | None] = mapped_column(String(160))
    assessment: Mapped[Assessment] = relationship(back_populates="findings")
