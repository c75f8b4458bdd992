"""The customer answers a sent survey once; bad scores are a 422, a second answer a 409; a score
of 2 or less opens a priority follow-up the desk sees; the weekly review reports satisfaction."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from api.auth.roles import Role
from api.scheduler import run_once
from tests.api.surveys.helpers import T0, claim_at
from tests.fixtures.harness import Harness

GOOD = {"convenience": 5, "communication": 4, "amount_fairness": 4, "overall": 5}


def sent_survey(h: Harness, headers: dict[str, str], reported_at: datetime = T0) -> str:
    claim_at(h, headers, reported_at)
    assert run_once(h.state, now=reported_at + timedelta(days=3)).revisits_sent >= 1
    items = h.client.get("/me/surveys", headers=headers).json()["items"]
    return str(items[0]["id"])


def test_the_customer_lists_and_answers_a_survey_once(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    survey_id = sent_survey(harness, headers)
    listed = harness.client.get("/me/surveys", headers=headers).json()
    assert listed["unanswered"] == 1
    survey = listed["items"][0]
    assert survey["stage"] == "submitted" and survey["stage_label"] == "报案后回访"
    assert [q["label"] for q in survey["questions"]] == ["流程便捷性", "沟通效率", "金额合理性", "总体满意度"]
    assert [q["label"] for q in survey["open_questions"]] == ["您认为哪些环节可以改进？", "下次出险会继续选择我们吗？"]

    body = {**GOOD, "improve": "上传照片的步骤可以更简单", "would_return": "yes"}
    answered = harness.client.post(f"/surveys/{survey_id}/answers", json=body, headers=headers)
    assert answered.status_code == 201, answered.text
    assert answered.json()["overall"] == 5 and answered.json()["answered_at"] is not None

    again = harness.client.post(f"/surveys/{survey_id}/answers", json=GOOD, headers=headers)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["type"].endswith("survey-answered")
    assert harness.client.get("/me/surveys", headers=headers).json()["unanswered"] == 0
    desk = harness.login(Role.SUPERVISOR)[1]
    assert harness.client.get("/survey-follow-ups", headers=desk).json() == []


def bad(body: dict[str, Any]) -> dict[str, Any]:
    return {**GOOD, **body}


def test_bad_answers_are_422_problems_and_change_nothing(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    survey_id = sent_survey(harness, headers)
    for body in (bad({"overall": 6}), bad({"convenience": 0}), bad({"would_return": "maybe"}), {"overall": 3}):
        response = harness.client.post(f"/surveys/{survey_id}/answers", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.headers["content-type"].startswith("application/problem+json")
    assert harness.client.get("/me/surveys", headers=headers).json()["unanswered"] == 1


def test_another_customers_or_unknown_survey_is_not_found(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    survey_id = sent_survey(harness, headers)
    other = harness.login(Role.CUSTOMER)[1]
    assert harness.client.get("/me/surveys", headers=other).json()["items"] == []
    for target in (survey_id, str(uuid.uuid4())):
        response = harness.client.post(f"/surveys/{target}/answers", json=GOOD, headers=other)
        assert response.status_code == 404
        assert response.json()["type"].endswith("survey-not-found")


def test_a_score_of_two_or_less_opens_a_priority_follow_up(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    survey_id = sent_survey(harness, headers)
    low = {"convenience": 4, "communication": 2, "amount_fairness": 1, "overall": 3}
    assert harness.client.post(f"/surveys/{survey_id}/answers", json=low, headers=headers).status_code == 201
    desk = harness.login(Role.COMPLAINT_HANDLER)[1]
    [follow_up] = harness.client.get("/survey-follow-ups", headers=desk).json()
    assert follow_up["revisit_id"] == survey_id
    assert follow_up["low_items"] == "communication,amount_fairness"
    assert follow_up["lowest_score"] == 1 and follow_up["status"] == "open"


def test_three_is_not_low(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    survey_id = sent_survey(harness, headers)
    body = {"convenience": 3, "communication": 3, "amount_fairness": 3, "overall": 3}
    assert harness.client.post(f"/surveys/{survey_id}/answers", json=body, headers=headers).status_code == 201
    assert harness.client.get("/survey-follow-ups", headers=harness.login(Role.SUPERVISOR)[1]).json() == []


def test_the_weekly_report_gives_response_rate_and_mean_overall(harness: Harness) -> None:
    # Sent on Thursday 2026-11-05 09:00 Shanghai (ISO week 2026-W45): three surveys, two answered.
    customers = [harness.login(Role.CUSTOMER)[1] for _ in range(3)]
    surveys = [sent_survey(harness, h) for h in customers]
    for headers, survey_id, overall in zip(customers[:2], surveys[:2], (5, 2), strict=True):
        body = {**GOOD, "overall": overall}
        assert harness.client.post(f"/surveys/{survey_id}/answers", json=body, headers=headers).status_code == 201
    # one sent the week after does not count
    sent_survey(harness, harness.login(Role.CUSTOMER)[1], reported_at=T0 + timedelta(days=7))
    desk = harness.login(Role.SUPERVISOR)[1]
    report = harness.client.get("/reports/complaints/weekly?week=2026-W45", headers=desk).json()
    assert report["satisfaction"] == {
        "surveys_sent": 3,
        "surveys_answered": 2,
        "response_rate": "0.6667",
        "mean_overall": "3.50",
    }
    csv = harness.client.get("/reports/complaints/weekly?week=2026-W45&format=csv", headers=desk).text
    assert "satisfaction,response_rate,0.6667" in csv and "satisfaction,mean_overall,3.50" in csv
    empty = harness.client.get("/reports/complaints/weekly?week=2026-W40", headers=desk).json()
    assert empty["satisfaction"] == {
        "surveys_sent": 0,
        "surveys_answered": 0,
        "response_rate": None,
        "mean_overall": None,
    }
