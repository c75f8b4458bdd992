"""The weekly complaint report page shows the week's survey satisfaction (issue 14 item 4: mean
overall score and response rate, as the API's report gives them) and, to a supervisor, the way to
the finer causes with their week-on-week trend."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.api.surveys.test_answers import GOOD, sent_survey
from tests.fixtures.harness import Harness


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_weekly_page_gives_the_weeks_satisfaction(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    customers = [h.login(Role.CUSTOMER)[1] for _ in range(3)]
    surveys = [sent_survey(h, headers) for headers in customers]  # sent in 2026-W45
    for headers, survey_id, overall in zip(customers[:2], surveys[:2], (5, 2), strict=True):
        answered = h.client.post(f"/surveys/{survey_id}/answers", json={**GOOD, "overall": overall}, headers=headers)
        assert answered.status_code == 201
    sign_in(h.user(Role.COMPLAINT_HANDLER))
    page = h.client.get("/web/reports/weekly?week=2026-W45")
    assert page.status_code == 200
    shown = _text(page.text.split('data-testid="weekly-satisfaction"', 1)[1].split("</p>", 1)[0])
    assert "回访满意度" in shown and "3.50" in shown and "67%" in shown and "2/3" in shown
    assert 'data-testid="finer-causes-link"' not in page.text  # the quality page is the supervisor's
    empty = _text(h.client.get("/web/reports/weekly?week=2026-W40").text)
    assert "回访满意度" in empty and "0/0" in empty
    sign_in(h.user(Role.SUPERVISOR))
    assert 'href="/web/supervisor/quality?week=2026-W45"' in h.client.get("/web/reports/weekly?week=2026-W45").text
