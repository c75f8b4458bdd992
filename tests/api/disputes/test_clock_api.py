"""The complaint clock run by the scheduler hook against a real database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api.disputes.clock import Level
from api.disputes.config import DisputeSettings
from api.disputes.models import Complaint, ComplaintEvent
from api.disputes.states import ComplaintAction
from api.disputes.tasks import escalate_overdue_complaints
from tests.api.disputes.helpers import make_desk
from tests.fixtures.harness import Harness

TZ = ZoneInfo("Asia/Shanghai")


def _complaint(harness: Harness, complaint_id: str) -> Complaint:
    with harness.session() as session:
        complaint = session.get(Complaint, uuid.UUID(complaint_id))
        assert complaint is not None
        session.expunge(complaint)
        return complaint


def test_overdue_steps_escalate_by_themselves_once_per_deadline(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    due = datetime.fromisoformat(complaint["step_due_at"])
    with harness.session() as session:
        result = escalate_overdue_complaints(session, now=due - timedelta(seconds=1), tz=TZ)
        assert result.escalated == []
    with harness.session() as session:
        result = escalate_overdue_complaints(session, now=due, tz=TZ)
        assert [str(c.id) for c in result.escalated] == [complaint["id"]]
    with harness.session() as session:  # the same deadline does not escalate twice
        assert escalate_overdue_complaints(session, now=due + timedelta(minutes=5), tz=TZ).escalated == []
    stored = _complaint(harness, complaint["id"])
    assert stored.level is Level.SENIOR_CLAIMS and stored.step_due_at > due
    detail = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
    assert [s["overdue"] for s in detail["steps"]] == [True, False]
    event = [e for e in detail["events"] if e["action"] == "escalated"][-1]  # then the new level's team takes it
    assert event["action"] == "escalated" and event["actor_label"] == "scheduler" and event["actor_id"] is None
    assert "front_line step overdue" in event["reason"] and event["details"]["automatic"] is True


def test_a_long_stop_catches_up_to_mediation(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    later = datetime.now(UTC) + timedelta(days=60)
    with harness.session() as session:
        assert len(escalate_overdue_complaints(session, now=later, tz=TZ).escalated) == 1
    with harness.session() as session:  # mediation is the last step: it stays, overdue
        assert escalate_overdue_complaints(session, now=later, tz=TZ).escalated == []
    detail = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
    assert detail["level"] == "mediation" and datetime.fromisoformat(detail["step_due_at"]) < later
    assert [s["level"] for s in detail["steps"]] == ["front_line", "senior_claims", "customer_service", "mediation"]
    # each step began at the deadline the previous one missed
    assert all(a["due_at"] == b["started_at"] for a, b in zip(detail["steps"], detail["steps"][1:], strict=False))
    assert [s["overdue"] for s in detail["steps"]] == [True, True, True, False]


def test_closed_and_answered_complaints_do_not_escalate(harness: Harness) -> None:
    desk = make_desk(harness)
    answered = desk.file()
    desk.decide(answered["id"], "100.00")
    with harness.session() as session:
        result = escalate_overdue_complaints(session, now=datetime.now(UTC) + timedelta(days=30), tz=TZ)
        assert result.escalated == []


def test_unconfirmed_feedback_gets_one_follow_up_task(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    desk.decide(complaint["id"], "100.00")
    follow_up_due = _complaint(harness, complaint["id"]).follow_up_due_at
    assert follow_up_due is not None
    settings = DisputeSettings()
    with harness.session() as session:
        assert (
            escalate_overdue_complaints(
                session, now=follow_up_due - timedelta(seconds=1), tz=TZ, settings=settings
            ).follow_ups
            == []
        )
    with harness.session() as session:
        result = escalate_overdue_complaints(session, now=follow_up_due, tz=TZ, settings=settings)
        assert [str(c.id) for c in result.follow_ups] == [complaint["id"]]
    with harness.session() as session:
        assert escalate_overdue_complaints(session, now=follow_up_due + timedelta(days=1), tz=TZ).follow_ups == []
        tasks = session.scalars(
            select(ComplaintEvent).where(ComplaintEvent.action == ComplaintAction.FOLLOW_UP_CREATED)
        ).all()
        assert len(tasks) == 1 and tasks[0].actor_label == "scheduler"
