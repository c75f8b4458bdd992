from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from api.auth.roles import Role
from api.db.models import Claim
from api.payments.accounts import mask_account, normalise_account
from api.payments.errors import InvalidPayee
from tests.api.signing.helpers import signed_claim
from tests.fixtures.harness import Harness

PAYEE = {"payee_name": "张伟", "bank_name": "中国工商银行", "account_number": "6222 0212 3456 7890"}


def _state(h: Harness, claim_id: str) -> str:
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        return claim.state.value


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("6222021234567890", True),
        ("6222-0212-3456-7890", True),
        ("622202123456", True),
        ("6222021234567890123", True),
        ("62220212345", False),  # 11 digits
        ("62220212345678901234", False),  # 20 digits
        ("6222O21234567890", False),  # a letter O
        ("６２２２０２１２３４５６７８９０", False),  # full-width digits
        ("", False),
    ],
)
def test_account_numbers_accepted(text: str, ok: bool) -> None:
    if ok:
        assert normalise_account(text).isdigit()
    else:
        with pytest.raises(InvalidPayee):
            normalise_account(text)


def test_a_masked_account_keeps_only_the_last_four_digits() -> None:
    assert mask_account("6222021234567890") == "**** **** **** 7890"


def test_payee_then_paid_closes_the_claim_with_the_signed_amount(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = signed_claim(h)
    url = f"/claims/{claim_id}/payment"
    assert h.client.get(url, headers=customer).status_code == 404  # no payee yet

    given = h.client.put(url, json=PAYEE, headers=customer)

    assert given.status_code == 200, given.text
    body = given.json()
    assert body["status"] == "pending" and body["paid_at"] is None and body["estimate_version"] == 1
    payable = h.client.get(f"/claims/{claim_id}/estimates/1", headers=customer).json()["settlement"]["payable"]
    assert body["amount"] == payable
    assert _state(h, claim_id) == "awaiting_payment"
    timeline = h.client.get(f"/claims/{claim_id}/timeline", headers=customer).json()
    [pay_step] = [s for s in timeline["steps"] if s["status"] == "awaiting_payment"]
    assert pay_step["label"] == "待支付" and pay_step["current"] is True and pay_step["done"] is False

    supervisor = h.login(Role.SUPERVISOR)[1]
    paid = h.client.post(f"{url}/paid", headers=supervisor)

    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid" and paid.json()["paid_at"] is not None
    assert Decimal(paid.json()["amount"]["amount"]) == Decimal(payable["amount"])
    assert _state(h, claim_id) == "closed"
    timeline = h.client.get(f"/claims/{claim_id}/timeline", headers=customer).json()
    assert [s["done"] for s in timeline["steps"]] == [True, True, True, True]
    again = h.client.post(f"{url}/paid", headers=supervisor)
    assert again.status_code == 409 and again.json()["type"].endswith(":payment-not-open")
    assert h.client.put(url, json=PAYEE, headers=customer).status_code == 409


def test_a_failed_transfer_asks_for_the_account_again(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = signed_claim(h)
    url = f"/claims/{claim_id}/payment"
    assert h.client.put(url, json=PAYEE, headers=customer).status_code == 200
    admin = h.login(Role.ADMIN)[1]

    failed = h.client.post(f"{url}/failed", json={"reason": "账户名与账号不符"}, headers=admin)

    assert failed.status_code == 200 and failed.json()["status"] == "failed"
    assert h.client.post(f"{url}/paid", headers=admin).status_code == 409  # not pending
    corrected = h.client.put(url, json={**PAYEE, "account_number": "6222021234560000"}, headers=customer)
    assert corrected.status_code == 200 and corrected.json()["status"] == "pending"
    assert corrected.json()["account_number"].endswith("0000") and corrected.json()["failure_reason"] == ""
    assert h.client.post(f"{url}/paid", headers=admin).json()["status"] == "paid"


def test_the_account_is_masked_for_all_but_the_roles_that_pay(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = signed_claim(h)
    url = f"/claims/{claim_id}/payment"
    assert h.client.put(url, json=PAYEE, headers=customer).json()["account_number"] == "**** **** **** 7890"
    seen = {}
    for role in Role:
        headers = customer if role is Role.CUSTOMER else h.login(role)[1]
        seen[role] = h.client.get(url, headers=headers).json()["account_number"]
    assert seen == {
        Role.CUSTOMER: "**** **** **** 7890",
        Role.JUNIOR_ADJUSTER: "**** **** **** 7890",
        Role.SENIOR_ADJUSTER: "**** **** **** 7890",
        Role.COMPLAINT_HANDLER: "**** **** **** 7890",
        Role.SUPERVISOR: "6222021234567890",
        Role.ADMIN: "6222021234567890",
    }


def test_bad_payee_details_are_a_precise_problem_and_write_nothing(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = signed_claim(h)
    before = h.row_counts()
    for field, value in (("account_number", "98765"), ("payee_name", "张#"), ("bank_name", "银行@")):
        response = h.client.put(f"/claims/{claim_id}/payment", json={**PAYEE, field: value}, headers=customer)
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
        assert response.json()["field"] == field and value not in response.text
    assert h.row_counts() == before


def test_no_payee_before_the_signature(harness: Harness) -> None:
    from tests.api.disputes.helpers import assessed_claim

    h = harness
    _, customer, claim_id = assessed_claim(h)
    response = h.client.put(f"/claims/{claim_id}/payment", json=PAYEE, headers=customer)
    assert response.status_code == 409 and response.json()["type"].endswith(":payment-not-open")


def test_a_complaint_payment_adjustment_is_paid_with_the_signed_amount(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = signed_claim(h)
    signed_payable = Decimal(
        h.client.get(f"/claims/{claim_id}/estimates/1", headers=customer).json()["settlement"]["payable"]["amount"]
    )
    complaint = h.client.post(
        f"/claims/{claim_id}/dispute", json={"channel": "app", "text": "金额太低"}, headers=customer
    )
    assert complaint.status_code == 201, complaint.text
    handler = h.login(Role.COMPLAINT_HANDLER)[1]
    decision = {
        "verdict": "partly_justified",
        "remedies": ["negotiated_compensation"],
        "compensation": {"amount": "200.00", "currency": "CNY"},
        "reason": "paint hours below the local standard",
    }
    decided = h.client.post(f"/complaints/{complaint.json()['id']}/decision", json=decision, headers=handler)
    assert decided.status_code == 201, decided.text
    assert _state(h, claim_id) == "awaiting_payment"
    assert h.client.put(f"/claims/{claim_id}/payment", json=PAYEE, headers=customer).status_code == 200

    paid = h.client.post(f"/claims/{claim_id}/payment/paid", headers=h.login(Role.SUPERVISOR)[1])

    assert paid.status_code == 200, paid.text
    assert Decimal(paid.json()["amount"]["amount"]) == signed_payable + Decimal("200.00")
