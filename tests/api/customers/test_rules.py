"""The high-risk flag and rule tags as pure functions, with a frozen clock."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from api.customers.rules import ClaimAmounts, CustomerHistory, RiskReason, RuleTag, above_market, assess

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
FACTOR = Decimal("1.5")


def _claim(claimed: str | None, estimate: str | None, *, at: datetime = T0) -> ClaimAmounts:
    return ClaimAmounts(
        uuid.uuid4(), at, Decimal(claimed) if claimed else None, Decimal(estimate) if estimate else None
    )


def _codes(history: CustomerHistory, now: datetime) -> list[str]:
    return [r["code"] for r in assess(history, now=now, above_market_factor=FACTOR).reasons]


@pytest.mark.parametrize(
    ("complaint_days", "now_day", "flagged"),
    [
        ([0], 0, False),  # one complaint: not yet
        ([0, 30], 30, True),  # the 2nd complaint inside 90 days sets it
        ([0, 90], 90, True),  # exactly 90 days apart still counts
        ([0, 91], 91, False),  # 91 days apart: the first left the window
        ([0, 30], 90, True),  # the window has not passed yet
        ([0, 30], 121, False),  # 91 days after the first: cleared
        ([0, 60, 100], 121, True),  # ...unless two others are still inside
        ([0, 30], 20, False),  # a complaint "in the future" of now does not count
    ],
)
def test_repeated_complaints_in_90_days(complaint_days: list[int], now_day: int, flagged: bool) -> None:
    history = CustomerHistory(claims=[_claim(None, None)], complaints_received=[T0 + d * DAY for d in complaint_days])
    result = assess(history, now=T0 + now_day * DAY, above_market_factor=FACTOR)
    assert result.high_risk is flagged
    assert (RiskReason.REPEATED_COMPLAINTS in _codes(history, T0 + now_day * DAY)) is flagged
    assert (RuleTag.REPEATED_COMPLAINTS in result.tags) is flagged


@pytest.mark.parametrize(
    ("claimed", "estimate", "above"),
    [
        ("4500.00", "3000.00", True),  # 1.5× and ¥1,500 above
        ("4499.99", "3000.00", False),  # just under 1.5×
        ("1500.00", "1000.00", False),  # 1.5× but only ¥500 above: too small to matter
        ("3000.00", "2000.00", True),  # 1.5× and exactly ¥1,000 above
        ("9000.00", "0.00", False),  # no estimate amount to compare with
        (None, "3000.00", False),  # no figure from the customer
        ("9000.00", None, False),  # not priced yet
    ],
)
def test_amount_above_market(claimed: str | None, estimate: str | None, above: bool) -> None:
    claim = _claim(claimed, estimate)
    assert above_market(claim, FACTOR) is above
    history = CustomerHistory(claims=[claim, _claim(None, None)])
    result = assess(history, now=T0 + DAY, above_market_factor=FACTOR)
    assert result.high_risk is above
    assert (RuleTag.HIGH_DISPUTE in result.tags) is above
    if above:
        [reason] = result.reasons
        assert reason == {"code": "amount_above_market", "claim_id": str(claim.claim_id),
                          "claimed": claimed, "estimate": estimate}  # fmt: skip


def test_amounts_and_fraud_on_claims_older_than_a_year_no_longer_count() -> None:
    history = CustomerHistory(
        claims=[_claim("9000.00", "3000.00")], fraud_signals=[(T0, "duplicate_photo"), (T0, "reused_photo")]
    )
    inside = assess(history, now=T0 + 365 * DAY, above_market_factor=FACTOR)
    assert inside.reasons[-1] == {"code": "fraud_signals", "signals": ["duplicate_photo", "reused_photo"]}
    assert _codes(history, T0 + 365 * DAY) == ["amount_above_market", "fraud_signals"]
    assert assess(history, now=T0 + 366 * DAY, above_market_factor=FACTOR).high_risk is False


def test_a_stricter_factor_from_the_settings_is_used() -> None:
    history = CustomerHistory(claims=[_claim("4500.00", "3000.00")])
    assert assess(history, now=T0, above_market_factor=Decimal("2")).high_risk is False


@pytest.mark.parametrize(
    ("claims", "lowest_scores", "tags"),
    [
        (1, [], [RuleTag.FIRST_CLAIM]),
        (2, [], []),
        (1, [3], [RuleTag.FIRST_CLAIM]),
        (2, [2], [RuleTag.LOW_SATISFACTION]),  # a 2 is low, as the survey's follow-up counts it
        (2, [5, 1], [RuleTag.LOW_SATISFACTION]),
    ],
)
def test_rule_tags(claims: int, lowest_scores: list[int], tags: list[RuleTag]) -> None:
    history = CustomerHistory(
        claims=[_claim(None, None) for _ in range(claims)], survey_lowest=[(T0, s) for s in lowest_scores]
    )
    result = assess(history, now=T0 + DAY, above_market_factor=FACTOR)
    assert result.tags == tags
    assert result.high_risk is False  # tags alone never flag
