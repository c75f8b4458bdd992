"""notify_user: the inbox, the push channels, quiet hours against a frozen clock, templates."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from string import Formatter
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import OutboxMessage, User
from api.notifications import Topic, notify_user
from api.notifications.models import InboxMessage
from api.notifications.quiet import held_until
from api.notifications.senders import RecordingSender
from api.notifications.service import dispatch_pending
from api.notifications.templates import TEMPLATES, Lang, render
from api.notifications.topics import Channel, OutboxStatus
from tests.fixtures.harness import Harness

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _local(hour: int, minute: int = 0, day: int = 3) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("now", "start", "end", "expected"),
    [
        (_local(23, 30), time(22), time(7), _local(7, day=4)),  # spans midnight, before it
        (_local(2, 0), time(22), time(7), _local(7)),  # spans midnight, after it
        (_local(7, 0), time(22), time(7), None),  # the end is not quiet
        (_local(21, 59), time(22), time(7), None),
        (_local(22, 0), time(22), time(7), _local(7, day=4)),  # the start is quiet
        (_local(13, 0), time(12), time(14), _local(14)),  # within one day
        (_local(14, 30), time(12), time(14), None),
    ],
)
def test_quiet_hours_hold_until_their_end(now: datetime, start: time, end: time, expected: datetime | None) -> None:
    held = held_until(now.astimezone(UTC), start=start, end=end, zone=SHANGHAI)
    assert held == (expected.astimezone(UTC) if expected else None)
    assert held is None or held.tzinfo is UTC


def test_quiet_hours_are_read_in_the_users_zone() -> None:
    now = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai, 14:00 in London
    assert held_until(now, start=time(21), end=time(8), zone=SHANGHAI) is not None
    assert held_until(now, start=time(21), end=time(8), zone=ZoneInfo("Europe/London")) is None


def _prefs(harness: Harness, headers: dict[str, str], **body: object) -> None:
    response = harness.client.put("/me/notification-preferences", json=body, headers=headers)
    assert response.status_code == 200, response.text


def _notify(harness: Harness, user: User, topic: Topic, now: datetime, *, urgent: bool = False, **params: str) -> None:
    with harness.session() as session:
        notify_user(session, user_id=user.id, topic=topic, params=params, urgent=urgent, now=now)


def _pushed(harness: Harness, user: User) -> list[OutboxMessage]:
    with harness.session() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.recipient_id == user.id, OutboxMessage.channel.is_not(None))
        return list(
            session.scalars(
                stmt.order_by(OutboxMessage.created_at, OutboxMessage.next_attempt_at, OutboxMessage.channel)
            )
        )


def test_quiet_hours_hold_sms_and_email_but_not_the_inbox_nor_a_code(harness: Harness) -> None:
    user, headers = harness.login(Role.CUSTOMER)
    quiet = {"start": "22:00", "end": "07:00"}
    _prefs(harness, headers, channels=["sms", "email", "in_app"], phone="13812345678", quiet_hours=quiet)
    now = _local(23, 30).astimezone(UTC)  # frozen clock: 23:30 in Shanghai
    _notify(harness, user, Topic.COMPLAINT_RECEIVED, now)
    morning = _local(7, day=4).astimezone(UTC)
    assert [(m.channel, m.next_attempt_at) for m in _pushed(harness, user)] == [
        (Channel.EMAIL, morning),
        (Channel.SMS, morning),
    ]
    inbox = harness.client.get("/me/inbox", headers=headers).json()
    assert inbox["unread"] == 1 and inbox["items"][0]["subject"] == "投诉已受理"

    _notify(harness, user, Topic.ONE_TIME_CODE, now, code="482913", minutes="10")  # urgent by its topic
    codes = [m for m in _pushed(harness, user) if m.topic is Topic.ONE_TIME_CODE]
    assert [m.next_attempt_at for m in codes] == [now, now]
    assert "482913" in codes[0].payload["message"]

    sender = RecordingSender()
    sent = dispatch_pending(harness.state.session_factory, sender=sender, now=now + timedelta(minutes=1))
    assert sent == 2 and {n.topic for n in sender.sent} == {"auth.one_time_code"}
    assert {(n.channel, n.address) for n in sender.sent} == {("sms", "13812345678"), ("email", user.email)}
    assert dispatch_pending(harness.state.session_factory, sender=sender, now=morning - timedelta(seconds=1)) == 0
    assert dispatch_pending(harness.state.session_factory, sender=sender, now=morning) == 2
    assert all(m.status is OutboxStatus.SENT for m in _pushed(harness, user))


def test_an_urgent_message_is_not_held(harness: Harness) -> None:
    user, headers = harness.login(Role.CUSTOMER)
    _prefs(harness, headers, channels=["email"], quiet_hours={"start": "00:00", "end": "23:59"})
    now = _local(12).astimezone(UTC)
    _notify(harness, user, Topic.CLAIM_ASSESSED, now, urgent=True)
    _notify(harness, user, Topic.CLAIM_ASSESSED, now)
    assert [m.next_attempt_at for m in _pushed(harness, user)] == [now, _local(23, 59).astimezone(UTC)]
    assert harness.client.get("/me/inbox", headers=headers).json()["total"] == 0  # in-app not chosen


def test_the_message_is_in_the_users_language(harness: Harness) -> None:
    user, headers = harness.login(Role.CUSTOMER)
    _prefs(harness, headers, channels=["in_app", "email"], language="en")
    now = _local(10).astimezone(UTC)
    _notify(harness, user, Topic.ONE_TIME_CODE, now, code="123456", minutes="5")
    [item] = harness.client.get("/me/inbox", headers=headers).json()["items"]
    assert item["subject"] == "Your code" and "123456" in item["body"] and "5 minutes" in item["body"]
    [email] = _pushed(harness, user)
    assert email.payload["subject"] == "Your code" and email.payload["lang"] == "en"


def test_reporting_a_claim_puts_one_message_in_the_inbox_and_one_on_the_feed(harness: Harness) -> None:
    user, headers = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(headers)
    [item] = harness.client.get("/me/inbox", headers=headers).json()["items"]
    assert (item["topic"], item["claim_id"], item["subject"]) == ("claim.submitted", claim["id"], "报案已受理")
    with harness.session() as session:
        feed = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == user.id)).all()
    assert [(m.channel, m.topic) for m in feed] == [(None, Topic.CLAIM_SUBMITTED)]


def test_inbox_read_unread_and_isolation(harness: Harness) -> None:
    owner, headers = harness.login(Role.CUSTOMER)
    other, other_headers = harness.login(Role.CUSTOMER)
    now = _local(10).astimezone(UTC)
    for topic in (Topic.CLAIM_SUBMITTED, Topic.CLAIM_ASSESSED, Topic.CLAIM_CLOSED):
        _notify(harness, owner, topic, now)
        now += timedelta(minutes=1)
    _notify(harness, other, Topic.COMPLAINT_ANSWERED, now)
    page = harness.client.get("/me/inbox", headers=headers).json()
    assert [i["topic"] for i in page["items"]] == ["claim.closed", "claim.assessed", "claim.submitted"]
    assert (page["total"], page["unread"]) == (3, 3)
    newest = page["items"][0]["id"]
    read = harness.client.post(f"/me/inbox/{newest}/read", headers=headers)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    again = harness.client.post(f"/me/inbox/{newest}/read", headers=headers).json()
    assert again["read_at"] == read.json()["read_at"]  # marking twice keeps the first time
    unread = harness.client.get("/me/inbox", params={"unread": True}, headers=headers).json()
    assert ([i["topic"] for i in unread["items"]], unread["total"], unread["unread"]) == (
        ["claim.assessed", "claim.submitted"],
        2,
        2,
    )
    # The other customer sees only their own message and cannot touch the owner's.
    theirs = harness.client.get("/me/inbox", headers=other_headers).json()
    assert [i["topic"] for i in theirs["items"]] == ["complaint.answered"]
    refused = harness.client.post(f"/me/inbox/{page['items'][1]['id']}/read", headers=other_headers)
    assert refused.status_code == 404 and refused.json()["type"].endswith("inbox-message-not-found")
    assert harness.client.get("/me/inbox", headers=headers).json()["unread"] == 2


SAMPLE_PARAMS: dict[str, str | list[str]] = {
    "code": "482913",
    "minutes": "10",
    "amount": "1234.50",
    "documents": ["id_card", "repair_quote"],
    "task": ["assessment"],
    "stage": ["revisit_paid"],
}


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("topic", list(Topic))
def test_every_topic_renders_in_both_languages(topic: Topic, lang: Lang) -> None:
    fields = {name for texts in TEMPLATES[topic] for text in texts for _, name, _, _ in Formatter().parse(text) if name}
    params = {name: SAMPLE_PARAMS.get(name, ["other"]) for name in fields}  # a new field: a list item
    text = render(topic, lang, params)
    assert text.subject and text.body and "{" not in text.body
    if lang is Lang.ZH:  # no key, enum or English word in the Chinese text
        assert not re.search(r"[A-Za-z_]{2,}", text.subject + text.body), text
    assert topic in TEMPLATES


def test_documents_missing_lists_the_documents_by_name() -> None:
    params = {"documents": ["id_card", "driving_licence", "repair_quote"]}
    assert "身份证、驾驶证、维修估价单" in render(Topic.DOCUMENTS_MISSING, Lang.ZH, params).body
    assert "ID card, driving licence, repair quote" in render(Topic.DOCUMENTS_MISSING, Lang.EN, params).body
    with pytest.raises(KeyError):
        render(Topic.DOCUMENTS_MISSING, Lang.ZH, {})


def test_an_unknown_recipient_is_refused(harness: Harness) -> None:
    import uuid

    from api.notifications.errors import RecipientNotFound

    with pytest.raises(RecipientNotFound), harness.session() as session:
        notify_user(session, user_id=uuid.uuid4(), topic=Topic.CLAIM_SUBMITTED)
    with harness.session() as session:
        assert session.scalars(select(InboxMessage)).all() == []
