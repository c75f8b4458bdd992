"""The customer's revisit surveys page: the survey in Chinese, an incomplete form refused with
the survey marked (nothing stored), a complete one stored through the same service as the API."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from api.auth.roles import Role
from api.scheduler import run_once
from tests.api.surveys.helpers import T0, claim_at
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"
RAW_KEY = re.compile(r"\b(survey|nav)\.[a-z_.]+")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_customer_answers_a_survey_on_the_page(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    user = h.user(Role.CUSTOMER)
    claim_at(h, h.headers(user))
    assert run_once(h.state, now=T0 + timedelta(days=3)).revisits_sent == 1
    sign_in(user)
    page = h.client.get("/web/surveys")
    text = _text(page.text)
    assert page.status_code == 200
    assert "报案后回访" in text and "流程便捷性" in text and "下次出险会继续选择我们吗？" in text
    assert not RAW_KEY.search(text), RAW_KEY.search(text)
    [survey_id] = re.findall(r'action="/web/surveys/([0-9a-f-]+)/answers"', page.text)

    partial = {"csrf_token": h.client.cookies[CSRF], "convenience": "4", "overall": "5"}
    refused = h.client.post(f"/web/surveys/{survey_id}/answers", data=partial)
    assert refused.status_code == 422 and "请为每一项选择1到5分。" in _text(refused.text)
    assert h.client.get("/me/surveys", headers=h.headers(user)).json()["unanswered"] == 1

    full = {**partial, "communication": "2", "amount_fairness": "3", "improve": "回访太晚", "would_return": "no"}
    saved = h.client.post(f"/web/surveys/{survey_id}/answers", data=full)
    assert saved.status_code == 303 and saved.headers["location"] == "/web/surveys?answered=1"
    after = _text(h.client.get("/web/surveys?answered=1").text)
    assert "感谢您的评价！" in after and "已评价" in after
    again = h.client.post(f"/web/surveys/{survey_id}/answers", data=full)
    assert again.status_code == 409
    follow_ups = h.client.get("/survey-follow-ups", headers=h.login(Role.SUPERVISOR)[1]).json()
    assert [f["low_items"] for f in follow_ups] == ["communication"]
    assert "My surveys" in _text(h.client.get("/web/surveys?lang=en").text)
