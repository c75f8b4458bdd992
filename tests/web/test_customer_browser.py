"""The customer profile in Chromium: a complaint handler follows the profile link from the desk's
queue (a high-risk customer's complaints first), reads the flag's reasons and adds a service tag;
screenshots on a desktop and a phone (var/artifacts/screenshots/customer-profile-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.auth.roles import Role
from tests.fixtures.harness import Harness
from tests.web.live_server import PHONE, LiveServer, browser_app, chromium, shot, sign_in_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with browser_app(sqlite_template, tmp_path_factory.mktemp("customer-browser")) as live:
        yield live


def test_the_handler_reads_the_profile_and_tags_the_customer(server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with httpx.Client(base_url=server.base_url) as client:
        h = Harness(client=client, state=server.state)  # type: ignore[arg-type]
        calm = h.login(Role.CUSTOMER)[1]
        h.client.post(f"/claims/{h.create_claim(calm)['id']}/complaints", json={"channel": "app", "text": "太慢"},
                      headers=calm)  # fmt: skip
        risky, headers = h.login(Role.CUSTOMER)
        claim = h.create_claim(headers)["id"]
        for text in ("金额太低", "还是太低"):
            filed = h.client.post(f"/claims/{claim}/complaints", json={"channel": "app", "text": text}, headers=headers)
            assert filed.status_code == 201, filed.text
        handler = h.user(Role.COMPLAINT_HANDLER)
    for name, size in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        with chromium(tmp_path / name, locale="zh-CN", viewport=size) as context:
            context.set_default_timeout(30_000)
            page = context.new_page()
            sign_in_page(page, server.base_url, handler.email)
            page.goto(f"{server.base_url}/web/complaints")
            first = page.get_by_test_id("customer-tags").first
            expect(first).to_contain_text("高风险客户")  # the high-risk customer's complaints come first
            first.get_by_test_id("customer-profile").click()
            page.wait_for_load_state()
            assert page.url.endswith(f"/web/customers/{risky.id}")
            expect(page.get_by_test_id("risk-reasons")).to_contain_text("90天内投诉2次")
            if name == "desktop":
                page.fill("input[name=label]", "需电话回访")
                page.click("form[action$='/tags'] button[type=submit]")
                page.wait_for_load_state()
            expect(page.get_by_test_id("manual-tags")).to_contain_text("需电话回访")
            shot(page, f"customer-profile-{name}")
