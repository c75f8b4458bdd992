"""Each key node of a claim and a complaint reaches the customer's inbox once, in Chinese."""

from __future__ import annotations

from typing import Any

from api.auth.roles import Role
from tests.api.signing.helpers import PAYEE, approved_claim, signed_claim
from tests.fixtures.harness import Harness


def _inbox(h: Harness, headers: dict[str, str]) -> list[dict[str, Any]]:
    return list(reversed(h.client.get("/me/inbox", params={"limit": 100}, headers=headers).json()["items"]))


def test_a_claim_from_report_to_payment(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    approved_claim(h, customer)
    assert [m["topic"] for m in _inbox(h, customer)] == ["claim.submitted", "claim.assessed"]

    _, customer, claim_id = signed_claim(h)
    assert h.client.put(f"/claims/{claim_id}/payment", json=PAYEE, headers=customer).status_code == 200
    supervisor = h.login(Role.SUPERVISOR)[1]
    paid = h.client.post(f"/claims/{claim_id}/payment/paid", headers=supervisor)
    assert paid.status_code == 200, paid.text
    messages = _inbox(h, customer)
    topics = [m["topic"] for m in messages]
    assert topics[0] == "claim.submitted" and "auth.one_time_code" in topics
    assert topics[-2:] == ["claim.awaiting_payment", "claim.payment_made"]  # closing by payment: one message
    assert "claim.closed" not in topics
    amount = paid.json()["amount"]["amount"]
    assert messages[-1]["subject"] == "赔款已支付" and f"¥{amount}" in messages[-1]["body"]
    assert {m["claim_id"] for m in messages} == {claim_id}


def test_a_complaint_received_answered_and_escalated(harness: Harness) -> None:
    from tests.api.disputes.helpers import assessed_claim

    h = harness
    _, customer, claim_id = assessed_claim(h)
    created = h.client.post(
        f"/claims/{claim_id}/complaints", json={"channel": "app", "text": "金额太低"}, headers=customer
    )
    assert created.status_code == 201, created.text
    complaint = created.json()["id"]
    handler = h.login(Role.COMPLAINT_HANDLER)[1]
    decision = {"verdict": "justified", "remedies": ["pay_difference"], "reason": "核价有误"}
    decided = h.client.post(f"/complaints/{complaint}/decision", json=decision, headers=handler)
    assert decided.status_code == 201, decided.text
    confirmed = h.client.post(f"/complaints/{complaint}/confirm", json={"satisfied": False}, headers=customer)
    assert confirmed.status_code == 200, confirmed.text
    topics = [m["topic"] for m in _inbox(h, customer)]
    assert topics[-3:] == ["complaint.received", "complaint.answered", "complaint.escalated"]
    subjects = [m["subject"] for m in _inbox(h, customer)][-3:]
    assert subjects == ["投诉已受理", "投诉已答复", "投诉已升级处理"]
