from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class DocumentKind(StrEnum):
    ID_CARD = "id_card"  # 居民身份证
    DRIVING_LICENCE = "driving_licence"  # 驾驶证
    VEHICLE_LICENCE = "vehicle_licence"  # 机动车行驶证
    POLICY = "policy"  # 保单
    REPAIR_QUOTE = "repair_quote"  # 维修估价单
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


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    claim_id: uuid.UUID
    kind: DocumentKind
    sha256: str
    content_type: str
    size_bytes: int
    created_at: datetime
