from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class DetectorRead(BaseModel):
    """What the served detector is, and what it honestly cannot find yet."""

    name: str
    version: str
    sha256: str
    classes: list[str]
    trained_classes: list[str]
    not_yet_detectable: list[str] = Field(description="Classes no training data taught: never reported as found")
    imgsz: int
    confidence_threshold: float
    dataset_manifest_hash: str
    training_commit: str
    licence: str


class FindingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    damage_type: str
    confidence: float
    xyxy: list[float] = Field(description="x1, y1, x2, y2 in the stored photo's pixels")
    part: str = Field(description='Part code, or "unknown" when no part model ran or the overlap was unclear')
    part_method: str = Field(description="mask_overlap, box_overlap, no_part_visible, ambiguous or no_part_model")
    severity: str | None
    severity_rule: str | None = Field(description="The rule id and the numbers that set the severity")


class QualityFlagRead(BaseModel):
    """A reason to retake the photo, with a message the customer can act on."""

    code: str
    message_zh: str
    message_en: str
    value: float
    threshold: float


class PhotoFindings(BaseModel):
    photo_id: uuid.UUID
    findings: list[FindingRead]
    quality_flags: list[QualityFlagRead]


class AssessmentRead(BaseModel):
    id: uuid.UUID
    claim_id: uuid.UUID
    created_at: datetime
    model_name: str
    model_version: str
    model_sha256: str
    latency_ms: int
    part_model_version: str | None
    not_yet_detectable: list[str]
    photos: list[PhotoFindings]
