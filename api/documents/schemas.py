from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from inference.ocr.crosscheck import CheckName
from inference.ocr.fields import DocumentKind, FieldStatus


class FieldRead(BaseModel):
    name: str
    value: str | None = Field(description="What counts: the OCR value until someone corrects it")
    ocr_value: str | None
    confidence: float
    xyxy: list[float] | None = Field(description="Box in the uploaded image's pixels: x1, y1, x2, y2")
    status: FieldStatus
    message: str
    corrected_by: uuid.UUID | None = None
    corrected_at: datetime | None = None
    masked: bool = False


class LineItemRead(BaseModel):
    cells: dict[str, FieldRead]


class ReadingRead(BaseModel):
    id: uuid.UUID
    document_id: uuid.UUID
    claim_id: uuid.UUID
    kind: DocumentKind
    kind_confidence: float
    fields: list[FieldRead]
    items: list[LineItemRead]
    messages: list[str]
    quarter_turns: int
    latency_ms: int
    engine: str
    created_at: datetime
    confirmed_by: uuid.UUID | None
    confirmed_at: datetime | None


class FieldCorrectionCreate(BaseModel):
    field: str = Field(max_length=64, description="The field's name, e.g. id_number")
    value: str | None = Field(max_length=500, description="The right value; null when the field is absent")


class FlagRead(BaseModel):
    id: uuid.UUID
    claim_id: uuid.UUID
    check: CheckName
    left_source: str
    left_value: str | None
    right_source: str
    right_value: str | None
    message: str
    created_at: datetime
