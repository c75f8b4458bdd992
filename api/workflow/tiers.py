"""Case tier and its published deadlines (DOMAIN.md §1), as pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

from api.workflow.calendar import working_deadline
from api.workflow.states import CaseTier

SIMPLE_CASE_LIMIT = Decimal("1000")  # single vehicle, damage under 1,000 yuan
PHOTOS_ONLY_LIMIT = Decimal("500")  # under 500 yuan photos alone suffice


@dataclass(frozen=True)
class ClaimFacts:
    vehicles_involved: int
    injuries: bool
    repeat_repair: bool
    third_party_assessment: bool
    estimated_amount: Decimal | None  # CNY; None: not yet known


def case_tier(facts: ClaimFacts) -> CaseTier:
    """简易 simple: one vehicle, under 1,000 yuan. 复杂 complex: injuries or repeated repairs.
    普通 normal: everything else (two parties, third-party assessment, unknown amount)."""
    if facts.injuries or facts.repeat_repair:
        return CaseTier.COMPLEX
    if (
        facts.vehicles_involved <= 1
        and not facts.third_party_assessment
        and facts.estimated_amount is not None
        and facts.estimated_amount < SIMPLE_CASE_LIMIT
    ):
        return CaseTier.SIMPLE
    return CaseTier.NORMAL


def photos_only(facts: ClaimFacts) -> bool:
    """Loss under 500 yuan: simplified assessment, no repair quote needed."""
    return facts.estimated_amount is not None and facts.estimated_amount < PHOTOS_ONLY_LIMIT


@dataclass(frozen=True)
class Deadlines:
    assessment_due_at: datetime
    payment_due_at: datetime | None  # complex cases are paid in stages: no single deadline


def deadlines(tier: CaseTier, reported_at: datetime, tz: tzinfo) -> Deadlines:
    """Simple: reviewed within 12 h, paid within 24 h (clock hours). Normal: assessed within 3
    working days, pre-paid within 7. Complex: assessment opinion within 10 working days."""
    match tier:
        case CaseTier.SIMPLE:
            return Deadlines(reported_at + timedelta(hours=12), reported_at + timedelta(hours=24))
        case CaseTier.NORMAL:
            return Deadlines(working_deadline(reported_at, 3, tz), working_deadline(reported_at, 7, tz))
        case CaseTier.COMPLEX:
            return Deadlines(working_deadline(reported_at, 10, tz), None)
