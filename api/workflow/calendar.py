"""Working-day arithmetic on China's official calendar (pure; no I/O).

Working days follow the State Council's schedule as published in the ``chinese-calendar``
package: weekends are off, public holidays (e.g. Golden Week) are off, and adjusted working
days (调休, usually a Saturday or Sunday next to a holiday) are working days. For a year the
package does not cover yet, Monday–Friday is used, so a deadline can always be computed.

>>> from datetime import date
>>> add_working_days(date(2025, 9, 30), 1)  # Golden Week: 1–8 Oct 2025 off
datetime.date(2025, 10, 9)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

import chinese_calendar


def covers(day: date) -> bool:
    """Whether the official calendar for ``day``'s year is known."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: how many working days have elapsed since ``start``."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def working_deadline(start: datetime, days: int, tz: tzinfo) -> datetime:
    """Deadline of "within ``days`` working days" of the instant ``start``: the end of the
    ``days``-th working day after ``start``'s local date, as an aware datetime in ``tz``.

    The end of a day is midnight at the start of the next calendar day.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    local_day = start.astimezone(tz).date()
    last_day = add_working_days(local_day, days)
    return datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=tz)
