from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field

from api.capture import quality


class DocumentKind(StrEnum):
    ID_CARD = "id_card"  # 居民身份证
    DRIVING_LICENCE = "driving_licence"  # 驾驶证
    VEHICLE_LICENCE = "vehicle_licence"  # 机动车行驶证
    POLICY = "policy"  # 保单
    REPAIR_QUOTE = "repair_quote"  # 维修估价单
    ACCIDENT_REPORT = "accident_report"  # 交通事故认定书 / 协商协议书
    MEDICAL_RECORD = "medical_record"  # 诊断证明及医疗费票据
    OTHER = "other"


class PhotoRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    claim_id: uuid.UUID
    sha256: str
    content_type: str
    size_bytes: int
    width: int
    height: int
    captured_at: datetime | None
    created_at: datetime
    shot: str | None = Field(default=None, description="api.capture.vocabulary.ShotKind, if tagged")
    zone: str | None = Field(default=None, description="api.capture.vocabulary.Zone, if tagged")
    zone_side: str | None = Field(default=None, description="left, right or none, with a zone")
    quality_json: str | None = Field(default=None, exclude=True)

    @computed_field(  # type: ignore[prop-decorator]
        description="Reasons to retake the photo: blur, exposure and size checked at upload, replaced by the "
        "assessment job's check with the model-based reasons (empty: good enough, or not checked: see quality_checked)"
    )
    @property
    def quality(self) -> list[dict[str, object]]:
        return [check.as_json() for check in quality.load(self.quality_json)]

    @computed_field(description="Whether the quality check ran (at upload, then again with the assessment job)")  # type: ignore[prop-decorator]
    @property
    def quality_checked(self) -> bool:
        return self.quality_json is not None


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    claim_id: uuid.UUID
    kind: DocumentKind
    sha256: str
    content_type: str
    size_bytes: int
    created_at: datetime
