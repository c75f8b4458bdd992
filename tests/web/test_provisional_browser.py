"""The instant provisional estimate in a real browser on a phone (390 × 844): the customer tags and
uploads a close-up, submits the photos, and sees the findings on the photo and the provisional
amount marked 预估 — then either approved straight through by the rule set (a minor scratch on
the left mirror) or told, in Chinese, why an adjuster reviews it and by when (the left front
door: 500 yuan or more). Screenshots: ``var/artifacts/screenshots/provisional-*.png``."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from api.auth.roles import Role
from api.db.engine import unit_of_work
from api.db.models import User
from tests.api.straight_through.helpers import OneDamageDetector
from tests.fixtures import images
from tests.fixtures.harness import password_hash
from tests.web.live_server import PHONE, LiveServer, browser_app, chromium, shot, sign_in_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with browser_app(sqlite_template, tmp_path_factory.mktemp("provisional-browser")) as live:
        live.state.detector = OneDamageDetector(class_id=1, share=0.05)  # one small scratch per photo
        live.state.parts = None  # the customer's zone tag names the part
        yield live


def _photo(root: Path, seed: int) -> Path:
    path = root / f"close-{seed}.jpg"
    images.pattern(seed, (160, 120)).resize((1280, 960), Image.Resampling.NEAREST).save(path, "JPEG", quality=92)
    return path


def _report_and_submit(page: Any, base: str, photo: Path, *, zone: str, side: str) -> str:
    page.goto(f"{base}/web/claims/new")
    page.fill("input[name=policy_number]", "PDAA202611000002")
    page.fill("input[name=policy_start]", "2026-01-01")
    page.fill("input[name=accident_at]", "2026-11-20T09:30")
    page.fill("input[name=estimated_amount]", "300")
    page.click("form[action='/web/claims/new'] button[type=submit]")
    page.wait_for_url("**/web/claims/*")
    claim_id = page.url.split("/web/claims/")[1].split("/")[0].split("?")[0].split("#")[0]
    page.goto(f"{base}/web/claims/{claim_id}/capture?zone={zone}&side={side}")
    page.select_option("[data-testid=shot-select]", "damage_close")
    page.set_input_files("[data-testid=files]", [str(photo)])
    with page.expect_navigation():
        page.click("form[data-capture-form] button[type=submit]")
    page.wait_for_selector("[data-testid=submit-photos]")
    page.click("[data-testid=submit-photos]")
    page.wait_for_url(f"**/web/claims/{claim_id}*")
    deadline = time.monotonic() + 60
    while page.locator("[data-testid=provisional]").count() == 0:  # the job runs in the background
        assert time.monotonic() < deadline, "no provisional estimate after 60 s"
        time.sleep(0.5)
        page.reload()
    return claim_id


def test_provisional_estimate_approved_or_referred_on_a_phone(server: LiveServer, tmp_path: Path) -> None:
    email = f"provisional-{uuid.uuid4().hex[:6]}@example.test"
    with unit_of_work(server.state.session_factory) as session:
        session.add(User(email=email, password_hash=password_hash(), role=Role.CUSTOMER))
    base = server.base_url
    with chromium(tmp_path / "profile", locale="zh-CN", viewport=PHONE) as context:
        context.set_default_timeout(30_000)
        page = context.new_page()
        sign_in_page(page, base, email)

        # A minor scratch on the left mirror: under 500 yuan, clear photo — approved by the rule set.
        _report_and_submit(page, base, _photo(tmp_path, 11), zone="side_mirror", side="left")
        assert page.locator("[data-testid=provisional-approved]").is_visible()
        assert page.inner_text("[data-testid=estimate-status]") == "已审核"
        assert page.locator("[data-testid=provisional-notice]").count() == 0
        assert "straight-through/2" in page.inner_text("[data-testid=provisional]")
        shot(page, "provisional-1-approved")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # The left front door: 500 yuan or more — provisional, and referred with the reason and deadline.
        _report_and_submit(page, base, _photo(tmp_path, 12), zone="front_door", side="left")
        referred = page.inner_text("[data-testid=provisional-referred]")
        assert "预估金额不低于500元" in referred
        assert page.inner_text("[data-testid=provisional-deadline]").strip()
        assert page.inner_text("[data-testid=estimate-status]") == "预估"
        assert "预估金额" in page.inner_text("[data-testid=provisional-notice]")
        assert page.inner_text("[data-testid=payable-provisional]") == "预估"
        text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        for raw in ("under-500", "straight_through", "draft", "referred"):
            assert raw not in text, f"raw text {raw!r} on the Chinese page"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(page, "provisional-2-referred")
        page.locator("#photos").scroll_into_view_if_needed()
        shot(page, "provisional-3-findings")
