"""Each user's main journey in a real browser (Debian's Chromium through Playwright) against a
live server on 127.0.0.1: the customer reports a claim with a photo and sees its status; the
adjuster assesses, edits a line with a reason and approves; the customer disputes the amount;
the complaint handler resolves it; the supervisor reads the weekly report. Screenshots go to
``var/artifacts/screenshots/``. Skips, saying why, where Chromium or Playwright is missing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.auth.roles import Role
from api.db.engine import unit_of_work
from api.db.models import User
from tests.fixtures import images
from tests.fixtures.harness import password_hash
from tests.web.live_server import (
    LiveServer,
    browser_app,
    chromium,
    shot,
    sign_in_page,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from tests.fixtures.fake_detector import FakeDetector

    with browser_app(sqlite_template, tmp_path_factory.mktemp("browser")) as live:
        live.state.detector = FakeDetector()
        yield live


@pytest.fixture(scope="module")
def users(server: LiveServer) -> dict[str, str]:
    emails = {}
    with unit_of_work(server.state.session_factory) as session:
        for role in (Role.CUSTOMER, Role.SENIOR_ADJUSTER, Role.COMPLAINT_HANDLER, Role.SUPERVISOR):
            email = f"{role.value}-{uuid.uuid4().hex[:6]}@example.test"
            session.add(User(email=email, password_hash=password_hash(), role=role))
            emails[role.value] = email
    return emails


@pytest.fixture(scope="module")
def browser(server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile") / "profile", locale="zh-CN") as context:
        context.set_default_timeout(30_000)
        yield context


def sign_in(page: Any, server: LiveServer, email: str) -> None:
    sign_in_page(page, server.base_url, email)


def sign_out(page: Any) -> None:
    page.click("form[action='/web/logout'] button")
    page.wait_for_url(re.compile(r".*/web/login$"))


def test_claim_from_report_to_resolved_dispute(
    server: LiveServer, users: dict[str, str], browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    photo = tmp_path / "rear-bumper.jpg"
    photo.write_bytes(images.jpeg(seed=11, size=(640, 480)))

    # The customer reports a claim with a photo and sees the capture check and the status.
    sign_in(page, server, users["customer"])
    expect(page.locator("h1")).to_have_text("我的理赔")
    page.get_by_test_id("new-claim").click()
    page.fill("input[name=policy_number]", "PDAA202611000042")
    page.fill("input[name=policy_start]", "2026-01-01")
    page.fill("input[name=accident_at]", "2026-11-24T09:30")
    page.fill("textarea[name=description]", "倒车时后保险杠被撞凹陷")
    page.fill("input[name=estimated_amount]", "800")
    page.click("form[action='/web/claims/new'] button[type=submit]")
    expect(page.get_by_test_id("status")).to_have_text("已提交资料")
    claim_url = page.url
    page.set_input_files("#photos input[type=file]", str(photo))
    page.click("#photos form button[type=submit]")
    expect(page.get_by_test_id("capture-feedback")).to_be_visible()
    expect(page.get_by_test_id("photo")).to_have_count(1)
    expect(page.get_by_test_id("timeline")).to_contain_text("承诺时限")
    shot(page, "1-customer-reported")
    sign_out(page)

    # The adjuster finds it in the queue, runs the assessment, edits a line with a reason, approves.
    sign_in(page, server, users["senior_adjuster"])
    expect(page.get_by_test_id("queue")).to_contain_text("PDAA202611000042")
    page.get_by_test_id("queue").get_by_test_id("open-claim").first.click()
    page.get_by_test_id("assess").click()
    # The assessment is a job: the claim page reloads itself (every 2 s) until the job is done.
    expect(page.get_by_test_id("findings")).to_contain_text("凹陷", timeout=30_000)
    expect(page.locator("[data-testid=review-boxes] rect")).to_have_count(1)  # on the photo, in the workspace
    if page.get_by_test_id("price").count():
        page.get_by_test_id("price").click()
        lines = page.get_by_test_id("estimate-lines")
        expect(lines).to_be_visible()
        editor = page.locator("details[data-testid^=edit-]").first
        editor.locator("summary").click()
        editor.locator("input[name=amount]").fill("650")
        editor.locator("select[name=reason]").select_option("price_correction")
        editor.locator("input[name=note]").fill("按本地市场价")
        editor.locator("button[type=submit]").click()
        expect(page.get_by_test_id("diffs")).to_contain_text("650")
        shot(page, "2-adjuster-edited")
        page.get_by_test_id("approve-estimate").click()
    else:  # no estimates domain on this build: the workflow's own approval
        page.fill("[data-testid=moves] input[name=reason]", "照片清晰，损失确认")
        page.click("[data-testid=moves] button[value=assessed]")
    expect(page.get_by_test_id("state")).to_have_text("已定损")
    shot(page, "3-adjuster-approved")
    sign_out(page)

    # The customer disputes the amount, item by item.
    sign_in(page, server, users["customer"])
    page.goto(claim_url)
    expect(page.get_by_test_id("status")).to_have_text("定损完成")
    page.fill("#dispute textarea[name=text]", "定损金额太低，4S店报价更高")
    page.fill("#dispute textarea[name=lines]", "后保险杠 更换 1500\n喷漆 600")
    page.fill("#dispute input[name=contact]", "138****0000")
    page.click("#dispute form[action$='/dispute'] button[type=submit]")
    expect(page.get_by_test_id("complaint")).to_contain_text("处理中")
    shot(page, "4-customer-disputed")
    sign_out(page)

    # The complaint handler sees it with its clocks, compares the lines and decides within authority.
    sign_in(page, server, users["complaint_handler"])
    expect(page.get_by_test_id("complaints")).to_contain_text("一线客服")
    page.get_by_test_id("complaints").get_by_role("link").first.click()
    expect(page.locator("#side-by-side")).to_contain_text("后保险杠")
    if page.get_by_test_id("analyse").count():  # a stored estimate to compare with
        page.get_by_test_id("analyse").click()
        expect(page.get_by_test_id("analysis")).to_contain_text("¥650.00")
        expect(page.get_by_test_id("recommendation")).to_be_visible()
    page.select_option("#decision select[name=verdict]", "partly_justified")
    page.check("#decision input[value=negotiated_compensation]")
    page.fill("#decision input[name=compensation]", "100")
    page.fill("#decision textarea[name=reason]", "喷漆工时按本地标准补足差额")
    page.click("#decision button[type=submit]")
    expect(page.get_by_test_id("complaint-status")).to_have_text("待客户确认")
    shot(page, "5-handler-decided")
    sign_out(page)

    # The customer confirms; the supervisor reads the weekly report.
    sign_in(page, server, users["customer"])
    page.goto(claim_url)
    page.click("#complaints button[value=true]")
    expect(page.get_by_test_id("complaint")).to_contain_text("投诉已办结")
    sign_out(page)
    sign_in(page, server, users["supervisor"])
    page.get_by_role("link", name=re.compile("周报")).first.click()
    expect(page.get_by_test_id("weekly-total")).to_have_text("1")
    expect(page.locator("[data-testid=bars] .fill")).not_to_have_count(0)
    shot(page, "6-supervisor-weekly")
    sign_out(page)
    page.close()


def test_a_phone_sized_screen_in_english(server: LiveServer, users: dict[str, str], browser: Any) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, server, users["customer"])
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("h1")).to_have_text("My claims")
    page.get_by_test_id("new-claim").click()
    expect(page.locator("h1")).to_have_text("Report a claim")  # the choice is remembered
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(page, "7-customer-phone-english")
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("h1")).to_have_text("报案")
    page.close()
