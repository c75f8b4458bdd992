"""The complaint clock on China's official calendar: one test per edge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.disputes.clock import LADDER, Level, feedback_due, follow_up_due, overdue_escalations, step_due

TZ = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=TZ)


@pytest.mark.parametrize(
    ("started", "due", "why"),
    [
        (local(2026, 11, 18, 10), local(2026, 11, 21), "Wednesday: Thursday and Friday"),
        (local(2026, 11, 20, 10), local(2026, 11, 25), "Friday: the weekend does not count"),
        (local(2026, 11, 21, 10), local(2026, 11, 25), "Saturday: Monday and Tuesday"),
        (local(2026, 10, 9, 10), local(2026, 10, 13), "调休: Saturday 10 October 2026 is a working day"),
        (local(2026, 9, 19, 10), local(2026, 9, 22), "调休: Sunday 20 September 2026 is a working day"),
        (local(2026, 9, 30, 10), local(2026, 10, 10), "National Day: 1–7 October off, then 8 and 9"),
        (local(2026, 2, 13, 10), local(2026, 2, 25), "Spring Festival: Saturday 14 Feb works, 15–23 off"),
        (local(2025, 12, 31, 10), local(2026, 1, 6), "New Year: 1–3 Jan off, Sunday 4 Jan works"),
    ],
)
def test_each_step_is_due_within_two_working_days(started: datetime, due: datetime, why: str) -> None:
    assert step_due(started, TZ) == due, why


def test_the_local_date_decides_not_the_utc_date() -> None:
    # 16:30 UTC on Friday is 00:30 on Saturday in Shanghai
    assert step_due(datetime(2026, 11, 20, 16, 30, tzinfo=UTC), TZ) == local(2026, 11, 25)
    assert step_due(datetime(2026, 11, 20, 15, 59, tzinfo=UTC), TZ) == local(2026, 11, 25)
    assert step_due(datetime(2026, 11, 19, 15, 59, tzinfo=UTC), TZ) == local(2026, 11, 24)


def test_feedback_is_due_24_clock_hours_later_even_over_a_holiday() -> None:
    received = local(2026, 9, 30, 18)
    assert feedback_due(received) == received + timedelta(hours=24)
    with pytest.raises(ValueError):
        feedback_due(datetime(2026, 9, 30, 18))


def test_follow_up_after_unconfirmed_feedback_counts_working_days() -> None:
    assert follow_up_due(local(2026, 11, 20, 15), TZ) == local(2026, 11, 25)


def test_ladder_order_and_names() -> None:
    assert [level.next for level in LADDER] == [Level.SENIOR_CLAIMS, Level.CUSTOMER_SERVICE, Level.MEDIATION, None]
    assert Level.MEDIATION.zh == "第三方调解/最终方案"


def test_nothing_escalates_before_the_deadline() -> None:
    due = local(2026, 11, 25)
    assert overdue_escalations(level=Level.FRONT_LINE, due_at=due, now=due - timedelta(seconds=1), tz=TZ) == ()


def test_an_overdue_step_escalates_at_its_deadline() -> None:
    due = local(2026, 11, 25)
    (step,) = overdue_escalations(level=Level.FRONT_LINE, due_at=due, now=due, tz=TZ)
    assert (step.from_level, step.to_level, step.at) == (Level.FRONT_LINE, Level.SENIOR_CLAIMS, due)
    assert step.due_at == local(2026, 11, 28)  # Wednesday 25th: Thursday and Friday


def test_a_stopped_scheduler_catches_up_one_step_per_missed_deadline_and_stops_at_mediation() -> None:
    steps = overdue_escalations(level=Level.FRONT_LINE, due_at=local(2026, 9, 30), now=local(2026, 12, 31), tz=TZ)
    assert [s.to_level for s in steps] == [Level.SENIOR_CLAIMS, Level.CUSTOMER_SERVICE, Level.MEDIATION]
    # each new step starts at the deadline the previous one missed
    assert [s.at for s in steps] == [local(2026, 9, 30), local(2026, 10, 10), local(2026, 10, 14)]
    assert overdue_escalations(level=Level.MEDIATION, due_at=local(2026, 1, 1), now=local(2026, 12, 1), tz=TZ) == ()
