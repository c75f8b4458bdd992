"""The channel senders: e-mail received by a local SMTP server (aiosmtpd) that the test starts,
retries through the outbox after an SMTP failure, and no personal data in the logs."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import structlog
import structlog.testing
from aiosmtpd.controller import Controller
from sqlalchemy import select

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import OutboxMessage, User
from api.notifications import Topic, notify_user
from api.notifications.channels import (
    ChannelRouter,
    DeliveryFailed,
    MaskedLogSender,
    SmtpSender,
    mask_email,
    mask_phone,
)
from api.notifications.senders import Notification, RecordingSender
from api.notifications.service import dispatch_pending
from api.notifications.topics import Channel, OutboxStatus
from tests.fixtures.harness import Harness

PHONE = "13812345678"


class Mailbox:
    """An aiosmtpd handler that keeps every message; it refuses recipients while ``refuse``."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = False

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalSmtp:
    def __init__(self) -> None:
        self.port = _free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def sender(self) -> SmtpSender:
        return SmtpSender(host="127.0.0.1", port=self.port, from_address="noreply@claimsight.test", timeout=5)


@pytest.fixture
def smtp() -> Iterator[LocalSmtp]:
    server = LocalSmtp()
    yield server
    server.stop()


def _code(address: str | None) -> Notification:
    return Notification(
        id=uuid.uuid4(),
        topic=Topic.ONE_TIME_CODE.value,
        claim_id=None,
        recipient_id=uuid.uuid4(),
        message="您的验证码是 482913，10 分钟内有效。请勿告诉他人。",
        subject="验证码",
        channel="email",
        address=address,
    )


def test_an_email_reaches_the_smtp_server_with_its_chinese_subject(smtp: LocalSmtp) -> None:
    smtp.start()
    notification = _code("zhang.wei@example.test")
    smtp.sender().send(notification)
    [received] = smtp.mailbox.messages
    assert received["Subject"] == "验证码"  # decoded from its RFC 2047 encoded-word
    assert "=?utf-8?" in received.as_string().split("\n\n", 1)[0]  # it travelled encoded
    assert received["To"] == "zhang.wei@example.test"
    assert received["Message-ID"] == f"<{notification.id}@claimsight>"
    assert "482913" in received.get_content()


def test_smtp_failures_raise_without_the_address(smtp: LocalSmtp) -> None:
    with pytest.raises(DeliveryFailed) as refused_connection:
        smtp.sender().send(_code("zhang.wei@example.test"))  # nothing listens yet
    smtp.start()
    smtp.mailbox.refuse = True
    with pytest.raises(DeliveryFailed) as refused_recipient:
        smtp.sender().send(_code("zhang.wei@example.test"))
    with pytest.raises(DeliveryFailed):
        smtp.sender().send(_code(None))
    for failure in (refused_connection.value, refused_recipient.value):
        assert "zhang" not in str(failure) and failure.__cause__ is None and failure.__suppress_context__
    assert str(refused_recipient.value) == "smtp: recipient refused"


def _customer_with(harness: Harness, **preferences: Any) -> tuple[User, dict[str, str]]:
    user, headers = harness.login(Role.CUSTOMER)
    saved = harness.client.put("/me/notification-preferences", json=preferences, headers=headers)
    assert saved.status_code == 200, saved.text
    return user, headers


def _channel_rows(harness: Harness, user: User) -> list[OutboxMessage]:
    with harness.session() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.recipient_id == user.id, OutboxMessage.channel.is_not(None))
        return list(session.scalars(stmt.order_by(OutboxMessage.channel)))


def test_an_email_is_retried_through_the_outbox_after_an_smtp_failure(harness: Harness, smtp: LocalSmtp) -> None:
    user, _ = _customer_with(harness, channels=["email"])
    now = utcnow()
    with harness.session() as session:
        params = {"code": "482913", "minutes": "10"}
        notify_user(session, user_id=user.id, topic=Topic.ONE_TIME_CODE, params=params, now=now)
    router = ChannelRouter(feed=RecordingSender(), channels={Channel.EMAIL: smtp.sender()})
    factory = harness.state.session_factory

    assert dispatch_pending(factory, sender=router, now=now, max_attempts=3) == 0  # the server is down
    [row] = _channel_rows(harness, user)
    assert (row.status, row.attempts, row.next_attempt_at) == (OutboxStatus.PENDING, 1, now + timedelta(seconds=30))
    assert row.last_error == "DeliveryFailed: smtp: ConnectionRefusedError"
    assert user.email not in (row.last_error or "")

    smtp.start()
    assert dispatch_pending(factory, sender=router, now=now + timedelta(seconds=10), max_attempts=3) == 0  # backing off
    assert dispatch_pending(factory, sender=router, now=now + timedelta(seconds=30), max_attempts=3) == 1
    [row] = _channel_rows(harness, user)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 2, None)
    [received] = smtp.mailbox.messages
    assert (received["Subject"], received["To"]) == ("验证码", user.email)


def test_a_refused_recipient_is_given_up_after_the_last_attempt(harness: Harness, smtp: LocalSmtp) -> None:
    user, _ = _customer_with(harness, channels=["email", "in_app"])
    smtp.start()
    smtp.mailbox.refuse = True
    with harness.session() as session:
        notify_user(session, user_id=user.id, topic=Topic.COMPLAINT_ANSWERED)
    router = ChannelRouter(feed=RecordingSender(), channels={Channel.EMAIL: smtp.sender()})
    now = utcnow()
    for minutes in (0, 1, 5):
        dispatch_pending(
            harness.state.session_factory, sender=router, now=now + timedelta(minutes=minutes), max_attempts=2
        )
    [row] = _channel_rows(harness, user)
    assert (row.status, row.attempts, row.last_error) == (
        OutboxStatus.FAILED,
        2,
        "DeliveryFailed: smtp: recipient refused",
    )


def test_no_phone_number_or_email_address_in_the_logs(harness: Harness, smtp: LocalSmtp) -> None:
    user, headers = _customer_with(harness, channels=["sms", "email", "in_app"], phone=PHONE)
    with structlog.testing.capture_logs() as entries:
        claim = harness.create_claim(headers)
        with harness.session() as session:
            params = {"code": "482913", "minutes": "10"}
            notify_user(session, user_id=user.id, topic=Topic.ONE_TIME_CODE, params=params)
        sms = MaskedLogSender(Channel.SMS)
        router = ChannelRouter(feed=RecordingSender(), channels={Channel.EMAIL: smtp.sender(), Channel.SMS: sms})
        now = utcnow()
        assert dispatch_pending(harness.state.session_factory, sender=router, now=now) == 3  # feed + 2 SMS
        smtp.start()
        assert dispatch_pending(harness.state.session_factory, sender=router, now=now + timedelta(minutes=1)) == 2
    logs = json.dumps(entries, default=str, ensure_ascii=False)
    events = {entry["event"] for entry in entries}
    assert {"notification.queued", "notification.logged", "notification.emailed", "notification.failed"} <= events
    assert PHONE not in logs and PHONE[-8:] not in logs and user.email not in logs
    assert user.email.split("@")[0] not in logs and "482913" not in logs
    assert mask_phone(PHONE) in logs and mask_email(user.email) in logs
    assert claim["id"] in logs  # the logs still say what happened


def test_masks() -> None:
    assert mask_phone("13812345678") == "*******5678"
    assert mask_phone("+86 138-1234-5678") == "*********5678"
    assert mask_email("zhang.wei@example.com.cn") == "z***@***.cn"
    assert "13812345678" not in repr(_code("13812345678"))  # the address is kept out of reprs


def test_a_channel_without_a_sender_fails() -> None:
    router = ChannelRouter(feed=RecordingSender(), channels={})
    with pytest.raises(DeliveryFailed):
        router.send(_code("a@example.test"))
