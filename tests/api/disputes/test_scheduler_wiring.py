"""The in-process scheduler's tick escalates overdue complaint steps, not only claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.scheduler import run_once
from tests.api.disputes.helpers import make_desk
from tests.fixtures.harness import Harness


def test_a_tick_long_after_the_deadline_moves_the_complaint_up(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    before = complaint["level"]

    result = run_once(harness.state, now=datetime.now(UTC) + timedelta(days=30))

    after = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
    assert result.complaints_escalated == 1
    assert after["level"] != before


def test_a_tick_before_the_deadline_leaves_it_alone(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()

    result = run_once(harness.state, now=datetime.now(UTC))

    assert result.complaints_escalated == 0
    assert (
        harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()["level"] == complaint["level"]
    )
