from __future__ import annotations

import math
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from api.assessments.part_fusion import hint_text, kind_of, source_of
from pricing import DamageType, PartCode, Severity


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
    part_method: str = Field(
        description="mask_overlap, box_overlap, no_part_visible, ambiguous, no_part_model, adjuster, capture_zone"
        " (the customer's zone tag named the part where the models named none), damaged_part_model (the"
        " damaged-part model's family, sided by the photo or the zone tag) or hint:<family>[:<side>] (the part"
        " stays unknown; the family is a hint for the adjuster). Rules: docs/part-fusion.md"
    )
    severity: str | None
    severity_rule: str | None = Field(description="The rule id and the numbers that set the severity")

    @computed_field(  # type: ignore[prop-decorator]
        description="What named the part: car_parts_segmenter, damaged_part_model, capture_zone (the customer's"
        " zone tag), adjuster;"
        " null while the part is unknown"
    )
    @property
    def part_source(self) -> str | None:
        return source_of(self.part_method)

    @computed_field(  # type: ignore[prop-decorator]
        description="While the part is unknown: the damaged-part model's family and side if known (\"door, left"
        ' side", "bumper, side unknown"), for the adjuster; null otherwise'
    )
    @property
    def part_hint(self) -> str | None:
        return hint_text(self.part_method)

    @computed_field(  # type: ignore[prop-decorator]
        description="The part without its side, as an estimate lists it (front_bumper, rear_door, tail_lamp …:"
        " api.assessments.part_fusion.KINDS), from the part or, while the part is unknown, from a hint that"
        " names one; null when neither tells"
    )
    @property
    def part_kind(self) -> str | None:
        return kind_of(self.part, self.part_method)


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
    damaged_part_model_version: str | None = Field(
        None, description="The damaged-part model served beside the part segmenter, if any (docs/part-fusion.md)"
    )
    bumper_end_model_version: str | None = Field(
        None, description="The bumper-end classifier served beside the damaged-part model, if any (docs/part-fusion.md)"
    )
    not_yet_detectable: list[str]
    photos: list[PhotoFindings]


# ---- an adjuster's corrections of the findings ---------------------------------------------------


class CorrectionReason(StrEnum):
    """Why a finding was added, changed or rejected (the fixed list the records use)."""

    MISSED_DAMAGE = "missed_damage"
    WRONG_DAMAGE_TYPE = "wrong_damage_type"
    WRONG_PART = "wrong_part"
    WRONG_SIDE = "wrong_side"
    WRONG_SEVERITY = "wrong_severity"
    FALSE_FINDING = "false_finding"
    DUPLICATE = "duplicate"
    CUSTOMER_REPORTED = "customer_reported"
    OTHER = "other"


class Side(StrEnum):
    FRONT = "front"
    BACK = "back"
    LEFT = "left"
    RIGHT = "right"
    FRONT_LEFT = "front_left"
    FRONT_RIGHT = "front_right"
    BACK_LEFT = "back_left"
    BACK_RIGHT = "back_right"


class FindingOrigin(StrEnum):
    AI = "ai"
    ADJUSTER = "adjuster"
    CUSTOMER_REPORTED = "customer_reported"


# Stored in a text column: no NUL (PostgreSQL refuses it).
Note = Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")]


class AddDamage(BaseModel):
    """A damage the detector missed, boxed on one of the claim's photos."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["add"]
    photo_id: uuid.UUID
    xyxy: tuple[float, float, float, float] = Field(description="x1, y1, x2, y2 in the stored photo's pixels")
    damage_type: DamageType
    part: PartCode
    side: Side | None = Field(default=None, description="Only where the part code names no side (a wheel)")
    severity: Severity
    origin: Literal[FindingOrigin.ADJUSTER, FindingOrigin.CUSTOMER_REPORTED] = FindingOrigin.ADJUSTER
    reason: CorrectionReason = CorrectionReason.MISSED_DAMAGE
    note: Note = ""

    @field_validator("xyxy")
    @classmethod
    def _box(cls, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x1, y1, x2, y2 = box
        if not all(math.isfinite(v) and v >= 0 for v in box):
            raise ValueError("box coordinates must be finite pixels, zero or more")
        if x2 <= x1 or y2 <= y1:
            raise ValueError("box must have x1 < x2 and y1 < y2")
        return box


class ChangeFinding(BaseModel):
    """Change the type, part, side or severity of a finding (at least one)."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["change"]
    finding_id: uuid.UUID
    damage_type: DamageType | None = None
    part: PartCode | None = None
    side: Side | None = None
    severity: Severity | None = None
    reason: CorrectionReason
    note: Note = ""

    @model_validator(mode="after")
    def _something(self) -> ChangeFinding:
        if (self.damage_type, self.part, self.side, self.severity) == (None, None, None, None):
            raise ValueError("give at least one of damage_type, part, side or severity")
        return self


# The reasons that fit a rejection (the forms offer these; the first is the default).
REJECT_REASONS = (CorrectionReason.FALSE_FINDING, CorrectionReason.DUPLICATE, CorrectionReason.OTHER)


class RejectFinding(BaseModel):
    """A false finding: kept for the record, no longer priced."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["reject"]
    finding_id: uuid.UUID
    reason: CorrectionReason = CorrectionReason.FALSE_FINDING
    note: Note = ""


Correction = Annotated[AddDamage | ChangeFinding | RejectFinding, Field(discriminator="action")]


class FindingCorrectionsCreate(BaseModel):
    corrections: list[Correction] = Field(min_length=1, max_length=50)
    note: Note = ""


class CorrectionRead(BaseModel):
    id: uuid.UUID
    created_at: datetime
    action: str
    finding_id: uuid.UUID | None
    photo_id: uuid.UUID
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
    note: str
    actor_id: uuid.UUID | None
    actor_role: str | None
    estimate_version: int | None


class CurrentFindingRead(FindingRead):
    photo_id: uuid.UUID
    origin: FindingOrigin
    side: str | None
    rejected: bool
    history: list[CorrectionRead]


class FindingsRead(BaseModel):
    assessment_id: uuid.UUID
    model_version: str
    findings: list[CurrentFindingRead]


class CorrectionsResult(BaseModel):
    corrections: list[CorrectionRead]
    estimate_version: int | None = Field(description="The estimate version the corrections made; null if unpriced")
