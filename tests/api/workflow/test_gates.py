"""Gated moves (STYLE 19): a state change with a business gate happens only through that gate's
operation — approval within authority, a complaint decision — never through the generic
``POST /claims/{id}/transitions`` nor the staff page's move form."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import AuditEvent, Claim
from api.workflow.states import TRANSITIONS, ClaimState, Gate
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.harness import Harness

PROBLEM = "application/problem+json"


def _move(h: Harness, claim_id: str, to: str, headers: dict[str, str]) -> Any:
    return h.client.post(f"/claims/{claim_id}/transitions", json={"to": to, "reason": "r"}, headers=headers)


def _set_state(h: Harness, claim_id: str, state: ClaimState) -> None:
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        claim.state = state


def _state(h: Harness, claim_id: str) -> ClaimState:
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        return claim.state


def test_the_table_names_the_gate_of_each_gated_move() -> None:
    gated = {pair: move.gate for pair, move in TRANSITIONS.items() if move.gate is not None}
    assert gated == {
        (ClaimState.UNDER_REVIEW, ClaimState.ASSESSED): Gate.ESTIMATE_APPROVAL,
        (ClaimState.DISPUTED, ClaimState.AWAITING_PAYMENT): Gate.COMPLAINT_DECISION,
        (ClaimState.DISPUTED, ClaimState.UNDER_REVIEW): Gate.COMPLAINT_DECISION,
        (ClaimState.ASSESSED, ClaimState.AWAITING_PAYMENT): Gate.ESTIMATE_SIGNATURE,
        (ClaimState.AWAITING_PAYMENT, ClaimState.CLOSED): Gate.PAYMENT,
        (ClaimState.ASSESSED, ClaimState.DISPUTED): Gate.DISPUTE,
        (ClaimState.AWAITING_PAYMENT, ClaimState.DISPUTED): Gate.DISPUTE,
    }


def test_a_junior_refused_approval_cannot_move_the_claim_to_assessed(harness: Harness) -> None:
    """Issue 15 finding 1: refused approval of an 8,000 CNY estimate, then the bare move."""
    _, customer = harness.login(Role.CUSTOMER)
    _, junior = harness.login(Role.JUNIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer)  # simple tier; the part is left to the adjuster
    (line,) = price(harness, claim_id, junior)["lines"]
    edit = {"line_id": line["line_id"], "reason": "manual_pricing", "amount": {"amount": "8000.00", "currency": "CNY"}}
    revised = harness.client.post(f"/claims/{claim_id}/estimates/1/revisions", json={"edits": [edit]}, headers=junior)
    assert revised.status_code == 201, revised.text
    refused = harness.client.post(f"/claims/{claim_id}/estimates/2/approve", headers=junior)
    assert refused.status_code == 403 and refused.json()["type"].endswith(":approval-refused")
    before = harness.row_counts()

    response = _move(harness, claim_id, "assessed", junior)

    assert response.status_code == 409 and response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith(":transition-gated")
    assert problem["gate"] == "estimate-approval"
    assert "/estimates/{version}/approve" in problem["operation"]
    assert (problem["current_state"], problem["target_state"]) == ("under_review", "assessed")
    assert harness.row_counts() == before and _state(harness, claim_id) is ClaimState.UNDER_REVIEW
    # A senior may approve it — through the approval, which records who approved which version.
    _, senior = harness.login(Role.SENIOR_ADJUSTER)
    assert _move(harness, claim_id, "assessed", senior).status_code == 409
    assert harness.client.post(f"/claims/{claim_id}/estimates/2/approve", headers=senior).status_code == 200
    assert _state(harness, claim_id) is ClaimState.ASSESSED


def test_acceptance_needs_an_approved_estimate(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim_id = harness.create_claim(customer)["id"]
    _set_state(harness, claim_id, ClaimState.ASSESSED)  # e.g. a row from before the gates

    response = harness.client.post(f"/claims/{claim_id}/estimates/1/signing-code", headers=customer)

    assert response.status_code == 404 and response.json()["type"].endswith(":no-estimate")
    assert _state(harness, claim_id) is ClaimState.ASSESSED


def test_acceptance_after_approval_is_the_customers_signature(harness: Harness) -> None:
    """The approved estimate is accepted by signing it (issue 13 item 4), not by the bare move."""
    from tests.api.signing.helpers import request_code, sent_code, sign

    customer_user, customer = harness.login(Role.CUSTOMER)
    _, senior = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    price(harness, claim_id, senior)
    assert harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=senior).status_code == 200
    bare = _move(harness, claim_id, "awaiting_payment", customer)
    assert bare.status_code == 409 and bare.json()["gate"] == "estimate-signature"
    assert request_code(harness, claim_id, customer).status_code == 202
    response = sign(harness, claim_id, customer, sent_code(harness, customer_user.id))
    assert response.status_code == 201, response.text
    assert _state(harness, claim_id) is ClaimState.AWAITING_PAYMENT


def _disputed_claim_with_complaint(h: Harness) -> tuple[str, str, dict[str, str]]:
    _, customer = h.login(Role.CUSTOMER)
    claim_id = h.create_claim(customer)["id"]
    _set_state(h, claim_id, ClaimState.DISPUTED)
    body = {"channel": "app", "text": "定损金额太低", "demand": "按4S店报价赔付", "contact": ""}
    complaint = h.client.post(f"/claims/{claim_id}/complaints", json=body, headers=customer)
    assert complaint.status_code == 201, complaint.text
    return claim_id, complaint.json()["id"], customer


def _decide(h: Harness, complaint_id: str, headers: dict[str, str], amount: str, *remedies: str) -> Any:
    body = {
        "verdict": "partly_justified",
        "remedies": list(remedies) or ["negotiated_compensation"],
        "compensation": {"amount": amount, "currency": "CNY"},
        "reason": "paint hours below the local standard",
    }
    return h.client.post(f"/complaints/{complaint_id}/decision", json=body, headers=headers)


def test_a_handler_cannot_settle_a_dispute_without_a_decision(harness: Harness) -> None:
    """Issue 15 finding 1: DISPUTED → AWAITING_PAYMENT with no complaint decision."""
    claim_id, _, _ = _disputed_claim_with_complaint(harness)
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    for to in ("awaiting_payment", "under_review"):
        response = _move(harness, claim_id, to, handler)
        assert response.status_code == 409, response.text
        problem = response.json()
        assert problem["type"].endswith(":transition-gated") and problem["gate"] == "complaint-decision"
        assert "/decision" in problem["operation"]
    assert _state(harness, claim_id) is ClaimState.DISPUTED


def test_a_decision_within_authority_settles_the_disputed_claim(harness: Harness) -> None:
    claim_id, complaint_id, _ = _disputed_claim_with_complaint(harness)
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    response = _decide(harness, complaint_id, handler, "300.00")
    assert response.status_code == 201, response.text
    assert _state(harness, claim_id) is ClaimState.AWAITING_PAYMENT
    with harness.session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.claim_id == uuid.UUID(claim_id)).order_by(AuditEvent.at.desc())
        ).first()
        assert event is not None and event.to_state is ClaimState.AWAITING_PAYMENT
        assert event.reason_code == "complaint_decided" and event.reason_params["complaint_id"] == complaint_id
        assert event.actor_role is Role.COMPLAINT_HANDLER


def test_a_decision_for_re_assessment_sends_the_claim_back_to_review(harness: Harness) -> None:
    claim_id, complaint_id, _ = _disputed_claim_with_complaint(harness)
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    response = _decide(harness, complaint_id, handler, "0.00", "third_party_reassessment")
    assert response.status_code == 201, response.text
    assert _state(harness, claim_id) is ClaimState.UNDER_REVIEW


def test_a_decision_above_authority_moves_the_claim_only_when_the_supervisor_approves(harness: Harness) -> None:
    claim_id, complaint_id, _ = _disputed_claim_with_complaint(harness)
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    _, supervisor = harness.login(Role.SUPERVISOR)
    assert _decide(harness, complaint_id, handler, "900.00").json()["status"] == "pending_approval"
    assert _state(harness, claim_id) is ClaimState.DISPUTED
    url = f"/complaints/{complaint_id}/approve"
    approved = harness.client.post(url, json={"approve": True, "reason": "within range"}, headers=supervisor)
    assert approved.status_code == 200, approved.text
    assert _state(harness, claim_id) is ClaimState.AWAITING_PAYMENT


def test_the_staff_page_form_refuses_a_gated_move(harness: Harness) -> None:
    from api.web.pages_staff import _moves

    claim = Claim(state=ClaimState.UNDER_REVIEW)
    senior = harness.user(Role.SENIOR_ADJUSTER)
    assert ClaimState.ASSESSED not in _moves(claim, senior)
    disputed = Claim(state=ClaimState.DISPUTED)
    assert _moves(disputed, harness.user(Role.COMPLAINT_HANDLER)) == []
