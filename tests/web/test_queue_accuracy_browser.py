"""In Chromium, in Chinese: the adjuster takes a claim from the queue (the countdown, AI status and
high-risk flag shown), and the supervisor reads the AI accuracy panel on fixture claims. Screenshots
go to ``var/artifacts/screenshots/``; skips, saying why, where Chromium or Playwright is missing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.auth.roles import Role
from api.customers.service import recompute
from api.db.base import utcnow
from api.db.models import Claim, FraudFlag
from api.fraud.signals import FraudSignal
from tests.api.accuracy.test_ai_accuracy import _fixture
from tests.fixtures.harness import make_settings
from tests.fixtures.live_server import LiveServer, live_harness
from tests.web.live_server import browser_unavailable_reason, chromium, shot, sign_in_page

RAW = re.compile(r"\b(queue|accuracy)\.[a-z_.]+\b")  # an untranslated key


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    reason = browser_unavailable_reason()
    if reason:
        pytest.skip(reason)
    from api.app import create_app

    with live_harness(create_app(make_settings(db_url, tmp_path / "var"))) as server:
        yield server


def _sign_in(page: Any, live: LiveServer, email: str) -> None:
    sign_in_page(page, live.base_url, email)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_queue_and_accuracy_panel_in_chromium(live: LiveServer, tmp_path: Path) -> None:
    h = live.h
    claims = _fixture(h)  # reviewed claims for the panel (and one still under review)
    _, customer = h.login(Role.CUSTOMER)
    waiting = h.create_claim(customer, policy_number="PDAA-QUEUE-1")["id"]
    assert h.upload_photo(customer, waiting).status_code == 201
    with h.session() as session:
        session.add(FraudFlag(claim_id=uuid.UUID(waiting), signal=FraudSignal.CAPTURED_AFTER_REPORT, detail="t"))
        flagged = session.get(Claim, uuid.UUID(waiting))
        assert flagged is not None  # the flag makes its customer high-risk, as the fraud check does
        recompute(session, customer_id=flagged.customer_id, now=utcnow())
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    supervisor = h.user(Role.SUPERVISOR)
    with chromium(tmp_path / "profile", locale="zh-CN") as context:
        context.set_default_timeout(30_000)
        page = context.new_page()
        _sign_in(page, live, adjuster.email)
        page.goto(f"{live.base_url}/web/queue?sort=-risk")
        row = page.locator(f"[data-claim='{waiting}']")
        assert "高风险" in row.inner_text() and "剩余" in row.inner_text()
        row.locator("[data-testid=take]").click()
        page.wait_for_load_state()
        page.goto(f"{live.base_url}/web/queue?assigned=me")
        assert page.locator("[data-testid=queue-row]").count() == 1
        assert adjuster.email in page.locator(f"[data-claim='{waiting}']").inner_text()
        page.goto(f"{live.base_url}/web/queue")
        text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        assert not RAW.search(text), RAW.search(text)
        shot(page, "queue-zh")
        page.click("form[action='/web/logout'] button")
        _sign_in(page, live, supervisor.email)
        page.goto(f"{live.base_url}/web/reports/ai-accuracy?from=2026-11-16&to=2026-11-29")
        totals = page.locator("[data-testid=accuracy-totals]").inner_text()
        assert "60.0%" in totals and "50.0%" in totals and "(1/2)" in totals
        text = page.inner_text("body")
        assert not RAW.search(text), RAW.search(text)
        shot(page, "ai-accuracy-zh")
    assert claims
