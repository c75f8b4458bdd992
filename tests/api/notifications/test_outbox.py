from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import OutboxMessage
from api.notifications.senders import LogSender, Notification, RecordingSender, WebhookSender
from api.notifications.service import dispatch_pending
from api.notifications.topics import OutboxStatus, Topic
from tests.fixtures.harness import Harness


def test_claim_creation_queues_a_notification_that_is_dispatched_once(harness: Harness) -> None:
    customer, headers = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(headers)
    sender = RecordingSender()
    with harness.session() as session:
        assert dispatch_pending(session, sender=sender, now=utcnow()) == 1
    with harness.session() as session:
        assert dispatch_pending(session, sender=sender, now=utcnow()) == 0
    [sent] = sender.sent
    assert (sent.topic, str(sent.claim_id), sent.recipient_id) == ("claim.submitted", claim["id"], customer.id)
    with harness.session() as session:
        row = session.scalars(select(OutboxMessage)).one()
        assert row.status is OutboxStatus.SENT and row.sent_at is not None and row.attempts == 1


def test_failed_sends_are_retried_with_backoff_then_given_up(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    harness.create_claim(headers)
    failing = RecordingSender(fail=True)
    now = utcnow()
    with harness.session() as session:
        assert dispatch_pending(session, sender=failing, now=now, max_attempts=2) == 0
    with harness.session() as session:
        row = session.scalars(select(OutboxMessage)).one()
        assert row.status is OutboxStatus.PENDING and row.attempts == 1
        assert row.next_attempt_at > now and "RuntimeError" in (row.last_error or "")
    with harness.session() as session:  # not due yet
        assert dispatch_pending(session, sender=failing, now=now, max_attempts=2) == 0
        assert session.scalars(select(OutboxMessage)).one().attempts == 1
    with harness.session() as session:
        dispatch_pending(session, sender=failing, now=now + timedelta(hours=2), max_attempts=2)
    with harness.session() as session:
        assert session.scalars(select(OutboxMessage)).one().status is OutboxStatus.FAILED


def test_rolled_back_change_sends_nothing(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    response = harness.client.post(
        "/claims",
        json={"policy_number": "P", "policy_start": "2030-01-01", "accident_at": utcnow().isoformat()},
        headers=headers,
    )
    assert response.status_code == 422
    assert harness.row_counts()["outbox_messages"] == 0


def _notification() -> Notification:
    import uuid

    return Notification(
        id=uuid.uuid4(),
        topic=Topic.CLAIM_ASSESSED.value,
        claim_id=uuid.uuid4(),
        recipient_id=uuid.uuid4(),
        message="定损已完成，请查收报告",
    )


def test_webhook_sender_posts_json_and_raises_on_error() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(204 if len(seen) == 1 else 500)

    sender = WebhookSender("http://hooks.invalid/notify", client=httpx.Client(transport=httpx.MockTransport(handler)))
    notification = _notification()
    sender.send(notification)
    assert seen[0]["topic"] == "claim.assessed" and seen[0]["claim_id"] == str(notification.claim_id)
    with pytest.raises(httpx.HTTPStatusError):
        sender.send(notification)


def test_log_sender_logs_no_personal_data(capsys: pytest.CaptureFixture[str]) -> None:
    from api.logging import configure_logging

    configure_logging(json=True)
    notification = _notification()
    LogSender().send(notification)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["event"] == "notification.sent"
    assert set(line) <= {"event", "notification_id", "topic", "claim_id", "recipient_id", "level", "timestamp"}
