"""Disputing the amount is one operation: the complaint is filed and the claim becomes disputed
together (issue 14, one path per action); the bare move is refused and names the operation."""

from __future__ import annotations

from api.auth.roles import Role
from tests.api.disputes.helpers import assessed_claim
from tests.api.disputes.test_decisions_flow import _state
from tests.fixtures.harness import Harness

PROBLEM = "application/problem+json"
BODY = {"channel": "app", "text": "前挡风玻璃换了1800，定损太低", "demand": "前挡风玻璃 更换 1800"}


def test_the_bare_move_to_disputed_is_refused_and_names_the_dispute_operation(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = assessed_claim(h)
    before = h.row_counts()

    moved = h.client.post(
        f"/claims/{claim_id}/transitions", json={"to": "disputed", "reason": "太低"}, headers=customer
    )

    assert moved.status_code == 409 and moved.headers["content-type"] == PROBLEM
    problem = moved.json()
    assert problem["type"].endswith(":transition-gated") and problem["gate"] == "dispute"
    assert "/claims/{claim_id}/dispute" in problem["operation"]
    assert h.row_counts() == before and _state(h, claim_id, customer) == "assessed"


def test_the_customer_disputes_once_and_gets_a_complaint_and_a_disputed_claim(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = assessed_claim(h)

    disputed = h.client.post(f"/claims/{claim_id}/dispute", json=BODY, headers=customer)

    assert disputed.status_code == 201, disputed.text
    complaint = disputed.json()
    assert complaint["claim_id"] == claim_id and complaint["demand"] == BODY["demand"]
    assert _state(h, claim_id, customer) == "disputed"
    listed = h.client.get(f"/complaints/{complaint['id']}", headers=customer)
    assert listed.status_code == 200
    # While it is disputed, a second dispute is a second complaint; the claim stays disputed.
    again = h.client.post(f"/claims/{claim_id}/dispute", json=BODY, headers=customer)
    assert again.status_code == 201 and again.json()["id"] != complaint["id"]
    assert _state(h, claim_id, customer) == "disputed"


def test_a_role_that_may_not_dispute_for_the_customer_files_nothing(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = assessed_claim(h)
    _, senior = h.login(Role.SENIOR_ADJUSTER)
    before = h.row_counts()

    refused = h.client.post(f"/claims/{claim_id}/dispute", json=BODY, headers=senior)

    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    assert h.row_counts() == before and _state(h, claim_id, customer) == "assessed"


def test_a_complaint_handler_disputes_for_the_customer_on_the_phone(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = assessed_claim(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)

    disputed = h.client.post(f"/claims/{claim_id}/dispute", json={**BODY, "channel": "phone"}, headers=handler)

    assert disputed.status_code == 201, disputed.text
    assert _state(h, claim_id, customer) == "disputed"
