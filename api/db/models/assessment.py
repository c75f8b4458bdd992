"""Automatic assessments: one run of the damage detector over a claim's photos, and its findings."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.auth.roles import Role
from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum


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
    # The damaged-part model served beside the segmenter (None: none was), which may have named parts.
    damaged_part_model_version: Mapped[str | None] = mapped_column(String(32))
    # The bumper-end classifier served beside it (None: none was), which may have told a bumper's end.
    bumper_end_model_version: Mapped[str | None] = mapped_column(String(32))
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
    # Who found it: "ai" (the detector), "adjuster" or "customer_reported" (added in review).
    origin: Mapped[str] = mapped_column(String(24), default="ai", server_default=text("'ai'"))
    # The side an adjuster named for a part whose code carries none (a wheel); null otherwise.
    side: Mapped[str | None] = mapped_column(String(16))
    # A false finding the adjuster rejected: kept for the record, never priced.
    rejected: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    assessment: Mapped[Assessment] = relationship(back_populates="findings")


class FindingCorrection(IdMixin, CreatedAtMixin, Base):
    """One adjuster's correction of one finding: what it was, what it became, who, why.

    ``finding_id`` is null for an added damage (``after`` names the finding it created); the
    estimate version the batch produced is ``estimate_version`` (null when none was priced yet).
    """

    __tablename__ = "finding_corrections"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessments.id"))
    finding_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("findings.id"), index=True)
    photo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("photos.id"))
    action: Mapped[str] = mapped_column(String(16))  # added / changed / rejected
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(500), default="")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[Role | None] = mapped_column(str_enum(Role))
    estimate_version: Mapped[int | None]
