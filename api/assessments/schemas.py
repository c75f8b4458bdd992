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
    part: str
    part_method: str
    severity: str | None


class PhotoFindings(BaseModel):
    photo_id: uuid.UUID
    findings: list[FindingRead]


class AssessmentRead(BaseModel):
    id: uuid.UUID
    claim_id: uuid.UUID
    created_at: datetime
    model_name: str
    model_version: str
    model_sha256: str
    latency_ms: int
    not_yet_detectable: list[str]
    photos: list[PhotoFindings]
