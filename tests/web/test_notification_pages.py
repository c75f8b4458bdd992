"""The customer's inbox and notification settings pages (the same services as /me/...)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"
RAW_KEY = re.compile(r"\b(inbox|notify|tz|nav)\.[a-z_./A-Z]+")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _checked(html: str) -> list[str]:
    return re.findall(r'type="checkbox" name="\w+" value="(\w+)"[^>]*checked', html)


def test_the_inbox_page_lists_messages_and_marks_them_read(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    user = h.user(Role.CUSTOMER)
    h.create_claim(h.headers(user))
    sign_in(user)
    page = h.client.get("/web/inbox")
    assert page.status_code == 200
    text = _text(page.text)
    assert "消息中心" in text and "未读 1 条" in text and "报案已受理" in text
    assert not RAW_KEY.search(text), RAW_KEY.search(text)
    [message_id] = re.findall(r'action="/web/inbox/([0-9a-f-]+)/read"', page.text)
    read = h.client.post(f"/web/inbox/{message_id}/read", data={"csrf_token": h.client.cookies[CSRF]})
    assert read.status_code == 303 and read.headers["location"] == "/web/inbox"
    after = _text(h.client.get("/web/inbox").text)
    assert "未读 0 条" in after and "标为已读" not in after
    assert "Inbox" in _text(h.client.get("/web/inbox?lang=en").text)


def test_the_settings_form_keeps_what_was_typed_and_names_the_field_at_fault(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    user = h.user(Role.CUSTOMER)
    sign_in(user)
    form = h.client.get("/web/notification-preferences")
    assert form.status_code == 200 and _checked(form.text) == ["in_app"]
    assert not RAW_KEY.search(_text(form.text))
    data = {
        "csrf_token": h.client.cookies[CSRF],
        "channels": ["sms", "email"],
        "phone": "",
        "language": "en",
        "time_zone": "Asia/Tokyo",
        "quiet": "true",
        "quiet_start": "21:30",
        "quiet_end": "06:45",
    }
    refused = h.client.post("/web/notification-preferences", data=data)
    assert refused.status_code == 422
    text = _text(refused.text)
    assert "请填写正确的手机号（选择短信通知时必填）。" in text and "请至少选择" not in text
    assert 'aria-invalid="true"' in refused.text and 'class="invalid"' in refused.text
    assert 'value="21:30"' in refused.text and 'value="06:45"' in refused.text
    assert _checked(refused.text) == ["sms", "email", "true"]  # the channels typed, quiet hours on
    assert re.search(r'value="Asia/Tokyo" selected', refused.text)
    assert h.client.get("/me/notification-preferences", headers=h.headers(user)).json()["is_default"] is True

    saved = h.client.post("/web/notification-preferences", data={**data, "phone": "13812345678"})
    assert saved.status_code == 303
    stored = h.client.get("/me/notification-preferences", headers=h.headers(user)).json()
    assert stored["channels"] == ["sms", "email"] and stored["phone"] == "13812345678"
    assert stored["quiet_hours"] == {"start": "21:30:00", "end": "06:45:00"} and stored["time_zone"] == "Asia/Tokyo"
    shown = h.client.get(saved.headers["location"]).text
    assert "已保存。" in _text(shown) and 'value="13812345678"' in shown

    none = h.client.post("/web/notification-preferences", data={"csrf_token": h.client.cookies[CSRF]})
    assert none.status_code == 422 and "请至少选择一种通知方式。" in _text(none.text)


def test_the_settings_page_lists_what_the_customer_is_told_delay_notices_too(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    from api.notifications.topics import CUSTOMER_TOPICS

    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    page = h.client.get("/web/notification-preferences")
    listed = re.findall(r'<li data-topic="([a-z_.]+)">([^<]+)</li>', page.text)
    assert [key for key, _ in listed] == [t.value for t in CUSTOMER_TOPICS]
    assert ("complaint.delayed", "投诉处理延期告知") in listed
    assert "您会收到的通知" in _text(page.text) and not RAW_KEY.search(_text(page.text))
    english = h.client.get("/web/notification-preferences?lang=en").text
    assert '<li data-topic="complaint.delayed">Complaint answer delayed</li>' in english
