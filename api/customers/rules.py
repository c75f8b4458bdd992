"""The customer's high-risk flag and rule tags: pure functions over plain data (STYLE 21).

A customer is **high-risk** (DOMAIN.md §5: repeated complaints or abnormal amounts, for priority
follow-up) while any of these holds at ``now``:

- ``repeated_complaints``: 2 or more complaints received in the last 90 days (a complaint exactly
  90 days old still counts; one 91 days old does not), so the flag clears by itself once the
  older complaint leaves the window;
- ``amount_above_market``: on a claim reported in the last 365 days, the customer's figure (the
  disputed total of the latest analysis, else the amount given at the report) is at least
  ``above_market_factor`` times the latest estimate's payable (1.5 by default, the complaint
  desk's own "far above market" factor) **and** at least ¥1,000 above it, so a small claim's
  rounding-size gap is not a risk;
- ``fraud_signals``: a fraud flag (duplicate or reused photo, photo dates) on a claim reported in
  the last 365 days.

Rule tags (shown to staff beside the manual ones): ``repeated_complaints`` (多次投诉, the first
rule), ``high_dispute`` (高额争议, the second), ``first_claim`` (首次出险, the customer's only
claim) and ``low_satisfaction`` (满意度低, a survey answered in the last 365 days with an item
scored 2 or less, as the survey's priority follow-up counts a low score).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

COMPLAINT_WINDOW: Final = timedelta(days=90)
COMPLAINTS_FOR_FLAG: Final = 2
LOOKBACK: Final = timedelta(days=365)
ABOVE_MARKET_MIN_GAP: Final = Decimal("1000.00")
LOW_SCORE: Final = 2


class RiskReason(StrEnum):
    REPEATED_COMPLAINTS = "repeated_complaints"
    AMOUNT_ABOVE_MARKET = "amount_above_market"
    FRAUD_SIGNALS = "fraud_signals"


class RuleTag(StrEnum):
    REPEATED_COMPLAINTS = "repeated_complaints"  # 多次投诉
    HIGH_DISPUTE = "high_dispute"  # 高额争议
    FIRST_CLAIM = "first_claim"  # 首次出险
    LOW_SATISFACTION = "low_satisfaction"  # 满意度低


@dataclass(frozen=True)
class ClaimAmounts:
    """One claim's figures: the customer's (claimed) and the latest estimate's payable."""

    claim_id: uuid.UUID
    reported_at: datetime
    claimed: Decimal | None
    estimate: Decimal | None


@dataclass(frozen=True)
class CustomerHistory:
    claims: Sequence[ClaimAmounts] = ()
    complaints_received: Sequence[datetime] = ()
    fraud_signals: Sequence[tuple[datetime, str]] = ()  # (the claim's report time, signal)
    survey_lowest: Sequence[tuple[datetime, int]] = ()  # (answered at, the lowest item score)


@dataclass(frozen=True)
class RiskAssessment:
    high_risk: bool
    reasons: list[dict[str, Any]] = field(default_factory=list)
    tags: list[RuleTag] = field(default_factory=list)


def above_market(claim: ClaimAmounts, factor: Decimal) -> bool:
    """The claimed amount is ``factor`` × the estimate or more, and ¥1,000 above it.

    >>> c = ClaimAmounts(uuid.UUID(int=1), datetime(2026, 1, 1), Decimal("4600"), Decimal("3000"))
    >>> above_market(c, Decimal("1.5"))
    True
    """
    if claim.claimed is None or claim.estimate is None or claim.estimate <= 0:
        return False
    return claim.claimed >= claim.estimate * factor and claim.claimed - claim.estimate >= ABOVE_MARKET_MIN_GAP


def assess(history: CustomerHistory, *, now: datetime, above_market_factor: Decimal) -> RiskAssessment:
    """The flag, each reason that holds, and the rule tags, at ``now``."""
    reasons: list[dict[str, Any]] = []
    tags: list[RuleTag] = []
    recent = [t for t in history.complaints_received if now - COMPLAINT_WINDOW <= t <= now]
    if len(recent) >= COMPLAINTS_FOR_FLAG:
        reasons.append({"code": RiskReason.REPEATED_COMPLAINTS.value, "count": len(recent), "days": 90})
        tags.append(RuleTag.REPEATED_COMPLAINTS)
    since = now - LOOKBACK
    high = [c for c in history.claims if c.reported_at >= since and above_market(c, above_market_factor)]
    for claim in high:
        assert claim.claimed is not None and claim.estimate is not None
        reasons.append({"code": RiskReason.AMOUNT_ABOVE_MARKET.value, "claim_id": str(claim.claim_id),
                        "claimed": f"{claim.claimed:.2f}", "estimate": f"{claim.estimate:.2f}"})  # fmt: skip
    if high:
        tags.append(RuleTag.HIGH_DISPUTE)
    signals = sorted({s for at, s in history.fraud_signals if at >= since})
    if signals:
        reasons.append({"code": RiskReason.FRAUD_SIGNALS.value, "signals": signals})
    if len(history.claims) == 1:
        tags.append(RuleTag.FIRST_CLAIM)
    if any(at >= since and score <= LOW_SCORE for at, score in history.survey_lowest):
        tags.append(RuleTag.LOW_SATISFACTION)
    return RiskAssessment(high_risk=bool(reasons), reasons=reasons, tags=tags)
