from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import AuditEvent, Claim, OutboxMessage
from api.notifications.topics import Topic
from api.scheduler import run_once
from api.workflow.service import escalate_overdue
from api.workflow.states import AuditAction
from tests.fixtures.harness import Harness


def _due(claim: dict[str, str], key: str) -> datetime:
    return datetime.fromisoformat(claim[key])


def test_overdue_claims_are_escalated_once_per_deadline(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    simple = harness.create_claim(customer)  # 12 h / 24 h
    complex_ = harness.create_claim(customer, injuries=True)  # 10 working days
    assessment_due = _due(simple, "assessment_due_at")

    with harness.session() as session:
        assert escalate_overdue(session, now=assessment_due - timedelta(seconds=1)) == []
    with harness.session() as session:
        escalated = escalate_overdue(session, now=assessment_due + timedelta(seconds=1))
        assert [str(c.id) for c in escalated] == [simple["id"]]
    with harness.session() as session:  # the same deadline is not escalated twice
        assert escalate_overdue(session, now=assessment_due + timedelta(hours=1)) == []
    with harness.session() as session:  # the payment deadline is a second escalation
        later = _due(simple, "payment_due_at") + timedelta(seconds=1)
        assert [str(c.id) for c in escalate_overdue(session, now=later)] == [simple["id"]]

    with harness.session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.ESCALATED).order_by(AuditEvent.at)
        ).all()
        assert [str(e.claim_id) for e in events] == [simple["id"], simple["id"]]
        assert events[0].actor_id is None and events[0].actor_label == "scheduler"
        # stored as codes (the deadline missed, in parameters), rendered where read
        assert [e.reason_code for e in events] == ["assessment_deadline_missed", "payment_deadline_missed"]
        assert events[0].reason == "" and "assessment_due_at" in events[0].reason_params
        claim = session.get(Claim, events[0].claim_id)
        assert claim is not None and claim.assessment_escalated_at is not None
        topics = session.scalars(select(OutboxMessage.topic).where(OutboxMessage.claim_id == claim.id)).all()
        assert topics.count(Topic.CLAIM_ESCALATED) == 2
        untouched = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == AuditAction.ESCALATED, AuditEvent.claim_id == uuid.UUID(complex_["id"])
            )
        ).all()
        assert untouched == []


def test_assessed_claims_are_not_escalated_for_assessment(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, senior = harness.login(Role.SENIOR_ADJUSTER)
    from tests.api.estimates.helpers import assessed_claim, price

    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    claim = harness.client.get(f"/claims/{claim_id}", headers=customer).json()
    price(harness, claim_id, senior)
    assert harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=senior).status_code == 200
    with harness.session() as session:
        between = _due(claim, "assessment_due_at") + timedelta(minutes=1)
        assert escalate_overdue(session, now=between) == []


def test_escalation_shows_in_the_audit_trail_over_http(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, supervisor = harness.login(Role.SUPERVISOR)
    claim = harness.create_claim(customer)
    result = run_once(harness.state, now=_due(claim, "assessment_due_at") + timedelta(seconds=5))
    assert result.escalated == 1
    audit = harness.client.get(f"/claims/{claim['id']}/audit", headers=supervisor).json()
    assert [e["action"] for e in audit].count("escalated") == 1  # the same tick may also ask for documents
    staff_view = harness.client.get(f"/claims/{claim['id']}", headers=supervisor).json()
    assert staff_view["assessment_escalated_at"] is not None
    timeline = harness.client.get(f"/claims/{claim['id']}/timeline", headers=customer).json()
    assert timeline["steps"][1]["due_at"] is not None


def test_in_process_scheduler_runs_when_enabled(harness_factory: Callable[..., Any]) -> None:
    with harness_factory(scheduler={"enabled": True, "interval_seconds": 0.05}) as h:
        _, customer = h.login(Role.CUSTOMER)
        claim = h.create_claim(customer)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with h.session() as session:
                message = session.scalars(
                    select(OutboxMessage).where(OutboxMessage.claim_id == uuid.UUID(claim["id"]))
                ).first()
                if message is not None and message.sent_at is not None:
                    break
            time.sleep(0.05)
        else:
            raise AssertionError("the scheduler did not dispatch the outbox")
