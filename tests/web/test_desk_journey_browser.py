"""Issue 14's done-when journey in a real browser: the customer, on a phone in Chinese, disputes an
approved estimate item by item as customers write it; the handler's analysis pairs each item with
the estimate's line; the handler grants more than their authority; the supervisor approves; the
compensation becomes an estimate revision citing the complaint; the customer reads the outcome and
its neutral explanation and confirms 满意; the payment is made; seven days later (the scheduler run
with an advanced clock) the revisit survey arrives; a low score opens a priority follow-up that the
supervisor's desk shows, and the handler closes it on the follow-ups page (contact, outcome, the
customer calmed), after which it is in the history and off the open list. Screenshots in
``var/artifacts/screenshots/desk-journey-*``. Skips, saying why, where Chromium or Playwright is
missing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.auth.roles import Role
from api.db.base import utcnow
from api.scheduler import run_once
from tests.api.disputes.helpers import assessed_claim
from tests.api.signing.helpers import PAYEE, request_code, sent_code, sign
from tests.fixtures.harness import Harness
from tests.web.live_server import PHONE, LiveServer, browser_app, chromium, shot, sign_in_page

pytestmark = pytest.mark.slow

# As customers type them: an abbreviation (前挡 for the windscreen, 前杠 for the front bumper),
# the operation in their words, the amount last.
ITEMS = "前挡 更换 1800\n前杠 钣金喷漆 600"
ENGLISH = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a raw enum value or key (payment_adjustment, complaint_status…)


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with browser_app(sqlite_template, tmp_path_factory.mktemp("desk-journey")) as live:
        yield live


def _shot(page: Any, name: str) -> None:
    shot(page, f"desk-journey-{name}")


def _sign_in(page: Any, server: LiveServer, email: str) -> None:
    sign_in_page(page, server.base_url, email)


def _no_raw_keys(page: Any, selector: str = "main") -> None:
    text = page.locator(selector).inner_text()
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_dispute_to_revision_payment_survey_and_follow_up(server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with httpx.Client(base_url=server.base_url) as client:
        h = Harness(client=client, state=server.state)  # type: ignore[arg-type]
        customer, customer_api, claim_id = assessed_claim(h)  # v1 approved: windscreen replaced, bumper repaired
        tag = uuid.uuid4().hex[:8]  # e-mails without the role's key, which the raw-key check would catch
        handler = h.user(Role.COMPLAINT_HANDLER, email=f"wang.handler-{tag}@example.test")
        supervisor = h.user(Role.SUPERVISOR, email=f"li.supervisor-{tag}@example.test")
        _, senior_api = h.login(Role.SENIOR_ADJUSTER)
        claim_url = f"{server.base_url}/web/claims/{claim_id}"

        with chromium(tmp_path / "profile", locale="zh-CN", viewport=PHONE) as context:
            context.set_default_timeout(30_000)
            page = context.new_page()

            # 1. The customer disputes the approved estimate, item by item, on a phone.
            _sign_in(page, server, customer.email)
            page.goto(claim_url)
            page.fill("#dispute textarea[name=text]", "定损金额太低，前挡和前杠4S店报价都更高")
            page.fill("#dispute textarea[name=lines]", ITEMS)
            page.fill("#dispute input[name=contact]", "138****0000")
            page.click("#dispute form[action$='/dispute'] button[type=submit]")
            expect(page.get_by_test_id("complaint")).to_contain_text("前挡 更换")
            _no_raw_keys(page)
            _shot(page, "1-customer-disputed")

            # 2. The handler analyses it: each item is paired with the estimate's line of its part.
            _sign_in(page, server, handler.email)
            page.goto(f"{server.base_url}/web/complaints")
            page.get_by_test_id("complaints").get_by_role("link", name="查看").first.click()
            complaint_url = page.url
            page.get_by_test_id("analyse").click()
            analysis = page.get_by_test_id("analysis")
            for item in ("前挡 更换", "前杠 钣金喷漆"):
                row = analysis.locator("tr", has_text=item)
                expect(row).to_have_count(1)  # once, paired — not once unpaired and once for the line
                expect(row.locator("small")).to_contain_text(re.compile(r"\S"))  # the estimate's line ids
                expect(row.get_by_test_id("unpaired-reason")).to_have_count(0)
            # 钣金喷漆 pays for the bumper's repair labour as well as its paint: nothing is left unpaired
            expect(analysis.locator("tr", has_text="前杠 钣金喷漆").locator("small")).to_contain_text("修复 工时")
            expect(analysis.get_by_test_id("unpaired-reason")).to_have_count(0)
            expect(page.get_by_test_id("recommendation")).to_be_visible()
            _shot(page, "2-handler-analysis")

            # 3. The handler grants 800 as an estimate revision: above their 500 authority.
            page.select_option("#decision select[name=verdict]", "partly_justified")
            page.check("#decision input[value=negotiated_compensation]")
            page.fill("#decision input[name=compensation]", "800")
            page.select_option("#decision select[name=delivery]", "estimate_revision")
            page.fill("#decision textarea[name=reason]", "前挡玻璃按本地4S店价格补足差额")
            page.click("#decision button[type=submit]")
            expect(page.get_by_test_id("complaint-status")).to_have_text("处理方案待主管审批")
            _shot(page, "3-handler-decided")

            # 4. The supervisor finds it on their desk and approves: an estimate revision citing the complaint.
            _sign_in(page, server, supervisor.email)
            page.goto(f"{server.base_url}/web/supervisor")
            page.get_by_test_id("pending").get_by_role("link").first.click()
            assert page.url == complaint_url
            page.fill("#review input[name=reason]", "差额有4S店报价为据，同意")
            page.click("#review button[value=true]")
            expect(page.get_by_test_id("complaint-status")).to_have_text("待客户确认")
            expect(page.get_by_test_id("outcome-estimate_revision")).to_contain_text("¥800.00")
            expect(page.get_by_test_id("outcome-estimate_revision")).to_contain_text("2")
            events = page.get_by_test_id("events")
            for done in ("逐项比对", "提交主管审批", "主管批准", "处理结果已执行"):
                expect(events).to_contain_text(done)
            _no_raw_keys(page, "[data-testid=outcome]")
            _no_raw_keys(page, "#routing")
            _shot(page, "4-supervisor-approved")
            revised = h.client.get(f"/claims/{claim_id}/estimates/2", headers=senior_api)
            assert revised.status_code == 200, revised.text
            complaint_ref = complaint_url.rsplit("/", 1)[1][:8]
            assert f"complaint.{complaint_ref}" in revised.text, revised.text  # its added line cites the complaint

            # The revision is approved as any version is (an adjuster), then signed by the customer.
            approved = h.client.post(f"/claims/{claim_id}/estimates/2/approve", headers=senior_api)
            assert approved.status_code == 200, approved.text

            # 5. The customer sees the outcome and the neutral explanation, and confirms 满意.
            _sign_in(page, server, customer.email)
            page.goto(claim_url)
            expect(page.get_by_test_id("outcome")).to_contain_text("¥800.00")
            expect(page.get_by_test_id("explanation")).to_contain_text("前挡")
            _no_raw_keys(page)
            _shot(page, "5-customer-outcome")
            page.click("#complaints button[value=true]")
            expect(page.get_by_test_id("complaint-status")).to_have_text("投诉已办结")

            # 6. Signed (the code from the channel) and the account given through the API; the supervisor pays.
            assert request_code(h, claim_id, customer_api, version=2).status_code == 202
            signed = sign(h, claim_id, customer_api, sent_code(h, customer.id), version=2)
            assert signed.status_code == 201, signed.text
            assert h.client.put(f"/claims/{claim_id}/payment", json=PAYEE, headers=customer_api).status_code == 200
            _sign_in(page, server, supervisor.email)
            page.goto(claim_url)
            page.get_by_test_id("mark-paid").click()
            expect(page.get_by_test_id("payment-status")).to_have_text("已支付")
            _shot(page, "6-supervisor-paid")

            # 7. Seven days after the payment the revisit survey is sent (the clock advanced).
            tick = run_once(server.state, now=utcnow() + timedelta(days=7, hours=1))
            assert tick.revisits_sent >= 1

            # 8. The customer answers the after-payment survey with a low score.
            _sign_in(page, server, customer.email)
            page.goto(f"{server.base_url}/web/surveys")
            survey = page.locator("[data-testid=survey][data-stage=paid]")
            expect(survey).to_contain_text("赔款到账后回访")
            for item, score in (("convenience", 4), ("communication", 3), ("amount_fairness", 2), ("overall", 2)):
                survey.get_by_test_id(f"{item}-{score}").check()
            survey.get_by_test_id("improve").fill("投诉处理太慢，等了好几天")
            survey.get_by_test_id("would-return").select_option("unsure")
            survey.get_by_test_id("survey-submit").click()
            expect(page.get_by_test_id("survey-thanks")).to_be_visible()
            _no_raw_keys(page)
            _shot(page, "7-customer-low-score")

            # 9. A priority follow-up is open on the supervisor's desk.
            _sign_in(page, server, supervisor.email)
            page.goto(f"{server.base_url}/web/supervisor")
            follow_ups = page.get_by_test_id("survey-follow-ups")
            expect(follow_ups).to_contain_text("金额合理性")
            expect(follow_ups).to_contain_text("总体满意度")
            expect(follow_ups).to_contain_text("2")
            _no_raw_keys(page)
            _shot(page, "8-supervisor-follow-up")

            # 10. The handler calls the customer back and closes the follow-up with what came of it.
            _sign_in(page, server, handler.email)
            page.get_by_test_id("nav-follow-ups").click()
            form = page.get_by_test_id("close-follow-up")
            expect(form).to_have_count(1)
            form.locator("select[name=channel]").select_option("phone")
            form.locator("select[name=outcome]").select_option("explained")
            form.locator("select[name=customer_calmed]").select_option("yes")
            form.locator("textarea[name=note]").fill("已电话说明金额构成，客户表示理解")
            form.get_by_test_id("close-follow-up-submit").click()
            expect(page.get_by_test_id("close-follow-up")).to_have_count(0)
            closed = page.get_by_test_id("closed-follow-up")
            expect(closed).to_contain_text("已解释说明")
            expect(closed).to_contain_text("已电话说明金额构成")
            expect(closed).to_contain_text(handler.email)
            _no_raw_keys(page)
            _shot(page, "9-handler-closed-follow-up")
            _sign_in(page, server, supervisor.email)
            page.goto(f"{server.base_url}/web/supervisor")
            expect(page.get_by_test_id("survey-follow-ups")).to_have_count(0)
