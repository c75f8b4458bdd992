"""The customer's notifications in a real browser on a phone-sized screen: the inbox from the
menu, a message marked read, the settings form refusing SMS without a number (the field marked,
the typed values kept) and then saving it. Screenshots go to ``var/artifacts/screenshots/``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.auth.roles import Role
from api.db.engine import unit_of_work
from api.db.models import User
from api.notifications import Topic, notify_user
from tests.fixtures.harness import password_hash
from tests.web.live_server import (
    LiveServer,
    browser_app,
    chromium,
    shot,
)
from tests.web.test_browser_journeys import sign_in

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with browser_app(sqlite_template, tmp_path_factory.mktemp("browser-notifications")) as live:
        yield live


def test_inbox_and_settings_on_a_phone(server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    email = f"customer-{uuid.uuid4().hex[:6]}@example.test"
    with unit_of_work(server.state.session_factory) as session:
        user = User(email=email, password_hash=password_hash(), role=Role.CUSTOMER)
        session.add(user)
        session.flush()
        notify_user(session, user_id=user.id, topic=Topic.COMPLAINT_RECEIVED)
        notify_user(session, user_id=user.id, topic=Topic.ONE_TIME_CODE, params={"code": "482913", "minutes": "10"})
    with chromium(tmp_path / "profile", locale="zh-CN") as context:
        page: Any = context.new_page()
        page.set_viewport_size({"width": 390, "height": 844})
        sign_in(page, server, email)
        page.get_by_test_id("nav-inbox").click()
        expect(page.locator("h1")).to_have_text("消息中心")
        expect(page.get_by_test_id("unread-count")).to_have_text("未读 2 条")
        expect(page.get_by_test_id("inbox-body").first).to_contain_text("482913")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "notifications-1-inbox-phone")
        page.get_by_test_id("mark-read").first.click()
        expect(page.get_by_test_id("unread-count")).to_have_text("未读 1 条")

        page.get_by_test_id("preferences-link").click()
        expect(page.locator("h1")).to_have_text("通知设置")
        page.get_by_test_id("channel-sms").check()
        page.get_by_test_id("quiet").check()
        page.get_by_test_id("quiet-start").fill("21:30")
        page.get_by_test_id("save-preferences").click()
        expect(page.get_by_test_id("form-error")).to_be_visible()
        expect(page.locator(".field-error")).to_have_text("请填写正确的手机号（选择短信通知时必填）。")
        expect(page.get_by_test_id("channel-sms")).to_be_checked()
        expect(page.get_by_test_id("quiet-start")).to_have_value("21:30")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "notifications-2-settings-refused-phone")
        page.get_by_test_id("phone").fill("13812345678")
        page.get_by_test_id("save-preferences").click()
        expect(page.get_by_test_id("saved")).to_be_visible()
        expect(page.get_by_test_id("phone")).to_have_value("13812345678")
        shot(page, "notifications-3-settings-saved-phone")
