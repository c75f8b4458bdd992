"""The 定损单 on a phone keeps each photo's shape: a photo wider than the screen is scaled down
as a whole (it was squeezed sideways, its height kept). Skips, saying why, where Chromium or
Playwright is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.auth.roles import Role
from tests.api.signing.helpers import approved_claim
from tests.fixtures.harness import Harness
from tests.web.live_server import PHONE, LiveServer, browser_app, chromium, shot, sign_in_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with browser_app(sqlite_template, tmp_path_factory.mktemp("report-browser")) as live:
        yield live


def test_report_photos_keep_their_aspect_on_a_phone(server: LiveServer, tmp_path: Path) -> None:
    with httpx.Client(base_url=server.base_url) as client:
        h = Harness(client=client, state=server.state)  # type: ignore[arg-type]
        customer = h.user(Role.CUSTOMER)
        claim_id = approved_claim(h, h.headers(customer))
    with chromium(tmp_path / "profile", locale="zh-CN", viewport=PHONE) as context:
        page = context.new_page()
        sign_in_page(page, server.base_url, customer.email)
        page.goto(f"{server.base_url}/web/claims/{claim_id}/estimates/1/report")
        sizes = page.eval_on_selector_all(
            "figure img", "els => els.map(e => [e.naturalWidth, e.naturalHeight, e.clientWidth, e.clientHeight])"
        )
        shot(page, "report-phone")

    assert sizes, "the report shows the claim's photos"
    for natural_w, natural_h, shown_w, shown_h in sizes:
        assert shown_w <= PHONE["width"]  # scaled to the screen
        assert shown_w / shown_h == pytest.approx(natural_w / natural_h, rel=0.02)
