"""Routing and contact (issue 14 item 3) through the API: a team and an assignee per level, who
may act at each level, severe complaints held by a supervisor, the calming gate, the contact log,
follow-ups of unconfirmed feedback, delay notices and the mediation body at the last level.
Clocks are frozen where a rule depends on the time."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import OutboxMessage
from tests.api.disputes.helpers import DESK_T0 as T0
from tests.api.disputes.helpers import Desk, make_desk
from tests.fixtures.harness import Harness


def _routing(desk: Desk, complaint_id: str) -> dict[str, Any]:
    response = desk.h.client.get(f"/complaints/{complaint_id}/routing", headers=desk.handler)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _user_id(desk: Desk, headers: dict[str, str]) -> str:
    return str(desk.h.client.get("/auth/me", headers=headers).json()["id"])


def _escalate(desk: Desk, complaint_id: str, headers: dict[str, str]) -> Any:
    return desk.post(f"/complaints/{complaint_id}/escalate", headers, {"reason": "客户要求上级处理"})


def _outbox(desk: Desk, kind: str) -> list[dict[str, Any]]:
    with desk.h.session() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        return [dict(r.payload) | {"recipient_id": str(r.recipient_id)} for r in rows if r.payload.get("kind") == kind]


def test_each_level_is_held_by_its_team_and_only_its_team_or_above_acts(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    front = _routing(desk, complaint["id"])
    assert front["team"] == "一线客服" and front["assignee_id"] == _user_id(desk, desk.handler)
    assert front["acting_roles"] == ["complaint_handler", "senior_adjuster", "supervisor"]
    assert _escalate(desk, complaint["id"], desk.handler).status_code == 200
    senior = _routing(desk, complaint["id"])
    assert senior["team"] == "理赔专员团队" and senior["assignee_id"] == _user_id(desk, desk.senior)
    refused = desk.decide(complaint["id"], "100.00", desk.handler)
    assert refused.status_code == 403 and refused.json()["type"].endswith("not-at-this-level")
    assert _escalate(desk, complaint["id"], desk.handler).status_code == 403
    assert _escalate(desk, complaint["id"], desk.senior).status_code == 200
    group = _routing(desk, complaint["id"])
    assert group["team"] == "客服部跨部门小组" and group["assignee_id"] == _user_id(desk, desk.supervisor)
    assert desk.decide(complaint["id"], "100.00", desk.senior).status_code == 403
    assert desk.decide(complaint["id"], "100.00", desk.supervisor).status_code == 201
    steps = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()["steps"]
    assert [s["assignee_id"] for s in steps] == [
        _user_id(desk, desk.handler),
        _user_id(desk, desk.senior),
        _user_id(desk, desk.supervisor),
    ]


def test_new_work_goes_to_the_least_loaded_member_of_the_team(harness: Harness) -> None:
    desk = make_desk(harness)
    first = desk.file()
    second_handler = harness.login(Role.COMPLAINT_HANDLER)[1]
    second = desk.file()
    desk.claim_id = str(harness.create_claim(desk.customer)["id"])  # a third on the same claim would be severe
    third = desk.file()
    holders = [_routing(desk, c["id"])["assignee_id"] for c in (first, second, third)]
    assert holders[0] == holders[2] == _user_id(desk, desk.handler)
    assert holders[1] == _user_id(desk, second_handler)


def test_a_supervisor_reassigns_within_the_team_that_holds_the_level(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    other_handler = harness.login(Role.COMPLAINT_HANDLER)[1]
    url = f"/complaints/{complaint['id']}/assignment"
    body = {"assignee_id": _user_id(desk, other_handler), "reason": "熟悉该车型"}
    assert desk.post(url, desk.handler, body).status_code == 403
    assert desk.post(url, desk.supervisor, {**body, "assignee_id": _user_id(desk, desk.senior)}).status_code == 422
    assert desk.post(url, desk.supervisor, {**body, "assignee_id": str(uuid.uuid4())}).status_code == 422
    moved = desk.post(url, desk.supervisor, body)
    assert moved.status_code == 200 and moved.json()["assignee_id"] == body["assignee_id"]


def test_a_severe_complaint_is_held_and_decided_by_a_supervisor(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    marked = desk.post(f"/complaints/{complaint['id']}/severe", desk.handler, {"reason": "服务态度恶劣，多次投诉"})
    assert marked.status_code == 200, marked.text
    assert marked.json()["severe"] is True and marked.json()["assignee_id"] == _user_id(desk, desk.supervisor)
    for who in (desk.handler, desk.senior):
        refused = desk.decide(complaint["id"], "100.00", who)
        assert refused.status_code == 403 and refused.json()["type"].endswith("severe-needs-supervisor")
    assert desk.decide(complaint["id"], "100.00", desk.supervisor).status_code == 201


def test_repeated_unresolved_complaints_make_the_next_one_severe_from_the_start(harness: Harness) -> None:
    desk = make_desk(harness)
    desk.file()
    desk.file()
    third = desk.file()
    routed = _routing(desk, third["id"])
    assert routed["severe"] is True and "unresolved" in routed["severe_reason"]
    assert routed["assignee_id"] == _user_id(desk, desk.supervisor)


def test_no_solution_is_proposed_to_an_upset_customer_until_a_calming_contact(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    contacts = f"/complaints/{complaint['id']}/contacts"
    upset = {"channel": "phone", "purpose": "intake", "outcome": "reached", "customer_calmed": False}
    assert desk.post(contacts, desk.handler, upset).status_code == 201
    assert _routing(desk, complaint["id"])["customer_upset"] is True
    before = harness.row_counts()
    refused = desk.decide(complaint["id"], "100.00")
    assert refused.status_code == 409 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("customer-upset") and refused.json()["gate"] == "calming_contact"
    assert harness.row_counts() == before
    # an explanation that left them calm is not the calming contact; a missed call says nothing of mood
    explained = {"channel": "phone", "purpose": "explanation", "outcome": "reached", "customer_calmed": True}
    assert desk.post(contacts, desk.handler, explained).status_code == 201
    missed = {"channel": "phone", "purpose": "calming", "outcome": "not_reached", "customer_calmed": True}
    assert desk.post(contacts, desk.handler, missed).status_code == 422
    assert desk.decide(complaint["id"], "100.00").status_code == 409
    calmed = {"channel": "phone", "purpose": "calming", "outcome": "reached", "customer_calmed": True, "note": "已安抚"}
    assert desk.post(contacts, desk.handler, calmed).status_code == 201
    assert _routing(desk, complaint["id"])["customer_upset"] is False
    assert desk.decide(complaint["id"], "100.00").status_code == 201
    log = harness.client.get(contacts, headers=desk.senior).json()
    assert [(c["purpose"], c["customer_calmed"]) for c in log] == [
        ("intake", False),
        ("explanation", True),
        ("calming", True),
    ]


def test_an_approval_waits_for_the_calming_contact_too(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    assert desk.decide(complaint["id"], "900.00").json()["status"] == "pending_approval"
    assert (
        desk.post(f"/complaints/{complaint['id']}/upset", desk.handler, {"reason": "来电情绪激动"}).status_code == 200
    )
    approve = f"/complaints/{complaint['id']}/approve"
    refused = desk.post(approve, desk.supervisor, {"approve": True, "reason": "同意"})
    assert refused.status_code == 409 and refused.json()["gate"] == "calming_contact"
    assert desk.post(approve, desk.supervisor, {"approve": False, "reason": "金额需再核"}).status_code == 200


def test_a_delay_notice_tells_the_customer_the_reason_and_the_new_time(
    harness: Harness, clock: dict[str, datetime]
) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    url = f"/complaints/{complaint['id']}/delay-notices"
    promised = datetime.fromisoformat(complaint["feedback_due_at"])
    assert promised == T0 + timedelta(hours=24)
    clock["now"] = T0 + timedelta(hours=20)
    new_time = "2026-12-03T18:00:00+08:00"
    for bad in (
        {"reason": "需第三方定损复核", "new_time": "2026-12-02T09:00:00+08:00"},  # before the time promised
        {"reason": "需第三方定损复核", "new_time": "2027-01-15T09:00:00+08:00"},  # past 30 days
        {"reason": "需第三方定损复核", "new_time": "2026-12-03T18:00:00"},  # no time zone
    ):
        assert desk.post(url, desk.handler, bad).status_code == 422, bad
    rude = desk.post(url, desk.handler, {"reason": "按规定就是要等", "new_time": new_time})
    assert rude.status_code == 422 and rude.json()["type"].endswith("non-neutral-wording")
    assert [p["phrase"] for p in rude.json()["phrases"]] == ["按规定"]
    sent = desk.post(url, desk.handler, {"reason": "需第三方定损复核", "new_time": new_time})
    assert sent.status_code == 201, sent.text
    assert sent.json()["in_advance"] is True and datetime.fromisoformat(sent.json()["previous_time"]) == promised
    inbox = harness.client.get("/me/inbox", headers=desk.customer).json()["items"]
    [message] = [m for m in inbox if m["topic"] == "complaint.delayed"]  # its own topic (the customer's inbox)
    assert "需第三方定损复核" in message["body"] and "2026-12-03 18:00" in message["body"]
    promised_now = datetime.fromisoformat(_routing(desk, complaint["id"])["promised_feedback_at"])
    assert promised_now == datetime.fromisoformat(new_time)
    # a second notice cannot move the time earlier; once feedback is given there is nothing to delay
    again = desk.post(url, desk.handler, {"reason": "需第三方定损复核", "new_time": "2026-12-03T12:00:00+08:00"})
    assert again.status_code == 422
    assert desk.decide(complaint["id"], "100.00").status_code == 201
    late = desk.post(url, desk.handler, {"reason": "需第三方定损复核", "new_time": "2026-12-04T18:00:00+08:00"})
    assert late.status_code == 409


def test_unconfirmed_feedback_is_followed_up_until_closed_unconfirmed(
    harness: Harness, clock: dict[str, datetime]
) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    url = f"/complaints/{complaint['id']}/follow-ups"
    assert desk.post(url, desk.handler, {"channel": "phone", "outcome": "not_reached"}).status_code == 409
    assert desk.decide(complaint["id"], "100.00").status_code == 201
    dues = []
    for attempt in (1, 2):
        clock["now"] = T0 + timedelta(days=3 * attempt)
        assert desk.post(url, desk.handler, {"channel": "phone", "outcome": "not_reached"}).status_code == 201
        detail = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
        assert detail["status"] == "awaiting_confirmation" and detail["follow_up_attempts"] == attempt
        assert detail["follow_up_at"] is None  # the scheduler makes the next follow-up task when due
        dues.append(datetime.fromisoformat(detail["follow_up_due_at"]))
    assert dues[0] < dues[1] and all(d > T0 for d in dues)
    clock["now"] = T0 + timedelta(days=9)
    last = desk.post(url, desk.handler, {"channel": "sms", "outcome": "asked_for_time"})
    assert last.status_code == 201
    closed = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
    assert closed["status"] == "closed" and closed["satisfied"] is None and closed["follow_up_attempts"] == 3
    follow_ups = [e for e in closed["events"] if e["action"] == "follow_up_recorded"]
    assert [e["details"]["outcome"] for e in follow_ups] == ["not_reached", "not_reached", "asked_for_time"]
    assert "closed unconfirmed" in follow_ups[-1]["reason"]


@pytest.mark.parametrize(
    ("outcome", "status", "level", "satisfied"),
    [
        ("confirmed_satisfied", "closed", "front_line", True),
        ("not_satisfied", "open", "senior_claims", False),
    ],
)
def test_a_follow_up_that_reaches_the_customer_settles_the_feedback(
    harness: Harness, outcome: str, status: str, level: str, satisfied: bool
) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    assert desk.decide(complaint["id"], "100.00").status_code == 201
    body = {"channel": "phone", "outcome": outcome, "note": "电话回访"}
    assert desk.post(f"/complaints/{complaint['id']}/follow-ups", desk.handler, body).status_code == 201
    detail = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
    assert (detail["status"], detail["level"], detail["satisfied"]) == (status, level, satisfied)
    confirmed = [e for e in detail["events"] if e["action"] == "confirmed"]
    assert confirmed[-1]["details"]["on_behalf"] is True and confirmed[-1]["actor_role"] == "complaint_handler"


def test_the_last_level_offers_the_mediation_body_once(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    for who in (desk.handler, desk.senior, desk.supervisor):
        assert _escalate(desk, complaint["id"], who).status_code == 200
    mine = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.customer).json()
    assert mine["level"] == "mediation" and "调解" in mine["mediation_offer"] and "12378" in mine["mediation_offer"]
    [message] = _outbox(desk, "mediation_offered")
    assert message["recipient_id"] == _user_id(desk, desk.customer) and "12378" in message["message"]
    assert desk.decide(complaint["id"], "100.00", desk.supervisor).status_code == 201
    confirm = desk.post(f"/complaints/{complaint['id']}/confirm", desk.customer, {"satisfied": False})
    assert confirm.json()["status"] == "closed"
    assert len(_outbox(desk, "mediation_offered")) == 1


def test_words_to_avoid_are_refused_before_they_reach_the_customer(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    before = harness.row_counts()
    body = {
        "verdict": "not_justified",
        "remedies": ["explain_with_evidence"],
        "reason": "按公司规定，这个不可能赔",
    }
    refused = desk.post(f"/complaints/{complaint['id']}/decision", desk.handler, body)
    assert refused.status_code == 422 and refused.json()["type"].endswith("non-neutral-wording")
    assert [(p["field"], p["phrase"]) for p in refused.json()["phrases"]] == [
        ("reason", "公司规定"),
        ("reason", "不可能"),
    ]
    assert all(p["suggestion"] for p in refused.json()["phrases"]) and harness.row_counts() == before
    checked = desk.post("/wording/check", desk.handler, {"text": "你们不懂，不行"}).json()
    assert checked["neutral"] is False and [f["phrase"] for f in checked["findings"]] == ["你们不懂", "不行"]
    neutral = "根据条款第十条，目前暂不支持该项目；定损时参考了市场价格，我们会进一步核实。"
    assert desk.post("/wording/check", desk.handler, {"text": neutral}).json() == {"neutral": True, "findings": []}
