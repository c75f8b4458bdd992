from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.auth.roles import Role
from api.errors import PROBLEM_MEDIA_TYPE
from tests.fixtures.harness import Harness, claim_body


def test_customer_creates_a_claim_with_tier_deadlines_and_status(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    response = harness.client.post("/claims", json=claim_body(), headers=headers)
    assert response.status_code == 201, response.text
    claim = response.json()
    assert claim["view"] == "customer"
    assert claim["tier"] == "simple"
    assert claim["status"] == "documents_submitted" and claim["status_label"] == "已提交资料"
    assert claim["estimated_amount"] == {"amount": "800.00", "currency": "CNY"}
    reported = datetime.fromisoformat(claim["reported_at"])
    assert datetime.fromisoformat(claim["assessment_due_at"]) - reported == timedelta(hours=12)
    assert datetime.fromisoformat(claim["payment_due_at"]) - reported == timedelta(hours=24)
    # The customer's view carries no internal state and no fraud signals.
    for hidden in ("state", "fraud_flags", "customer_id", "assessment_escalated_at"):
        assert hidden not in claim


@pytest.mark.parametrize(
    ("overrides", "tier"),
    [
        ({"vehicles_involved": 2}, "normal"),
        ({"estimated_amount": None}, "normal"),
        ({"injuries": True}, "complex"),
        ({"repeat_repair": True}, "complex"),
    ],
)
def test_tier_follows_claim_facts(harness: Harness, overrides: dict[str, object], tier: str) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(headers, **overrides)
    assert claim["tier"] == tier
    if tier == "complex":
        assert claim["payment_due_at"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"estimated_amount": {"amount": 800.5, "currency": "CNY"}}, "amount"),  # floats refused
        ({"estimated_amount": {"amount": "800.555", "currency": "CNY"}}, "amount"),
        ({"estimated_amount": {"amount": "-1", "currency": "CNY"}}, "amount"),
        ({"estimated_amount": {"amount": "1", "currency": "USD"}}, "currency"),
        ({"accident_at": "2026-01-02T10:00:00"}, "accident_at"),  # naive time
        ({"vehicles_involved": 0}, "vehicles_involved"),
        ({"policy_number": ""}, "policy_number"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_invalid_claim_bodies_are_422_problems(harness: Harness, body: dict[str, object], field: str) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    before = harness.row_counts()
    response = harness.client.post("/claims", json=claim_body(**body), headers=headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    problem = response.json()
    assert problem["type"].endswith(":validation-error")
    assert any(field in map(str, e["loc"]) for e in problem["errors"]), problem
    assert harness.row_counts() == before


@pytest.mark.parametrize(
    "overrides",
    [
        {"accident_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()},
        {"policy_start": "2030-01-01"},
    ],
)
def test_inconsistent_claim_facts_are_422(harness: Harness, overrides: dict[str, object]) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    before = harness.row_counts()
    response = harness.client.post("/claims", json=claim_body(**overrides), headers=headers)
    assert response.status_code == 422
    assert response.json()["type"].endswith(":invalid-claim")
    assert harness.row_counts() == before


def test_malformed_json_is_a_422_problem(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    response = harness.client.post(
        "/claims", content=b'{"policy_number": ', headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["errors"][0]["type"] == "json_invalid"


def test_customers_see_only_their_own_claims(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    mine = harness.create_claim(alice)
    theirs = harness.create_claim(bob)
    listed = harness.client.get("/claims", headers=alice).json()
    assert [c["id"] for c in listed["items"]] == [mine["id"]]
    assert listed["total"] == 1
    response = harness.client.get(f"/claims/{theirs['id']}", headers=alice)
    assert response.status_code == 404
    # Indistinguishable from a claim that does not exist.
    missing = harness.client.get("/claims/00000000-0000-4000-8000-000000000000", headers=alice)
    assert missing.json()["type"] == response.json()["type"]
    assert missing.json()["detail"] == response.json()["detail"]


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.CUSTOMER}))
def test_staff_see_every_claim_with_state_and_flags(harness: Harness, role: Role) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(alice)
    _, staff = harness.login(role)
    response = harness.client.get(f"/claims/{claim['id']}", headers=staff)
    assert response.status_code == 200
    body = response.json()
    assert body["view"] == "staff" and body["state"] == "submitted" and body["fraud_flags"] == []
    assert harness.client.get("/claims", headers=staff).json()["total"] == 1


def test_list_is_paginated_and_filtered(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    simple = [harness.create_claim(alice) for _ in range(3)]
    complex_ = harness.create_claim(alice, injuries=True)
    page = harness.client.get("/claims", params={"limit": 2, "offset": 0}, headers=alice).json()
    assert page["total"] == 4 and len(page["items"]) == 2 and page["limit"] == 2
    rest = harness.client.get("/claims", params={"limit": 2, "offset": 2}, headers=alice).json()
    ids = [c["id"] for c in page["items"] + rest["items"]]
    assert sorted(ids) == sorted([c["id"] for c in [*simple, complex_]])
    by_tier = harness.client.get("/claims", params={"tier": "complex"}, headers=alice).json()
    assert [c["id"] for c in by_tier["items"]] == [complex_["id"]]
    by_status = harness.client.get("/claims", params={"status": "closed"}, headers=alice).json()
    assert by_status["total"] == 0
    submitted = harness.client.get("/claims", params={"status": "documents_submitted"}, headers=alice).json()
    assert submitted["total"] == 4


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"tier": "huge"}])
def test_bad_list_parameters_are_422(harness: Harness, params: dict[str, object]) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    response = harness.client.get("/claims", params=params, headers=alice)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE


def test_unknown_and_malformed_claim_ids(harness: Harness) -> None:
    _, staff = harness.login(Role.SUPERVISOR)
    assert harness.client.get("/claims/00000000-0000-4000-8000-000000000000", headers=staff).status_code == 404
    malformed = harness.client.get("/claims/not-a-uuid", headers=staff)
    assert malformed.status_code == 422
    assert malformed.headers["content-type"] == PROBLEM_MEDIA_TYPE


def test_staff_may_not_file_claims(harness: Harness) -> None:
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    response = harness.client.post("/claims", json=claim_body(), headers=adjuster)
    assert response.status_code == 403
    assert response.json()["type"].endswith(":role-required")


def test_money_is_serialized_as_string_amount_plus_currency(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(alice, estimated_amount={"amount": "1234.5", "currency": "CNY"})
    assert claim["estimated_amount"] == {"amount": "1234.50", "currency": "CNY"}
    _, staff = harness.login(Role.SUPERVISOR)
    assert harness.client.get(f"/claims/{claim['id']}", headers=staff).json()["estimated_amount"]["amount"] == "1234.50"
