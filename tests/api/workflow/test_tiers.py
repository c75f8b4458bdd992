from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from api.workflow.states import CaseTier
from api.workflow.tiers import ClaimFacts, case_tier, deadlines, photos_only

SHANGHAI = ZoneInfo("Asia/Shanghai")


def facts(**kw: object) -> ClaimFacts:
    base: dict[str, object] = {
        "vehicles_involved": 1,
        "injuries": False,
        "repeat_repair": False,
        "third_party_assessment": False,
        "estimated_amount": Decimal("800"),
    }
    base.update(kw)
    return ClaimFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "tier"),
    [
        ({}, CaseTier.SIMPLE),
        ({"estimated_amount": Decimal("999.99")}, CaseTier.SIMPLE),
        ({"estimated_amount": Decimal("1000")}, CaseTier.NORMAL),
        ({"estimated_amount": None}, CaseTier.NORMAL),
        ({"vehicles_involved": 2}, CaseTier.NORMAL),
        ({"third_party_assessment": True}, CaseTier.NORMAL),
        ({"injuries": True}, CaseTier.COMPLEX),
        ({"repeat_repair": True}, CaseTier.COMPLEX),
        ({"injuries": True, "estimated_amount": Decimal("100")}, CaseTier.COMPLEX),
    ],
)
def test_case_tier(kw: dict[str, object], tier: CaseTier) -> None:
    assert case_tier(facts(**kw)) is tier


def test_photos_only_under_500() -> None:
    assert photos_only(facts(estimated_amount=Decimal("499.99")))
    assert not photos_only(facts(estimated_amount=Decimal("500")))
    assert not photos_only(facts(estimated_amount=None))


def test_simple_deadlines_are_clock_hours() -> None:
    reported = datetime(2025, 9, 30, 10, 0, tzinfo=UTC)  # Golden Week does not matter
    due = deadlines(CaseTier.SIMPLE, reported, SHANGHAI)
    assert due.assessment_due_at == reported + timedelta(hours=12)
    assert due.payment_due_at == reported + timedelta(hours=24)


def test_normal_deadlines_are_working_days() -> None:
    reported = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, Tue 30 Sep
    due = deadlines(CaseTier.NORMAL, reported, SHANGHAI)
    assert due.assessment_due_at == datetime(2025, 10, 12, tzinfo=SHANGHAI)  # end of Sat 11 Oct
    assert due.payment_due_at == datetime(2025, 10, 17, tzinfo=SHANGHAI)  # end of Thu 16 Oct


def test_complex_deadline_is_ten_working_days_and_staged_payment() -> None:
    reported = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)
    due = deadlines(CaseTier.COMPLEX, reported, SHANGHAI)
    assert due.assessment_due_at == datetime(2025, 10, 22, tzinfo=SHANGHAI)  # end of Tue 21 Oct
    assert due.payment_due_at is None
