"""Monthly achievement rates of the published deadlines, per case tier, from the claims' real
timestamps (DOMAIN.md §1: "achievement rate of the deadlines is reported").

Two deadlines per claim: the assessment (met when the claim first reached 定损完成, state
``assessed``, no later than ``assessment_due_at``) and the payment (met when it first reached
已结案, state ``closed``, no later than ``payment_due_at``; complex cases are paid in stages and
have none). A deadline counts in the month it falls due (local time), once it is decided: met,
or missed when it has passed without being met. One still ahead and not met is pending and
counts neither way, so a deadline due tonight is not a miss this afternoon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from api.workflow.states import CaseTier


class Step(StrEnum):
    ASSESSMENT = "assessment"
    PAYMENT = "payment"


@dataclass(frozen=True, slots=True)
class DeadlineFacts:
    tier: CaseTier
    step: Step
    due_at: datetime
    done_at: datetime | None  # when the step was first reached; None: not yet


@dataclass(frozen=True, slots=True)
class MonthRate:
    month: str  # "2026-11"
    tier: CaseTier
    step: Step
    due: int  # decided: met + missed
    met: int
    pending: int

    @property
    def rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(self.met) / Decimal(self.due)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def month_of(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m")


def last_months(now: datetime, tz: tzinfo, count: int) -> list[str]:
    """The ``count`` months up to ``now``'s, newest first.

    >>> from datetime import timezone
    >>> last_months(datetime(2026, 2, 10, tzinfo=timezone.utc), timezone.utc, 3)
    ['2026-02', '2026-01', '2025-12']
    """
    local = now.astimezone(tz)
    index = local.year * 12 + local.month - 1
    return [f"{(index - k) // 12:04d}-{(index - k) % 12 + 1:02d}" for k in range(count)]


def monthly_rates(facts: Iterable[DeadlineFacts], *, now: datetime, tz: tzinfo, months: list[str]) -> list[MonthRate]:
    """One row per (month, tier, step) of ``months``, in that order, tiers and steps in theirs.

    >>> from datetime import timezone, timedelta
    >>> due = datetime(2026, 11, 3, 12, tzinfo=timezone.utc)
    >>> facts = [DeadlineFacts(CaseTier.SIMPLE, Step.ASSESSMENT, due, due - timedelta(hours=1)),
    ...          DeadlineFacts(CaseTier.SIMPLE, Step.ASSESSMENT, due, None),
    ...          DeadlineFacts(CaseTier.SIMPLE, Step.ASSESSMENT, due + timedelta(days=30), None)]
    >>> [r for r in monthly_rates(facts, now=due + timedelta(days=1), tz=timezone.utc, months=["2026-11"])
    ...  if r.tier is CaseTier.SIMPLE and r.step is Step.ASSESSMENT][0].rate
    Decimal('0.5000')
    """
    counts: dict[tuple[str, CaseTier, Step], list[int]] = {
        (m, tier, step): [0, 0, 0] for m in months for tier in CaseTier for step in Step
    }
    for fact in facts:
        key = (month_of(fact.due_at, tz), fact.tier, fact.step)
        if key not in counts:
            continue
        met = fact.done_at is not None and fact.done_at <= fact.due_at
        if met:
            counts[key][0] += 1
            counts[key][1] += 1
        elif now > fact.due_at:
            counts[key][0] += 1
        else:
            counts[key][2] += 1
    return [MonthRate(m, tier, step, *counts[(m, tier, step)]) for (m, tier, step) in counts]
