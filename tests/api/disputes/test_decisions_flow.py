"""Decisions reach the money and the customer (issue 14, item 2), through the API: the measured
failure — a decision above the handler's authority approved by the supervisor reached neither
the estimate nor the payable nor the customer — and each remedy carried out."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from api.auth.roles import Role
from tests.api.disputes.helpers import assessed_claim
from tests.fixtures.harness import Harness


def _disputed(h: Harness) -> tuple[dict[str, str], str, str]:
    """An assessed claim the customer disputes: (customer headers, claim id, complaint id)."""
    _, customer, claim_id = assessed_claim(h)
    body = {"channel": "app", "text": "前挡风玻璃换了1800，定损太低", "demand": "前挡风玻璃 更换 1800"}
    complaint = h.client.post(f"/claims/{claim_id}/dispute", json=body, headers=customer)
    assert complaint.status_code == 201, complaint.text
    return customer, claim_id, complaint.json()["id"]


def _decide(h: Harness, complaint_id: str, headers: dict[str, str], amount: str, **extra: Any) -> Any:
    body = {
        "verdict": "partly_justified",
        "remedies": extra.pop("remedies", ["pay_difference"]),
        "compensation": {"amount": amount, "currency": "CNY"},
        "reason": "glass price below the local 4S price",
        **extra,
    }
    return h.client.post(f"/complaints/{complaint_id}/decision", json=body, headers=headers)


def _state(h: Harness, claim_id: str, _: dict[str, str]) -> str:
    staff = h.login(Role.SENIOR_ADJUSTER)[1]  # the internal state is for staff
    return str(h.client.get(f"/claims/{claim_id}", headers=staff).json()["state"])


def test_a_supervisor_approved_decision_reaches_the_payable_and_the_customer(harness: Harness) -> None:
    h = harness
    customer, claim_id, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    _, supervisor = h.login(Role.SUPERVISOR)
    before = h.client.get(f"/complaints/{complaint_id}/outcome", headers=customer).json()
    assert before["decision"] is None and before["outcomes"] == []
    base = Decimal(before["payable"]["estimate_payable"]["amount"])
    assert base > 0 and before["payable"]["total"] == before["payable"]["estimate_payable"]

    pending = _decide(h, complaint_id, handler, "800.00")  # above the handler's 500
    assert pending.status_code == 201 and pending.json()["status"] == "pending_approval", pending.text
    assert _state(h, claim_id, customer) == "disputed"
    approved = h.client.post(
        f"/complaints/{complaint_id}/approve", json={"approve": True, "reason": "同意"}, headers=supervisor
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["delivered_at"] is not None and approved.json()["delivery"] == "payment_adjustment"

    seen = h.client.get(f"/complaints/{complaint_id}/outcome", headers=customer).json()
    assert seen["status"] == "awaiting_confirmation" and seen["claim_state"] == "awaiting_payment"
    assert seen["decision"]["compensation"] == "800.00" and seen["decision"]["verdict"] == "partly_justified"
    (paid,) = seen["outcomes"]
    assert paid["kind"] == "payment_adjustment" and paid["amount"] == "800.00"
    assert complaint_id in paid["note"]  # it cites the complaint
    assert Decimal(seen["payable"]["adjustments"]["amount"]) == Decimal("800.00")
    assert Decimal(seen["payable"]["total"]["amount"]) == base + Decimal("800.00")
    assert _state(h, claim_id, customer) == "awaiting_payment"

    confirmed = h.client.post(f"/complaints/{complaint_id}/confirm", json={"satisfied": True}, headers=customer)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "closed", confirmed.text


def test_compensation_as_an_estimate_revision_makes_a_new_version_citing_the_complaint(harness: Harness) -> None:
    h = harness
    customer, claim_id, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    _, supervisor = h.login(Role.SUPERVISOR)
    assert _decide(h, complaint_id, handler, "800.00", delivery="estimate_revision").status_code == 201
    approved = h.client.post(
        f"/complaints/{complaint_id}/approve", json={"approve": True, "reason": "同意"}, headers=supervisor
    )
    assert approved.status_code == 200, approved.text
    seen = h.client.get(f"/complaints/{complaint_id}/outcome", headers=customer).json()
    (revised,) = seen["outcomes"]
    assert revised["kind"] == "estimate_revision" and revised["estimate_version"] == 2
    assert seen["claim_state"] == "under_review"  # the new version is approved by an adjuster as usual
    v2 = h.client.get(f"/claims/{claim_id}/estimates/2", headers=supervisor).json()
    line = next(x for x in v2["lines"] if x["line_id"].startswith("complaint."))
    assert line["amount"]["amount"] == "800.00"
    assert Decimal(seen["payable"]["adjustments"]["amount"]) == 0  # not paid twice


def test_a_speed_up_moves_the_payment_deadline_and_a_voucher_is_issued(harness: Harness) -> None:
    h = harness
    customer, claim_id, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    due_before = datetime.fromisoformat(h.client.get(f"/claims/{claim_id}", headers=customer).json()["payment_due_at"])
    decided = _decide(
        h, complaint_id, handler, "0",
        remedies=["speed_up_payment", "voucher"], speed_up_days=1,
        voucher={"type": "维修代金券", "value": {"amount": "100.00", "currency": "CNY"}},
    )  # fmt: skip
    assert decided.status_code == 201 and decided.json()["status"] == "approved", decided.text
    seen = h.client.get(f"/complaints/{complaint_id}/outcome", headers=customer).json()
    kinds = {o["kind"]: o for o in seen["outcomes"]}
    assert set(kinds) == {"deadline_moved", "voucher_issued"}
    moved = kinds["deadline_moved"]
    assert datetime.fromisoformat(moved["deadline_before"]) == due_before
    after = datetime.fromisoformat(moved["deadline_after"])
    assert after < due_before and due_before - after <= timedelta(days=1)
    claim = h.client.get(f"/claims/{claim_id}", headers=customer).json()
    assert datetime.fromisoformat(claim["payment_due_at"]) == after
    assert kinds["voucher_issued"]["voucher_type"] == "维修代金券" and kinds["voucher_issued"]["amount"] == "100.00"
    _, supervisor = h.login(Role.SUPERVISOR)
    trail = h.client.get(f"/claims/{claim_id}/audit", headers=supervisor)
    if trail.status_code == 200:  # the claim's audit trail records the move too
        assert any(e["action"] == "deadline_moved" for e in trail.json())


def test_a_voucher_counts_against_the_handlers_authority(harness: Harness) -> None:
    h = harness
    _, _, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    voucher = {"type": "代金券", "value": {"amount": "200.00", "currency": "CNY"}}
    decided = _decide(h, complaint_id, handler, "400.00", remedies=["pay_difference", "voucher"], voucher=voucher)
    assert decided.status_code == 201 and decided.json()["status"] == "pending_approval", decided.text


def test_a_reassessment_is_ordered_recorded_and_yields_a_new_version(harness: Harness) -> None:
    h = harness
    customer, claim_id, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    _, senior = h.login(Role.SENIOR_ADJUSTER)
    decided = _decide(h, complaint_id, handler, "0", remedies=["third_party_reassessment"])
    assert decided.status_code == 201 and decided.json()["reassessment_by"] == "third_party", decided.text
    seen = h.client.get(f"/complaints/{complaint_id}/outcome", headers=customer).json()
    assert [o["kind"] for o in seen["outcomes"]] == ["reassessment_ordered"]
    assert seen["claim_state"] == "under_review"
    v1 = h.client.get(f"/claims/{claim_id}/estimates/1", headers=senior).json()
    glass = next(x for x in v1["lines"] if x["line_id"] == "front_glass/parts")
    body = {
        "assessor": "某某保险公估有限公司",
        "result": "前挡风玻璃按本地4S店价格1500元",
        "revision": {"edits": [{"line_id": glass["line_id"], "reason": "third_party_reassessment",
                                "amount": {"amount": "1500.00", "currency": "CNY"}}]},
    }  # fmt: skip
    refused = h.client.post(f"/complaints/{complaint_id}/reassessment", json=body, headers=handler)
    assert refused.status_code == 403, refused.text
    recorded = h.client.post(f"/complaints/{complaint_id}/reassessment", json=body, headers=senior)
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["kind"] == "reassessment_recorded" and recorded.json()["estimate_version"] == 2
    v2 = h.client.get(f"/claims/{claim_id}/estimates/2", headers=senior).json()
    assert next(x for x in v2["lines"] if x["line_id"] == "front_glass/parts")["amount"]["amount"] == "1500.00"
    again = h.client.post(f"/complaints/{complaint_id}/reassessment", json=body, headers=senior)
    assert again.status_code == 409, again.text


def test_remedies_and_their_details_must_agree(harness: Harness) -> None:
    h = harness
    _, claim_id, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    for extra in (
        {"remedies": ["voucher"]},  # a voucher with no type or value
        {"remedies": ["speed_up_payment"]},  # no days
        {"remedies": ["explain_with_evidence"], "speed_up_days": 1},  # days without the remedy
    ):
        response = _decide(h, complaint_id, handler, "0", **extra)
        assert response.status_code == 422, response.text
        assert response.json()["type"].endswith("invalid-decision")
    assert _state(h, claim_id, handler) == "disputed"
