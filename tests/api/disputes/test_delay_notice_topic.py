"""A delay notice (issue 14 item 3) goes out under its own topic, complaint.delayed, not as an
answer: in the customer's language, on their channels, held by their quiet hours, the new time in
their time zone; the operator's event feed gets the topic's fixed line, never the reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from api.db.models import OutboxMessage
from api.notifications.templates import TEMPLATES
from api.notifications.topics import MESSAGES, Channel, Topic
from tests.api.disputes.helpers import DESK_T0 as T0
from tests.api.disputes.helpers import Desk, make_desk
from tests.fixtures.harness import Harness

NEW_TIME = "2026-12-03T18:00:00+08:00"
REASON = "需第三方定损复核"


def _send(desk: Desk, complaint_id: str) -> dict[str, Any]:
    sent = desk.post(
        f"/complaints/{complaint_id}/delay-notices", desk.handler, {"reason": REASON, "new_time": NEW_TIME}
    )
    assert sent.status_code == 201, sent.text
    return dict(sent.json())


def _inbox(desk: Desk) -> list[dict[str, Any]]:
    return list(desk.h.client.get("/me/inbox", params={"limit": 100}, headers=desk.customer).json()["items"])


def _outbox(desk: Desk, topic: Topic) -> list[OutboxMessage]:
    with desk.h.session() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.topic == topic)).all())
        session.expunge_all()
        return rows


def test_the_delay_notice_reaches_the_inbox_under_its_own_topic(harness: Harness, clock: dict[str, datetime]) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    clock["now"] = T0 + timedelta(hours=20)
    notice = _send(desk, complaint["id"])
    [message] = [m for m in _inbox(desk) if m["topic"] == "complaint.delayed"]
    assert message["subject"] == "投诉处理将延后答复"
    assert REASON in message["body"] and "2026-12-03 18:00" in message["body"]
    assert message["claim_id"] == desk.claim_id
    assert notice["inbox_message_id"] == message["id"] and notice["message_id"] is None  # the inbox only
    assert "complaint.answered" not in [m["topic"] for m in _inbox(desk)]  # nothing is answered yet
    [feed] = _outbox(desk, Topic.COMPLAINT_DELAYED)
    assert feed.channel is None and feed.payload["message"] == MESSAGES[Topic.COMPLAINT_DELAYED]
    assert REASON not in str(feed.payload)  # the reason is the customer's business, not the event feed's


def test_the_customers_channels_language_zone_and_quiet_hours_apply(
    harness: Harness, clock: dict[str, datetime]
) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    prefs = {"channels": ["email"], "language": "en", "time_zone": "Asia/Tokyo",
             "quiet_hours": {"start": "22:00", "end": "07:00"}}  # fmt: skip
    saved = desk.h.client.put("/me/notification-preferences", json=prefs, headers=desk.customer)
    assert saved.status_code == 200, saved.text
    clock["now"] = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo: quiet
    notice = _send(desk, complaint["id"])
    assert notice["inbox_message_id"] is None  # the customer chose e-mail only
    [email] = [m for m in _outbox(desk, Topic.COMPLAINT_DELAYED) if m.channel is not None]
    assert str(email.id) == notice["message_id"] and email.channel is Channel.EMAIL
    assert email.payload["subject"] == "The answer to your complaint will come later"
    assert REASON in email.payload["message"] and "2026-12-03 19:00" in email.payload["message"]  # Tokyo time
    assert email.next_attempt_at == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 07:00 in Tokyo


def test_every_topic_has_both_languages_and_a_name_on_the_preferences_page() -> None:
    from api.notifications.topics import CUSTOMER_TOPICS

    assert Topic.COMPLAINT_DELAYED in TEMPLATES
    assert set(CUSTOMER_TOPICS) == set(Topic) - {Topic.CLAIM_ESCALATED}
    assert CUSTOMER_TOPICS[Topic.COMPLAINT_DELAYED] == ("投诉处理延期告知", "Complaint answer delayed")
