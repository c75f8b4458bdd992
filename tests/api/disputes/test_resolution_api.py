from __future__ import annotations

import pytest

from tests.api.disputes.helpers import Desk, make_desk
from tests.fixtures.harness import Harness


def events(desk: Desk, complaint_id: str) -> list[dict[str, object]]:
    return list(desk.h.client.get(f"/complaints/{complaint_id}", headers=desk.handler).json()["events"])


@pytest.mark.parametrize(
    ("who", "amount", "status"),
    [
        ("handler", "500.00", "approved"),
        ("handler", "500.01", "pending_approval"),
        ("senior", "2000.00", "approved"),
        ("senior", "2000.01", "pending_approval"),
        ("supervisor", "50000.00", "approved"),
    ],
)
def test_decisions_within_authority_go_out_and_above_wait_for_a_supervisor(
    harness: Harness, who: str, amount: str, status: str
) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    response = desk.decide(complaint["id"], amount, getattr(desk, who))
    assert response.status_code == 201, response.text
    decision = response.json()
    assert decision["status"] == status and decision["compensation"] == amount
    detail = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
    if status == "approved":
        assert detail["status"] == "awaiting_confirmation" and detail["feedback_at"] is not None
        assert detail["steps"][0]["ended_at"] is not None and detail["follow_up_due_at"] is not None
    else:
        assert detail["status"] == "pending_approval" and detail["feedback_at"] is None
        assert [e["action"] for e in detail["events"]][-2:] == ["decided", "approval_requested"]


def test_a_supervisor_approves_or_rejects_with_a_reason(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    assert desk.decide(complaint["id"], "570.00").json()["status"] == "pending_approval"
    url = f"/complaints/{complaint['id']}/approve"
    assert desk.post(url, desk.handler, {"approve": True, "reason": "ok"}).status_code == 403
    rejected = desk.post(url, desk.supervisor, {"approve": False, "reason": "offer the labour gap only"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()["status"] == "open"
    assert desk.post(url, desk.supervisor, {"approve": True, "reason": "again"}).status_code == 409

    assert desk.decide(complaint["id"], "570.00").json()["status"] == "pending_approval"
    approved = desk.post(url, desk.supervisor, {"approve": True, "reason": "negotiable gap, within range"}).json()
    assert approved["status"] == "approved" and approved["reviewed_by_id"] is not None
    actions: list[str] = [str(e["action"]) for e in events(desk, complaint["id"])]
    # recorded at the same instant: the approval carries the decision out and gives the feedback
    assert sorted(actions[-4:]) == sorted(["approval_requested", "approved", "delivered", "feedback_given"])


def test_customer_confirmation_closes_the_loop(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    url = f"/complaints/{complaint['id']}/confirm"
    assert desk.post(url, desk.customer, {"satisfied": True}).status_code == 409  # nothing to confirm yet
    desk.decide(complaint["id"], "300.00")
    assert desk.post(url, desk.other, {"satisfied": True}).status_code == 404
    assert desk.post(url, desk.handler, {"satisfied": True}).status_code == 403
    confirmed = desk.post(url, desk.customer, {"satisfied": True, "comment": "收到，满意"})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "closed" and confirmed.json()["satisfied"] is True


def test_an_unsatisfied_customer_climbs_the_ladder_to_a_final_offer(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    url = f"/complaints/{complaint['id']}/confirm"
    levels = []
    for _ in range(4):
        assert desk.decide(complaint["id"], "100.00", desk.supervisor).status_code == 201
        result = desk.post(url, desk.customer, {"satisfied": False, "comment": "还是不满意"}).json()
        levels.append((result["level"], result["status"]))
    assert levels == [
        ("senior_claims", "open"),
        ("customer_service", "open"),
        ("mediation", "open"),
        ("mediation", "closed"),  # the final offer
    ]


def test_manual_escalation_is_recorded_and_stops_at_mediation(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    url = f"/complaints/{complaint['id']}/escalate"
    assert desk.post(url, desk.customer, {"reason": "x"}).status_code == 403
    assert desk.post(url, desk.handler, {"reason": ""}).status_code == 422
    # each level's own team (or one above it) hands the complaint on: see test_routing_api
    for level, who in (
        ("senior_claims", desk.handler),
        ("customer_service", desk.senior),
        ("mediation", desk.supervisor),
    ):
        response = desk.post(url, who, {"reason": "the customer asked for a senior handler"})
        assert response.status_code == 200 and response.json()["level"] == level
    assert desk.post(url, desk.supervisor, {"reason": "again"}).status_code == 409
    steps = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()["steps"]
    assert [s["level"] for s in steps] == ["front_line", "senior_claims", "customer_service", "mediation"]
    escalations = [e for e in events(desk, complaint["id"]) if e["action"] == "escalated"]
    roles = ["complaint_handler", "senior_adjuster", "supervisor"]
    assert [e["actor_role"] for e in escalations] == roles


@pytest.mark.parametrize(
    "body",
    [
        {"verdict": "justified", "remedies": [], "reason": "x"},
        {"verdict": "maybe", "remedies": ["voucher"], "reason": "x"},
        {"verdict": "justified", "remedies": ["voucher"], "reason": ""},
        {"verdict": "justified", "remedies": ["voucher"], "reason": "x", "compensation": {"amount": "-5.00"}},
        {"verdict": "justified", "remedies": ["voucher"], "reason": "x", "compensation": {"amount": 5.5}},
        {
            "verdict": "justified",
            "remedies": ["voucher"],
            "reason": "x",
            "compensation": {"amount": "5", "currency": "EUR"},
        },
    ],
)
def test_bad_decisions_are_422_and_record_nothing(harness: Harness, body: dict[str, object]) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    before = harness.row_counts()
    response = desk.post(f"/complaints/{complaint['id']}/decision", desk.handler, body)
    assert response.status_code == 422 and harness.row_counts() == before


def test_customers_and_adjusters_do_not_decide(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    assert desk.decide(complaint["id"], "10.00", desk.customer).status_code == 403
    assert desk.decide(complaint["id"], "10.00", desk.junior).status_code == 403
    assert desk.decide(complaint["id"], "10.00", desk.admin).status_code == 403
