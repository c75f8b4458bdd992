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


def _low_score_follow_up(h: Harness) -> str:
    _, customer = h.login(Role.CUSTOMER)
    claim_at(h, customer)
    assert run_once(h.state, now=T0 + timedelta(days=3)).revisits_sent >= 1
    [survey] = h.client.get("/me/surveys", headers=customer).json()["items"]
    low = {"convenience": 4, "communication": 1, "amount_fairness": 3, "overall": 2}
    assert h.client.post(f"/surveys/{survey['id']}/answers", json=low, headers=customer).status_code == 201
    [follow_up] = h.client.get("/survey-follow-ups", headers=h.login(Role.SUPERVISOR)[1]).json()
    return str(follow_up["id"])


def test_a_handler_closes_a_follow_up_on_the_page_and_it_moves_to_the_history(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    follow_up_id = _low_score_follow_up(h)
    handler = h.user(Role.COMPLAINT_HANDLER)
    sign_in(handler)
    page = h.client.get("/web/survey-follow-ups")
    text = _text(page.text)
    assert page.status_code == 200 and "低分回访重点跟进" in text and "沟通效率、总体满意度" in text
    assert f'action="/web/survey-follow-ups/{follow_up_id}/closure"' in page.text
    assert "已关闭的跟进" in text and not RAW_KEY.search(text), RAW_KEY.search(text)

    form = {"csrf_token": h.client.cookies[CSRF], "channel": "phone", "outcome": "explained", "customer_calmed": "yes"}
    rude = h.client.post(f"/web/survey-follow-ups/{follow_up_id}/closure", data={**form, "note": "公司规定就是这样"})
    assert rude.status_code == 422 and "公司规定" in _text(rude.text)
    closed = h.client.post(f"/web/survey-follow-ups/{follow_up_id}/closure", data={**form, "note": "已说明金额构成"})
    assert closed.status_code == 303, closed.text
    after = h.client.get("/web/survey-follow-ups")
    assert f'action="/web/survey-follow-ups/{follow_up_id}/closure"' not in after.text
    history = _text(after.text.split('data-testid="closed-follow-ups"', 1)[1])
    assert "已解释说明" in history and "已说明金额构成" in history and handler.email in history and "电话" in history
    again = h.client.post(f"/web/survey-follow-ups/{follow_up_id}/closure", data={**form, "note": "再次"})
    assert again.status_code == 409
    [row] = h.client.get("/survey-follow-ups?open=false", headers=h.headers(handler)).json()
    assert row["status"] == "done" and row["note"] == "已说明金额构成"


def test_a_senior_adjuster_reads_the_follow_ups_without_a_closing_form(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    follow_up_id = _low_score_follow_up(h)
    sign_in(h.user(Role.SENIOR_ADJUSTER))
    page = h.client.get("/web/survey-follow-ups")
    assert page.status_code == 200 and 'data-testid="follow-up"' in page.text
    assert "/closure" not in page.text
    form = {"csrf_token": h.client.cookies[CSRF], "channel": "phone", "outcome": "not_reached"}
    assert h.client.post(f"/web/survey-follow-ups/{follow_up_id}/closure", data=form).status_code == 403


def test_the_supervisor_desk_links_each_open_follow_up_to_its_closing_form(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    follow_up_id = _low_score_follow_up(h)
    sign_in(h.user(Role.SUPERVISOR))
    desk = h.client.get("/web/supervisor").text
    assert f'href="/web/survey-follow-ups#follow-up-{follow_up_id}"' in desk
    assert f'id="follow-up-{follow_up_id}"' in h.client.get("/web/survey-follow-ups").text
