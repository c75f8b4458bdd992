from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.disputes.classify import Cause
from api.disputes.clock import Level
from api.disputes.report import ComplaintFacts, StepFacts, parse_week, weekly_report

TZ = ZoneInfo("Asia/Shanghai")
WEEK = "2026-W48"  # Monday 23 – Sunday 29 November 2026
ALICE, BOB = uuid.uuid4(), uuid.uuid4()
AFTER = datetime(2026, 12, 1, tzinfo=TZ)  # the week is over: every deadline in it has passed


def at(day: int, hour: int = 10, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=TZ)


def facts(customer: uuid.UUID, cause: Cause | None, received: datetime, *, feedback: datetime | None,
          steps: tuple[StepFacts, ...] = ()) -> ComplaintFacts:  # fmt: skip
    return ComplaintFacts(uuid.uuid4(), customer, cause, received, received + timedelta(hours=24), feedback, steps)


def sample() -> list[ComplaintFacts]:
    return [
        # Alice: one in October, two this week → repeat complainant
        facts(ALICE, Cause.AMOUNT, at(10, month=10), feedback=at(10, 12, month=10)),
        facts(ALICE, Cause.AMOUNT, at(23), feedback=at(23, 20)),  # feedback on time
        facts(
            ALICE,
            Cause.TIMELINESS,
            at(24),
            feedback=at(25, 11),  # 1 hour late
            steps=(StepFacts(Level.FRONT_LINE, at(24), at(27, 0), None),),  # open past its deadline
        ),
        facts(
            BOB,
            None,
            at(26),
            feedback=at(26, 11),
            steps=(
                StepFacts(Level.FRONT_LINE, at(19), at(21, 0), at(21, 0)),  # due last week: not counted
                StepFacts(Level.SENIOR_CLAIMS, at(21, 0), at(25, 0), at(24, 9)),  # met
            ),
        ),
        facts(BOB, Cause.PROCESS, at(30), feedback=None),  # next week
    ]


def test_weekly_report_counts() -> None:
    report = weekly_report(sample(), week=WEEK, tz=TZ, now=AFTER)
    assert report.complaints == 3
    assert report.by_cause == {"timeliness": 1, "amount": 1, "communication": 0, "process": 0, "unclassified": 1}
    assert report.repeat_complainants == ((ALICE, 3),)
    # due this week: 3 feedback deadlines (23, 24→25, 26) + the open front-line step + the senior step
    assert (report.deadlines_due, report.deadlines_met) == (5, 3)
    assert report.overdue_by_team == {
        "feedback": 1,
        "front_line": 1,
        "senior_claims": 0,
        "customer_service": 0,
        "mediation": 0,
    }
    assert str(report.achievement_rate) == "0.6000"


def test_weekly_report_as_json_and_csv() -> None:
    report = weekly_report(sample(), week=WEEK, tz=TZ, now=AFTER)
    data = report.to_json()
    assert data["achievement_rate"] == "0.6000"
    assert data["repeat_complainants"] == [{"customer_id": str(ALICE), "complaints": 3, "high_risk": True}]
    assert data["start"] == "2026-11-23T00:00:00+08:00"
    rows = list(csv.reader(io.StringIO(report.to_csv())))
    assert rows[0] == ["section", "key", "value"]
    assert ["by_cause", "amount", "1"] in rows
    assert ["repeat_complainant_high_risk", str(ALICE), "3"] in rows
    assert ["overdue_by_team", "front_line", "1"] in rows
    assert ["deadlines", "achievement_rate", "0.6000"] in rows


def test_an_empty_week_has_no_rate() -> None:
    report = weekly_report([], week="2026-W01", tz=TZ, now=AFTER)
    assert report.achievement_rate is None and report.to_json()["achievement_rate"] is None


@pytest.mark.parametrize("bad", ["2026-48", "2026-W54", "2025-W53", "W48", "2026-w48"])
def test_malformed_weeks_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_week(bad)


def test_a_deadline_not_yet_passed_is_neither_met_nor_missed() -> None:
    """Frozen at one minute after filing: the feedback deadline (24 h) and the step (2 working
    days) lie ahead, so nothing is due yet — not 0 %."""
    received = at(24, 10)
    step = StepFacts(Level.FRONT_LINE, received, at(26, 10), None)
    complaint = facts(ALICE, Cause.AMOUNT, received, feedback=None, steps=(step,))
    report = weekly_report([complaint], week=WEEK, tz=TZ, now=received + timedelta(minutes=1))
    assert (report.deadlines_due, report.deadlines_met) == (0, 0)
    assert report.achievement_rate is None
    assert report.deadlines_pending == 2 and report.to_json()["deadlines_pending"] == 2
    assert sum(report.overdue_by_team.values()) == 0


def test_a_deadline_counts_once_it_passes_or_is_met() -> None:
    received = at(24, 10)
    step = StepFacts(Level.FRONT_LINE, received, at(26, 10), None)
    complaint = facts(ALICE, Cause.AMOUNT, received, feedback=at(24, 11), steps=(step,))
    # the day after: feedback given on time counts as met; the step is still ahead
    early = weekly_report([complaint], week=WEEK, tz=TZ, now=at(25, 10))
    assert (early.deadlines_due, early.deadlines_met, early.deadlines_pending) == (1, 1, 1)
    assert str(early.achievement_rate) == "1.0000"
    # a minute past the step's deadline with the step still open: missed
    late = weekly_report([complaint], week=WEEK, tz=TZ, now=at(26, 10) + timedelta(minutes=1))
    assert (late.deadlines_due, late.deadlines_met, late.deadlines_pending) == (2, 1, 0)
    assert late.overdue_by_team["front_line"] == 1
