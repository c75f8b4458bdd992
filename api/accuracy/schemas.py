from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field


class _Figures(BaseModel):
    week: str = Field(examples=["2026-W48"], description="ISO week of the assessment, in the service's time zone")
    model_version: str
    ai_findings: int
    kept: int
    changed: int
    rejected: int
    added: int = Field(description="Damages the adjusters added (origin adjuster or customer-reported)")
    kept_share: Decimal | None = Field(description="kept / ai_findings, 4 places; null without AI findings")
    changed_share: Decimal | None
    rejected_share: Decimal | None


class AccuracyRow(_Figures):
    damage_type: str = Field(description="The AI's type for its findings; the adjuster's for added damages")


class AccuracyTotal(_Figures):
    claims: int = Field(description="Reviewed claims: their estimate was approved")
    claims_with_added: int
    lines_added_share: Decimal | None = Field(description="Share of reviewed claims with at least one added damage")


class AccuracyReport(BaseModel):
    from_date: date = Field(serialization_alias="from")
    to_date: date = Field(serialization_alias="to")
    time_zone: str
    basis: str
    rows: list[AccuracyRow]
    totals: list[AccuracyTotal]
