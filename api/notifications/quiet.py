"""Quiet hours: when a non-urgent message may go out."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


def held_until(now: datetime, *, start: time, end: time, zone: ZoneInfo) -> datetime | None:
    """The end of the quiet hours ``now`` falls in (UTC), or None when ``now`` is outside them.
    ``start``–``end`` are wall-clock times in ``zone``; start after end spans midnight.

    >>> shanghai = ZoneInfo("Asia/Shanghai")
    >>> held_until(datetime(2026, 12, 3, 15, 0, tzinfo=UTC), start=time(22), end=time(7), zone=shanghai)
    datetime.datetime(2026, 12, 3, 23, 0, tzinfo=datetime.timezone.utc)
    """
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        quiet, end_day = start <= clock < end, local.date()
    elif clock >= start:
        quiet, end_day = True, local.date() + timedelta(days=1)
    else:
        quiet, end_day = clock < end, local.date()
    if not quiet:
        return None
    return datetime.combine(end_day, end, tzinfo=zone).astimezone(UTC)
