"""Service quality (issue 14 item 6) through the API: complaints linked to the staff responsible
give per-employee and per-team 差评率, satisfaction and deadline hit rate on the supervisor's
dashboard; the improvement-actions register records who owns an action and the evidence that it
worked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.disputes import endpoints
from api.disputes.classify import Cause
from api.disputes.trend import finer_cause
from tests.api.disputes.helpers import Desk, make_desk
from tests.fixtures.harness import Harness


def _me(desk: Desk, headers: dict[str, str]) -> str:
    return str(desk.h.client.get("/auth/me", headers=headers).json()["id"])


def _week(when: datetime, desk: Desk) -> str:
    year, week, _ = when.astimezone(desk.h.state.tz).isocalendar()
    return f"{year}-W{week:02d}"


def test_the_dashboard_counts_per_employee_and_per_team(harness: Harness) -> None:
    desk = make_desk(harness)
    moved = desk.post(f"/claims/{desk.claim_id}/transitions", desk.senior, {"to": "under_review", "reason": "审核"})
    assert moved.status_code == 200, moved.text
    complaint = desk.file()
    link = {"user_id": _me(desk, desk.senior), "reason": "定损工时偏高"}
    assert desk.post(f"/complaints/{complaint['id']}/staff-links", desk.handler, link).status_code == 201
    assert desk.post(f"/complaints/{complaint['id']}/staff-links", desk.handler, link).status_code == 409
    customer = {"user_id": _me(desk, desk.customer), "reason": "x"}
    assert desk.post(f"/complaints/{complaint['id']}/staff-links", desk.handler, customer).status_code == 422
    assert desk.decide(complaint["id"], "100.00").status_code == 201
    assert desk.post(f"/complaints/{complaint['id']}/confirm", desk.customer, {"satisfied": True}).status_code == 200
    due = datetime.fromisoformat(complaint["step_due_at"])
    url = f"/reports/complaints/quality?week={_week(due, desk)}&weeks=2"
    assert harness.client.get(url, headers=desk.handler).status_code == 403
    board = harness.client.get(url, headers=desk.supervisor).json()
    rows: dict[str, dict[str, Any]] = {e["user_id"]: e for e in board["employees"]}
    senior, handler = rows[_me(desk, desk.senior)], rows[_me(desk, desk.handler)]
    assert (senior["complaints"], senior["claims_handled"], senior["bad_review_rate"]) == (1, 1, "1.0000")
    assert senior["team"] == "senior_claims" and senior["satisfaction"] is None
    assert (handler["answered"], handler["satisfied"], handler["satisfaction"]) == (1, 1, "1.0000")
    assert (handler["deadlines_met"], handler["deadlines_decided"], handler["deadline_hit_rate"]) == (1, 1, "1.0000")
    teams = {t["team"]: t for t in board["teams"]}
    assert teams["front_line"]["satisfaction"] == "1.0000" and teams["senior_claims"]["complaints"] == 1
    bad = harness.client.get("/reports/complaints/quality?week=2026-W60", headers=desk.supervisor)
    assert bad.status_code == 422


def test_a_step_still_ahead_counts_neither_way_and_a_missed_one_counts_against_its_holder(harness: Harness) -> None:
    from api.disputes.quality import tally

    class Step:
        def __init__(self, holder: str, due: datetime, ended: datetime | None, overdue: bool = False) -> None:
            self.assignee_id, self.due_at, self.ended_at, self.overdue = holder, due, ended, overdue

    now = datetime(2026, 12, 3, tzinfo=UTC)
    steps = [
        Step("a", now - timedelta(days=1), now - timedelta(days=2)),  # met
        Step("a", now - timedelta(days=1), None),  # missed: passed, still open
        Step("a", now + timedelta(days=1), None),  # pending
        Step("b", now - timedelta(days=1), now - timedelta(days=1), overdue=True),  # escalated by the clock
    ]
    rows = tally(complaints=[], links=[], steps=steps, claims_handled={}, now=now)  # type: ignore[arg-type]
    a, b = rows["a"].to_json(), rows["b"].to_json()  # type: ignore[index]
    assert (a["deadlines_met"], a["deadlines_decided"], a["deadlines_pending"], a["deadline_hit_rate"]) == (
        1,
        2,
        1,
        "0.5000",
    )
    assert b["deadline_hit_rate"] == "0.0000" and a["bad_review_rate"] is None


def test_the_register_keeps_actions_until_their_effect_is_evidenced(harness: Harness) -> None:
    desk = make_desk(harness)
    body = {
        "source_week": "2026-W48",
        "source_topic": "deductible_unexplained",
        "title": "免赔额在定损单首页说明",
        "department": "claims",
        "due_date": "2026-12-10",
    }
    assert desk.post("/improvement-actions", desk.handler, body).status_code == 403
    assert desk.post("/improvement-actions", desk.supervisor, {**body, "source_week": "2026-W60"}).status_code == 422
    created = desk.post("/improvement-actions", desk.supervisor, body)
    assert created.status_code == 201, created.text
    action = created.json()
    assert action["status"] == "open" and action["department"] == "claims"
    listed = harness.client.get("/improvement-actions?week=2026-W48", headers=desk.handler).json()
    assert [a["id"] for a in listed] == [action["id"]]
    url = f"/improvement-actions/{action['id']}"
    patch = harness.client.patch
    assert patch(url, json={"status": "effective"}, headers=desk.supervisor).status_code == 422
    done = patch(url, json={"status": "done"}, headers=desk.supervisor)
    assert done.status_code == 200 and done.json()["status"] == "done"
    evidence = {"status": "effective", "evidence": "W50 免赔额相关投诉 0 起（W47 为 4 起）"}
    worked = patch(url, json=evidence, headers=desk.supervisor)
    assert worked.status_code == 200 and worked.json()["evidence"].startswith("W50")
    assert patch(url, json={"status": "done"}, headers=desk.supervisor).status_code == 409
    late = desk.post("/improvement-actions", desk.supervisor, {**body, "due_date": "2020-01-01"}).json()
    assert late["overdue"] is True


@pytest.mark.parametrize(
    ("text", "cause", "finer"),
    [
        ("4S店报价8750，你们定损才赔4340，金额太低", Cause.AMOUNT, "amount.below_expectation"),
        ("免赔额扣了500也没人解释", Cause.AMOUNT, "amount.deductible_unexplained"),
        ("后杠明明也坏了，定损漏了", Cause.AMOUNT, "amount.inaccurate_assessment"),
        ("审核太慢，等了两个星期", Cause.TIMELINESS, "timeliness.long_review"),
        ("反复要求补充材料", Cause.TIMELINESS, "timeliness.repeated_requests"),
        ("客服态度很差，很不耐烦", Cause.COMMUNICATION, "communication.bad_attitude"),
        ("催了好几次都没人回", Cause.COMMUNICATION, "communication.slow_feedback"),
        ("理赔结果一直没通知我", Cause.PROCESS, "process.result_not_told"),
        ("不满意", Cause.PROCESS, "process.other"),
        ("不满意", None, "unclassified"),
    ],
)
def test_finer_causes(text: str, cause: Cause | None, finer: str) -> None:
    assert finer_cause(text, "", cause) == finer


def test_the_weekly_review_by_finer_cause_week_on_week(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = make_desk(harness)
    now = {"at": datetime(2026, 11, 24, 2, tzinfo=UTC)}  # W48
    monkeypatch.setattr(endpoints, "utcnow", lambda: now["at"])
    desk.file(text="免赔额也没解释，金额太低", demand="")
    now["at"] = datetime(2026, 12, 1, 2, tzinfo=UTC)  # W49
    desk.claim_id = str(harness.create_claim(desk.customer)["id"])
    desk.file(text="4S店报价8750，你们定损才赔4340，金额太低")
    desk.file(text="客服态度很差，很不耐烦")
    url = "/reports/complaints/weekly/causes?week=2026-W49"
    assert harness.client.get(url, headers=desk.junior).status_code == 403
    trend = harness.client.get(url, headers=desk.handler).json()
    assert trend["previous_week"] == "2026-W48" and trend["complaints"] == {"this_week": 2, "previous_week": 1}
    finer = {r["key"]: (r["this_week"], r["previous_week"], r["change"]) for r in trend["by_finer_cause"]}
    assert finer == {
        "amount.below_expectation": (1, 0, 1),
        "amount.deductible_unexplained": (0, 1, -1),
        "communication.bad_attitude": (1, 0, 1),
    }
    causes = {r["key"]: r["change"] for r in trend["by_cause"]}
    assert causes == {"amount": 0, "communication": 1}
