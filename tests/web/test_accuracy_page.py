"""The supervisors' AI accuracy panel shows the API's figures, row by row (per week, model version
and damage type, and the totals), on the fixture claims of the API's test; a bad period is a 422
page, never a 500."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from api.auth.roles import Role
from tests.api.accuracy.test_ai_accuracy import _fixture
from tests.fixtures.harness import Harness

PERIOD = "from=2026-11-16&to=2026-11-29"


def _table(html: str, testid: str) -> list[list[str]]:
    [table] = re.findall(rf'<table data-testid="{testid}">(.*?)</table>', html, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]  # the header row first
    cells = (re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows)
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in row] for row in cells]


def _pct(share: str | None) -> str:
    return "—" if share is None else f"{Decimal(share) * 100:.1f}%"


def test_the_panel_shows_the_apis_figures(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    _fixture(h)
    supervisor = h.user(Role.SUPERVISOR)
    api = h.client.get(f"/reports/ai-accuracy?{PERIOD}", headers=h.headers(supervisor)).json()
    sign_in(supervisor)

    page = h.client.get(f"/web/reports/ai-accuracy?{PERIOD}")

    assert page.status_code == 200, page.text[:300]
    damage_zh = {"dent": "凹陷", "scratch": "划痕"}
    assert _table(page.text, "accuracy-rows") == [
        [
            r["week"],
            r["model_version"],
            damage_zh[r["damage_type"]],
            str(r["ai_findings"]),
            f"{_pct(r['kept_share'])} ({r['kept']})",
            f"{_pct(r['changed_share'])} ({r['changed']})",
            f"{_pct(r['rejected_share'])} ({r['rejected']})",
            str(r["added"]),
        ]
        for r in api["rows"]
    ]
    assert _table(page.text, "accuracy-totals") == [
        [
            t["week"],
            t["model_version"],
            str(t["claims"]),
            str(t["ai_findings"]),
            _pct(t["kept_share"]),
            _pct(t["changed_share"]),
            _pct(t["rejected_share"]),
            str(t["added"]),
            f"{_pct(t['lines_added_share'])} ({t['claims_with_added']}/{t['claims']})",
        ]
        for t in api["totals"]
    ]
    assert len(api["rows"]) == 3 and len(api["totals"]) == 2  # the fixture's figures, as the API test has them


@pytest.mark.parametrize("query", ["from=2026-11-30&to=2026-11-01", "from=2025-01-01&to=2026-11-30", "from=2026-13-01"])
def test_a_bad_period_on_the_panel_is_a_422_page(web_harness: Harness, sign_in: Callable[..., Any], query: str) -> None:
    sign_in(web_harness.user(Role.SUPERVISOR))
    page = web_harness.client.get(f"/web/reports/ai-accuracy?{query}")
    assert page.status_code == 422, page.text[:300]
    assert "text/html" in page.headers["content-type"]
