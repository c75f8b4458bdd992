"""The complaint clock (DOMAIN.md §4): feedback within 24 hours; an unresolved complaint climbs
front line → senior claims team → customer-service department → third-party mediation / final
offer, each step due within 2 working days on China's official calendar (weekends and public
holidays off, 调休 adjusted working days on). Pure functions; the scheduler applies them.

>>> from datetime import datetime, UTC
>>> from zoneinfo import ZoneInfo
>>> step_due(datetime(2026, 9, 30, 2, tzinfo=UTC), ZoneInfo("Asia/Shanghai")).date()  # Golden Week
datetime.date(2026, 10, 10)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Final

from api.workflow.calendar import working_deadline

FEEDBACK_HOURS: Final = 24
STEP_WORKING_DAYS: Final = 2


class Level(StrEnum):
    """Who holds the complaint: the escalation ladder, in order."""

    FRONT_LINE = "front_line"
    SENIOR_CLAIMS = "senior_claims"
    CUSTOMER_SERVICE = "customer_service"
    MEDIATION = "mediation"  # third-party mediation / final offer: the last step

    @property
    def zh(self) -> str:
        return LEVEL_ZH[self]

    @property
    def rank(self) -> int:
        return LADDER.index(self)

    @property
    def next(self) -> Level | None:
        return LADDER[self.rank + 1] if self.rank + 1 < len(LADDER) else None


LADDER: Final = (Level.FRONT_LINE, Level.SENIOR_CLAIMS, Level.CUSTOMER_SERVICE, Level.MEDIATION)
LEVEL_ZH: Final = {
    Level.FRONT_LINE: "一线客服",
    Level.SENIOR_CLAIMS: "高级理赔组",
    Level.CUSTOMER_SERVICE: "客户服务部",
    Level.MEDIATION: "第三方调解/最终方案",
}


def feedback_due(received_at: datetime, hours: int = FEEDBACK_HOURS) -> datetime:
    """Feedback is due ``hours`` clock hours after the complaint was received."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    return received_at + timedelta(hours=hours)


def step_due(started_at: datetime, tz: tzinfo, days: int = STEP_WORKING_DAYS) -> datetime:
    """A step started at ``started_at`` is due at the end of the ``days``-th working day after
    its local date."""
    return working_deadline(started_at, days, tz)


@dataclass(frozen=True, slots=True)
class Escalation:
    """One automatic move up the ladder: when it happened (the missed deadline) and the new
    step's deadline."""

    from_level: Level
    to_level: Level
    at: datetime
    due_at: datetime


def overdue_escalations(
    *, level: Level, due_at: datetime, now: datetime, tz: tzinfo, days: int = STEP_WORKING_DAYS
) -> tuple[Escalation, ...]:
    """The escalations owed at ``now`` for a step at ``level`` due at ``due_at``. Each missed
    deadline escalates once, at that deadline, so a scheduler that was stopped catches up
    exactly; the last level (mediation) has nowhere to go and just stays overdue."""
    out: list[Escalation] = []
    while due_at <= now and level.next is not None:
        nxt = level.next
        new_due = step_due(due_at, tz, days)
        out.append(Escalation(level, nxt, due_at, new_due))
        level, due_at = nxt, new_due
    return tuple(out)


def follow_up_due(feedback_at: datetime, tz: tzinfo, days: int = STEP_WORKING_DAYS) -> datetime:
    """When an unconfirmed feedback needs a follow-up call."""
    return working_deadline(feedback_at, days, tz)
