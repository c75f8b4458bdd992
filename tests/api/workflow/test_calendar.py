from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from api.workflow.calendar import (
    add_working_days,
    covers,
    is_working_day,
    working_days_between,
    working_deadline,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 11, 21), True),  # ordinary Friday
        (date(2025, 11, 22), False),  # ordinary Saturday
        (date(2025, 11, 23), False),  # ordinary Sunday
        (date(2025, 9, 28), True),  # Sunday made a working day (调休) before Golden Week
        (date(2025, 10, 11), True),  # Saturday made a working day (调休) after Golden Week
        (date(2025, 10, 1), False),  # National Day
        (date(2025, 10, 8), False),  # Golden Week 2025 runs to 8 Oct (with Mid-Autumn)
        (date(2026, 10, 10), True),  # 调休 Saturday, 2026
        (date(2026, 2, 14), True),  # 调休 Saturday before Spring Festival 2026
        (date(2026, 2, 17), False),  # Spring Festival 2026
    ],
)
def test_is_working_day_follows_the_official_calendar(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 11, 20), 0, date(2025, 11, 20)),
        (date(2025, 11, 20), 1, date(2025, 11, 21)),  # Thu -> Fri
        (date(2025, 11, 21), 1, date(2025, 11, 24)),  # Fri -> Mon over the weekend
        (date(2025, 11, 21), 3, date(2025, 11, 26)),
        (date(2025, 11, 22), 1, date(2025, 11, 24)),  # from a Saturday
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # Fri -> the 调休 Sunday
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # over Golden Week
        (date(2025, 9, 30), 3, date(2025, 10, 11)),  # ... landing on the 调休 Saturday
        (date(2025, 9, 30), 7, date(2025, 10, 16)),
        (date(2025, 9, 30), 10, date(2025, 10, 21)),
        (date(2026, 10, 1), 3, date(2026, 10, 10)),  # inside Golden Week 2026
        (date(2026, 10, 9), 1, date(2026, 10, 10)),  # Fri -> 调休 Saturday
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2025, 1, 1), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 11, 21), date(2025, 11, 21), 0),
        (date(2025, 11, 21), date(2025, 11, 24), 1),
        (date(2025, 9, 30), date(2025, 10, 9), 1),
        (date(2025, 9, 30), date(2025, 10, 11), 3),
        (date(2025, 10, 9), date(2025, 9, 30), 0),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_working_days_between_inverts_add_working_days() -> None:
    start = date(2025, 9, 20)
    for days in range(0, 25):
        assert working_days_between(start, add_working_days(start, days)) == days


def test_deadline_is_end_of_the_last_working_day_in_local_time() -> None:
    # 30 Sep 2025 23:30 in Shanghai is 15:30 UTC; 3 working days later is Sat 11 Oct (调休).
    start = datetime(2025, 9, 30, 15, 30, tzinfo=ZoneInfo("UTC"))
    assert working_deadline(start, 3, SHANGHAI) == datetime(2025, 10, 12, 0, 0, tzinfo=SHANGHAI)
    # 1 Oct 00:30 Shanghai is still 30 Sep in UTC: the local date is what counts.
    late = datetime(2025, 9, 30, 16, 30, tzinfo=ZoneInfo("UTC"))
    assert working_deadline(late, 1, SHANGHAI) == datetime(2025, 10, 10, 0, 0, tzinfo=SHANGHAI)


def test_deadline_needs_an_aware_start() -> None:
    with pytest.raises(ValueError):
        working_deadline(datetime(2025, 1, 1), 1, SHANGHAI)


def test_years_without_official_data_fall_back_to_weekdays() -> None:
    far = date(2099, 6, 1)  # a Monday
    assert not covers(far)
    assert is_working_day(far) and not is_working_day(date(2099, 6, 6))
    assert add_working_days(date(2099, 6, 5), 1) == date(2099, 6, 8)
