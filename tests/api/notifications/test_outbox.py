from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.engine import make_engine, make_session_factory
from api.db.models import OutboxMessage
from api.notifications import repository as outbox
from api.notifications.senders import LogSender, Notification, NotificationSender, RecordingSender, WebhookSender
from api.notifications.service import dispatch_pending
from api.notifications.topics import OutboxStatus, Topic
from tests.fixtures.harness import Harness


def _dispatch(harness: Harness, sender: NotificationSender, **kwargs: Any) -> int:
    kwargs.setdefault("now", utcnow())
    return dispatch_pending(harness.state.session_factory, sender=sender, **kwargs)


def _message(harness: Harness) -> OutboxMessage:
    with harness.session() as session:
        return session.scalars(select(OutboxMessage)).one()


def test_claim_creation_queues_a_notification_that_is_dispatched_once(harness: Harness) -> None:
    customer, headers = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(headers)
    sender = RecordingSender()
    assert _dispatch(harness, sender) == 1
    assert _dispatch(harness, sender) == 0
    [sent] = sender.sent
    assert (sent.topic, str(sent.claim_id), sent.recipient_id) == ("claim.submitted", claim["id"], customer.id)
    row = _message(harness)
    assert row.status is OutboxStatus.SENT and row.sent_at is not None and row.attempts == 1
    assert row.lease_id is None and row.lease_expires_at is None


def test_failed_sends_are_retried_with_backoff_then_given_up(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    harness.create_claim(headers)
    failing = RecordingSender(fail=True)
    now = utcnow()
    assert _dispatch(harness, failing, now=now, max_attempts=2) == 0
    row = _message(harness)
    assert row.status is OutboxStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at > now and "RuntimeError" in (row.last_error or "")
    assert _dispatch(harness, failing, now=now, max_attempts=2) == 0  # not due yet
    assert _message(harness).attempts == 1
    _dispatch(harness, failing, now=now + timedelta(hours=2), max_attempts=2)
    assert _message(harness).status is OutboxStatus.FAILED


class _Probe:
    """A sender that, while it sends, checks from another connection that nothing holds a lock."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.sent: list[Notification] = []
        self.writable: list[bool] = []
        self.seen_status: list[OutboxStatus] = []

    def send(self, notification: Notification) -> None:
        self.writable.append(_row_writable_now(self.db_url, notification.id))
        engine = make_engine(self.db_url)
        try:
            with engine.connect() as connection:
                status = connection.scalar(select(OutboxMessage.status).where(OutboxMessage.id == notification.id))
                self.seen_status.append(OutboxStatus(str(status)))
        finally:
            engine.dispose()
        self.sent.append(notification)


def _row_writable_now(db_url: str, message_id: uuid.UUID) -> bool:
    """Whether another connection can take the write lock on this outbox row without waiting."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        raw = sqlite3.connect(url.database, timeout=0)
        try:
            raw.execute("BEGIN IMMEDIATE")
            raw.rollback()
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            raw.close()
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '100ms'"))
            connection.execute(
                text("SELECT id FROM outbox_messages WHERE id = :id FOR UPDATE NOWAIT"), {"id": message_id}
            )
        return True
    except OperationalError:
        return False
    finally:
        engine.dispose()


def test_notifications_are_sent_with_no_lock_held_and_the_row_marked_sending(harness: Harness, db_url: str) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    harness.create_claim(headers)
    harness.create_claim(headers)
    probe = _Probe(db_url)
    assert _dispatch(harness, probe) == 2
    assert probe.writable == [True, True]
    assert probe.seen_status == [OutboxStatus.SENDING, OutboxStatus.SENDING]


def test_two_workers_send_each_notification_once(harness: Harness, db_url: str) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    for _ in range(8):
        harness.create_claim(headers)
    other = make_engine(db_url)
    factories = [harness.state.session_factory, make_session_factory(other)]
    senders = [_SlowSender(), _SlowSender()]
    barrier = threading.Barrier(2)

    def work(index: int) -> None:
        barrier.wait(timeout=10)
        for _ in range(3):
            dispatch_pending(factories[index], sender=senders[index], now=utcnow(), batch_size=3)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other.dispose()
    sent = [n.id for sender in senders for n in sender.sent]
    assert len(sent) == len(set(sent)) == 8
    with harness.session() as session:
        assert set(session.scalars(select(OutboxMessage.status))) == {OutboxStatus.SENT}


class _SlowSender(RecordingSender):
    def send(self, notification: Notification) -> None:
        time.sleep(0.02)
        super().send(notification)


def test_a_lease_left_by_a_killed_worker_is_picked_up_once_it_expires(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    harness.create_claim(headers)
    now = utcnow()
    with harness.session() as session:  # a worker claims the message, then dies before sending
        [claimed] = outbox.claim_due(session, now=now, lease_id=uuid.uuid4(), lease_seconds=60, limit=10)
    sender = RecordingSender()
    assert _dispatch(harness, sender, now=now + timedelta(seconds=30), lease_seconds=60) == 0
    assert _dispatch(harness, sender, now=now + timedelta(seconds=61), lease_seconds=60) == 1
    assert [n.id for n in sender.sent] == [claimed.id]
    row = _message(harness)
    assert row.status is OutboxStatus.SENT and row.attempts == 2


def test_a_worker_out_of_lease_time_stops_and_hands_the_rest_back(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    harness.create_claim(headers)
    harness.create_claim(headers)
    ticks = iter([0.0, 0.0, 1000.0, 1000.0, 1000.0])
    sender = RecordingSender()
    sent = dispatch_pending(
        harness.state.session_factory, sender=sender, now=utcnow(), lease_seconds=60, clock=lambda: next(ticks)
    )
    assert sent == 1 and len(sender.sent) == 1
    with harness.session() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at)).all()
        assert [r.status for r in rows] == [OutboxStatus.SENT, OutboxStatus.PENDING]
        assert rows[1].attempts == 0 and rows[1].lease_id is None


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
