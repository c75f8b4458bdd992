"""The weekly complaint review (DOMAIN.md §4.6): complaints by cause, repeat complainants
(flagged high-risk for priority follow-up), overdue by team and the deadline achievement rate,
as JSON-ready data and as CSV. Pure: the service loads the facts, this module counts.

A deadline counts in the week it falls due, once it is decided: met when its step ended (or
feedback was given) no later than the deadline, missed when the deadline has passed (``now``)
without that — including one still open. A deadline still ahead and not yet met is pending: it
is neither met nor missed, so a report read one minute after filing does not count tomorrow's
deadline as missed.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from api.disputes.classify import Cause
from api.disputes.clock import LADDER, Level
from api.surveys.report import Satisfaction

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
# Reports cover weeks of these years: the report's look-back window and the following Monday must
# stay inside the dates Python holds (years 1-9999).
FIRST_YEAR, LAST_YEAR = 1900, 9998
UNCLASSIFIED = "unclassified"
FEEDBACK = "feedback"


def parse_week(text: str) -> tuple[int, int]:
    """``2026-W48`` → (2026, 48); ValueError when malformed or not a real ISO week.

    >>> parse_week("2026-W48")
    (2026, 48)
    """
    match = _WEEK.match(text)
    if match is None:
        raise ValueError("week must look like 2026-W48")
    year, week = int(match.group(1)), int(match.group(2))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"reports cover {FIRST_YEAR} to {LAST_YEAR}")
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{text} is not an ISO week") from None
    return year, week


def week_bounds(year: int, week: int, tz: tzinfo) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, local time."""
    monday = date.fromisocalendar(year, week, 1)
    start = datetime.combine(monday, time(0), tzinfo=tz)
    return start, datetime.combine(monday + timedelta(days=7), time(0), tzinfo=tz)


@dataclass(frozen=True, slots=True)
class StepFacts:
    level: Level
    started_at: datetime
    due_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class ComplaintFacts:
    complaint_id: uuid.UUID
    customer_id: uuid.UUID
    cause: Cause | None
    received_at: datetime
    feedback_due_at: datetime
    feedback_at: datetime | None
    steps: tuple[StepFacts, ...]


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    week: str
    start: datetime
    end: datetime
    complaints: int
    by_cause: dict[str, int]
    repeat_complainants: tuple[tuple[uuid.UUID, int], ...]
    overdue_by_team: dict[str, int]
    deadlines_due: int
    deadlines_met: int
    deadlines_pending: int = 0
    # Revisit surveys sent in the week: response rate and mean overall score (api.surveys).
    satisfaction: Satisfaction | None = None

    @property
    def achievement_rate(self) -> Decimal | None:
        if not self.deadlines_due:
            return None
        return (Decimal(self.deadlines_met) / Decimal(self.deadlines_due)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )

    def to_json(self) -> dict[str, Any]:
        rate = self.achievement_rate
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "complaints": self.complaints,
            "by_cause": self.by_cause,
            "repeat_complainants": [
                {"customer_id": str(cid), "complaints": n, "high_risk": True} for cid, n in self.repeat_complainants
            ],
            "overdue_by_team": self.overdue_by_team,
            "deadlines_due": self.deadlines_due,
            "deadlines_met": self.deadlines_met,
            "deadlines_pending": self.deadlines_pending,
            "achievement_rate": str(rate) if rate is not None else None,
            "satisfaction": self.satisfaction.to_json() if self.satisfaction is not None else None,
        }

    def to_csv(self) -> str:
        """One ``section,key,value`` row per figure."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["section", "key", "value"])
        writer.writerow(["week", self.week, f"{self.start.isoformat()}/{self.end.isoformat()}"])
        writer.writerow(["total", "complaints", self.complaints])
        for cause, n in self.by_cause.items():
            writer.writerow(["by_cause", cause, n])
        for cid, n in self.repeat_complainants:
            writer.writerow(["repeat_complainant_high_risk", str(cid), n])
        for team, n in self.overdue_by_team.items():
            writer.writerow(["overdue_by_team", team, n])
        writer.writerow(["deadlines", "due", self.deadlines_due])
        writer.writerow(["deadlines", "met", self.deadlines_met])
        writer.writerow(["deadlines", "pending", self.deadlines_pending])
        rate = self.achievement_rate
        writer.writerow(["deadlines", "achievement_rate", "" if rate is None else str(rate)])
        if self.satisfaction is not None:
            writer.writerows(self.satisfaction.csv_rows())
        return out.getvalue()


def weekly_report(
    facts: Sequence[ComplaintFacts],
    *,
    week: str,
    tz: tzinfo,
    now: datetime,
    repeat_window_days: int = 90,
    repeat_complaints: int = 2,
) -> WeeklyReport:
    """Build the report for ``week`` from every complaint that may matter to it (those received
    in the week or the repeat window before it, and those with a deadline in the week), as it
    stands at ``now``."""
    start, end = week_bounds(*parse_week(week), tz)
    in_week = [f for f in facts if start <= f.received_at < end]
    by_cause = {c.value: 0 for c in Cause} | {UNCLASSIFIED: 0}
    for f in in_week:
        by_cause[f.cause.value if f.cause else UNCLASSIFIED] += 1
    window_start = end - timedelta(days=repeat_window_days)
    counts = Counter(f.customer_id for f in facts if window_start <= f.received_at < end)
    complainants_this_week = {f.customer_id for f in in_week}
    repeat = tuple(
        sorted(
            ((cid, n) for cid, n in counts.items() if n >= repeat_complaints and cid in complainants_this_week),
            key=lambda item: (-item[1], str(item[0])),
        )
    )
    overdue = {FEEDBACK: 0} | {level.value: 0 for level in LADDER}
    due = met = pending = 0
    for f in facts:
        deadlines = [(FEEDBACK, f.feedback_due_at, f.feedback_at)]
        deadlines += [(s.level.value, s.due_at, s.ended_at) for s in f.steps]
        for team, due_at, done_at in deadlines:
            if not start <= due_at < end:
                continue
            on_time = done_at is not None and done_at <= due_at
            if not on_time and due_at > now:
                pending += 1
                continue
            due += 1
            if on_time:
                met += 1
            else:
                overdue[team] += 1
    return WeeklyReport(week, start, end, len(in_week), by_cause, repeat, overdue, due, met, pending)
