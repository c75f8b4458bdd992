from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from api.errors import PROBLEM_MEDIA_TYPE
from tests.api.disputes.helpers import make_desk
from tests.fixtures.harness import Harness


def test_customer_files_a_complaint_on_their_claim(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file(estimate_version=2)
    assert complaint["cause"] == "amount" and complaint["status"] == "open"
    assert complaint["level"] == "front_line" and complaint["level_label"] == "一线客服"
    received = datetime.fromisoformat(complaint["received_at"])
    assert datetime.fromisoformat(complaint["feedback_due_at"]) - received == timedelta(hours=24)
    assert datetime.fromisoformat(complaint["step_due_at"]) > received
    assert "classification" not in complaint and "contact" not in complaint  # the customer's view


def test_the_desk_files_on_the_customers_behalf_and_sees_why_it_was_classified(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file(desk.handler, channel="phone", text="电话一直没人接，客服态度差")
    assert complaint["cause"] == "communication"
    assert {m["keyword"] for m in complaint["classification"]["matched"]} >= {"没人接", "态度"}
    assert complaint["steps"][0]["level"] == "front_line"


def test_a_complaint_on_someone_elses_claim_is_not_found_and_records_nothing(harness: Harness) -> None:
    desk = make_desk(harness)
    before = harness.row_counts()
    response = harness.client.post(
        f"/claims/{desk.claim_id}/complaints", json={"channel": "app", "text": "太慢"}, headers=desk.other
    )
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["type"] == "urn:claimsight:problem:claim-not-found"
    assert harness.row_counts() == before


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "fax", "text": "太慢"},
        {"channel": "app", "text": ""},
        {"channel": "app", "text": "太慢", "estimate_version": 0},
        {"channel": "app", "text": "太慢", "unexpected": 1},
    ],
)
def test_bad_complaints_are_422_problems(harness: Harness, body: dict[str, object]) -> None:
    desk = make_desk(harness)
    before = harness.row_counts()
    response = harness.client.post(f"/claims/{desk.claim_id}/complaints", json=body, headers=desk.customer)
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert harness.row_counts() == before


def test_adjusters_may_not_file_complaints(harness: Harness) -> None:
    desk = make_desk(harness)
    response = harness.client.post(
        f"/claims/{desk.claim_id}/complaints", json={"channel": "app", "text": "太慢"}, headers=desk.junior
    )
    assert response.status_code == 403


def test_the_handler_reclassifies_with_a_reason_on_the_record(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    response = harness.client.patch(
        f"/complaints/{complaint['id']}",
        json={"cause": "process", "reason": "the customer's real issue is the unexplained deductible process"},
        headers=desk.handler,
    )
    assert response.status_code == 200, response.text
    assert response.json()["cause"] == "process" and response.json()["cause_set_by_handler"] is True
    detail = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
    event = detail["events"][-1]
    assert event["action"] == "reclassified" and event["details"] == {"from": "amount", "to": "process"}
    assert event["actor_role"] == "complaint_handler" and "deductible" in event["reason"]
    assert (
        harness.client.patch(
            f"/complaints/{complaint['id']}", json={"cause": "process"}, headers=desk.handler
        ).status_code
        == 422
    )  # no reason
    assert (
        harness.client.patch(
            f"/complaints/{complaint['id']}", json={"cause": "process", "reason": "x"}, headers=desk.customer
        ).status_code
        == 403
    )


def test_queue_is_for_the_desk_and_shows_clocks(harness: Harness) -> None:
    desk = make_desk(harness)
    first, second = desk.file(), desk.file(text="太慢了")
    response = harness.client.get("/complaints", headers=desk.handler)
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 2 and {c["id"] for c in page["items"]} == {first["id"], second["id"]}
    assert all("step_due_at" in c and c["overdue"] is False for c in page["items"])
    assert harness.client.get("/complaints?overdue=true", headers=desk.handler).json()["total"] == 0
    assert harness.client.get("/complaints?level=senior_claims", headers=desk.handler).json()["total"] == 0
    assert harness.client.get("/complaints", headers=desk.customer).status_code == 403


def test_customers_see_their_own_complaints_only(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    assert harness.client.get(f"/complaints/{complaint['id']}", headers=desk.customer).status_code == 200
    response = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.other)
    assert response.status_code == 404 and response.json()["type"] == "urn:claimsight:problem:complaint-not-found"
