"""Signing and getting paid in a real browser on a phone-sized viewport (390 × 844): the customer
asks for a code, reads it in their in-app inbox, signs, gives the account; a supervisor marks the
payment made; the customer sees it paid. Screenshots in ``var/artifacts/screenshots/``. Skips,
saying why, where Chromium or Playwright is missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.auth.roles import Role
from tests.api.disputes.helpers import assessed_claim
from tests.fixtures.harness import Harness
from tests.web.live_server import (
    PHONE,
    LiveServer,
    browser_app,
    chromium,
    shot,
    sign_in_page,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with browser_app(sqlite_template, tmp_path_factory.mktemp("signing-browser")) as live:
        yield live


def _shot(page: Any, name: str) -> None:
    shot(page, f"signing-{name}")


def _sign_in(page: Any, server: LiveServer, email: str) -> None:
    sign_in_page(page, server.base_url, email)


def test_sign_on_a_phone_with_the_code_from_the_inbox_and_be_paid(server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with httpx.Client(base_url=server.base_url) as client:
        h = Harness(client=client, state=server.state)  # type: ignore[arg-type]
        customer, _, claim_id = assessed_claim(h)  # an approved estimate, awaiting the signature
        supervisor = h.user(Role.SUPERVISOR)
    claim_url = f"{server.base_url}/web/claims/{claim_id}"
    with chromium(tmp_path / "profile", locale="zh-CN", viewport=PHONE) as context:
        context.set_default_timeout(30_000)
        page = context.new_page()
        _sign_in(page, server, customer.email)
        page.goto(claim_url)
        page.get_by_test_id("get-code").click()
        expect(page.get_by_test_id("sign-flash")).to_contain_text("验证码已通过您选择的通知方式发送")
        page.get_by_test_id("nav-inbox").click()
        message = page.locator("[data-topic='auth.one_time_code']").first.inner_text()
        code = re.search(r"(?<!\d)\d{6}(?!\d)", message)
        assert code is not None, message
        page.goto(claim_url)
        page.get_by_test_id("code").fill(code.group(0))
        _shot(page, "1-code")
        page.get_by_test_id("sign").click()
        expect(page.get_by_test_id("sign-flash")).to_have_text("签署成功，请填写收款账户。")
        expect(page.get_by_test_id("signature")).to_contain_text("SHA-256")
        page.fill("input[name=payee_name]", "张伟")
        page.fill("input[name=bank_name]", "中国工商银行")
        page.fill("input[name=account_number]", "6222 0212 3456 7890")
        page.get_by_test_id("save-payee").click()
        expect(page.get_by_test_id("account")).to_have_text("**** **** **** 7890")
        expect(page.get_by_test_id("payment-status")).to_have_text("待支付")
        expect(page.get_by_test_id("step-awaiting_payment")).to_have_attribute("data-done", "no")
        _shot(page, "2-awaiting-payment")

        _sign_in(page, server, supervisor.email)
        page.goto(claim_url)
        expect(page.get_by_test_id("account")).to_have_text("6222021234567890")
        page.get_by_test_id("mark-paid").click()
        expect(page.get_by_test_id("payment-status")).to_have_text("已支付")

        _sign_in(page, server, customer.email)
        page.goto(claim_url)
        expect(page.get_by_test_id("payment-status")).to_have_text("已支付")
        expect(page.get_by_test_id("step-closed")).to_have_attribute("data-done", "yes")
        _shot(page, "3-paid")
