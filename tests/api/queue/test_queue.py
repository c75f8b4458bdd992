"""The adjuster's queue: what each row shows, filters and sorting in the database, validation of
the query (422 problems), and assignment: who may, and two adjusters taking one claim at once."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.auth.roles import Role
from api.customers.service import recompute
from api.db.models import Claim, FraudFlag
from api.fraud.signals import FraudSignal
from tests.api.estimates.helpers import assessed_claim
from tests.fixtures.harness import Harness, make_settings
from tests.fixtures.live_server import at_once, live_harness


def _claims(h: Harness) -> tuple[dict[str, str], list[str]]:
    _, customer = h.login(Role.CUSTOMER)
    small = h.create_claim(customer)["id"]  # simple, 800.00
    _, other = h.login(Role.CUSTOMER)  # the high-risk flag is the customer's: big is another's claim
    big = h.create_claim(other, estimated_amount={"amount": "5000.00", "currency": "CNY"})["id"]
    none = h.create_claim(customer, estimated_amount=None)["id"]
    for _ in range(2):
        assert h.upload_photo(other, big).status_code == 201
    assert h.upload_photo(customer, small).status_code == 201
    with h.session() as session:
        session.add(FraudFlag(claim_id=uuid.UUID(big), signal=FraudSignal.CAPTURED_AFTER_REPORT, detail="test"))
        flagged = session.get(Claim, uuid.UUID(big))
        assert flagged is not None  # the flag makes its customer high-risk, as the fraud check does
        recompute(session, customer_id=flagged.customer_id, now=datetime.now(UTC))
    return customer, [small, big, none]


def _ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["claim_id"] for item in response.json()["items"]]


def test_rows_filters_and_sorting(harness: Harness) -> None:
    h = harness
    _, [small, big, none] = _claims(h)
    adjuster, headers = h.login(Role.SENIOR_ADJUSTER)
    assert h.client.post(f"/claims/{small}/assignment", json={}, headers=headers).status_code == 200

    everything = h.client.get("/queue", headers=headers)
    rows = {row["claim_id"]: row for row in everything.json()["items"]}
    assert set(rows) == {small, big, none} and everything.json()["total"] == 3
    assert rows[small]["amount"] == {"amount": "800.00", "currency": "CNY"}
    assert rows[small]["amount_source"] == "customer" and rows[none]["amount"] is None
    assert [rows[c]["photo_count"] for c in (small, big, none)] == [1, 2, 0]
    assert rows[small]["assignee_id"] == str(adjuster.id) and rows[big]["assignee_id"] is None
    assert rows[big]["high_risk"] and rows[big]["risk_signals"] == ["captured_after_report"]
    assert not rows[small]["high_risk"]
    assert {r["ai_status"] for r in rows.values()} == {"not_run"}
    due = datetime.fromisoformat(rows[small]["due_at"])
    assert rows[small]["deadline"] == "assessment"
    assert abs(rows[small]["seconds_left"] - (due - datetime.now(UTC)).total_seconds()) < 60
    assert rows[small]["overdue"] is False

    assert _ids(h.client.get("/queue?assigned=me", headers=headers)) == [small]
    assert set(_ids(h.client.get("/queue?assigned=none", headers=headers))) == {big, none}
    assert _ids(h.client.get("/queue?high_risk=true", headers=headers)) == [big]
    assert _ids(h.client.get(f"/queue?assignee_id={adjuster.id}", headers=headers)) == [small]
    assert _ids(h.client.get("/queue?sort=-amount", headers=headers)) == [big, small, none]
    assert _ids(h.client.get("/queue?sort=amount", headers=headers)) == [big, small, none]  # high-risk first; none last
    assert _ids(h.client.get("/queue?sort=-photos", headers=headers)) == [big, small, none]
    assert _ids(h.client.get("/queue?overdue=true", headers=headers)) == []
    assert _ids(h.client.get("/queue?state=closed", headers=headers)) == []
    assert _ids(h.client.get("/queue?ai_status=findings", headers=headers)) == []
    assert len(_ids(h.client.get("/queue?limit=2&sort=reported", headers=headers))) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("sort=price", "sort"),
        ("sort=--due", "sort"),
        ("ai_status=great", "ai_status"),
        ("tier=huge", "tier"),
        ("state=lost", "state"),
        ("assigned=them", "assigned"),
        ("high_risk=maybe", "high_risk"),
        ("limit=0", "limit"),
        ("assignee_id=42", "assignee_id"),
    ],
)
def test_bad_query_values_are_422_problems(harness: Harness, query: str, field: str) -> None:
    _, headers = harness.login(Role.SENIOR_ADJUSTER)
    response = harness.client.get(f"/queue?{query}", headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert field in response.text


def test_me_and_an_assignee_together_are_refused(harness: Harness) -> None:
    user, headers = harness.login(Role.SENIOR_ADJUSTER)
    response = harness.client.get(f"/queue?assigned=me&assignee_id={user.id}", headers=headers)
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"


def test_who_may_assign_whom(harness: Harness) -> None:
    h = harness
    customer, [small, big, _] = _claims(h)
    junior, junior_h = h.login(Role.JUNIOR_ADJUSTER)
    senior, senior_h = h.login(Role.SENIOR_ADJUSTER)
    _, supervisor_h = h.login(Role.SUPERVISOR)
    handler, _ = h.login(Role.COMPLAINT_HANDLER)
    post = h.client.post

    assert post(f"/claims/{small}/assignment", json={}, headers=junior_h).status_code == 200
    taken = post(f"/claims/{small}/assignment", json={}, headers=senior_h)
    assert taken.status_code == 409 and taken.json()["type"].endswith("claim-already-assigned")
    # Only a supervisor gives a claim to someone else, or takes it from its assignee.
    assert post(f"/claims/{big}/assignment", json={"assignee_id": str(senior.id)}, headers=junior_h).status_code == 403
    moved = post(f"/claims/{small}/assignment", json={"assignee_id": str(senior.id)}, headers=supervisor_h)
    assert moved.status_code == 200 and moved.json()["assignee_id"] == str(senior.id)
    # The assignee must be an adjuster; a junior adjuster handles simple cases only (5000: normal).
    wrong = post(f"/claims/{big}/assignment", json={"assignee_id": str(handler.id)}, headers=supervisor_h)
    assert wrong.status_code == 422
    too_big = post(f"/claims/{big}/assignment", json={"assignee_id": str(junior.id)}, headers=supervisor_h)
    assert too_big.status_code == 422 and "simple" in too_big.json()["detail"]
    # Releasing: the assignee or a supervisor.
    assert h.client.delete(f"/claims/{small}/assignment", headers=junior_h).status_code == 403
    released = h.client.delete(f"/claims/{small}/assignment", headers=senior_h)
    assert released.status_code == 200 and released.json()["assignee_id"] is None
    events = h.client.get(f"/claims/{small}/audit", headers=supervisor_h).json()
    assert [e["reason"] for e in events if e["action"] == "assigned"] == [
        "taken by the adjuster",
        "assigned to a senior_adjuster",
        "released",
    ]
    assert customer  # the customer's own claims were used


def test_two_adjusters_taking_one_claim_at_once_get_one_assignment(db_url: str, tmp_path: Path) -> None:
    from api.app import create_app

    with live_harness(create_app(make_settings(db_url, tmp_path / "var"))) as live:
        h = live.h
        _, customer = h.login(Role.CUSTOMER)
        claim_id = h.create_claim(customer)["id"]
        adjusters = [h.login(Role.SENIOR_ADJUSTER) for _ in range(6)]

        def take(headers: dict[str, str]) -> Any:
            return lambda: httpx.post(f"{live.base_url}/claims/{claim_id}/assignment", json={}, headers=headers)

        responses = at_once([take(headers) for _, headers in adjusters])
        assert Counter(r.status_code for r in responses) == {200: 1, 409: 5}
        winner = next(r for r in responses if r.status_code == 200).json()["assignee_id"]
        with h.session() as session:
            claim = session.get(Claim, uuid.UUID(claim_id))
            assert claim is not None and str(claim.assignee_id) == winner
        assert winner in {str(user.id) for user, _ in adjusters}
        assert datetime.now(UTC) - timedelta(minutes=5) < datetime.fromisoformat(
            responses[[r.status_code for r in responses].index(200)].json()["assigned_at"]
        )


def test_ai_status_and_findings_are_each_claims_own(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, headers = h.login(Role.SENIOR_ADJUSTER)
    waiting = h.create_claim(customer)["id"]
    found = assessed_claim(h, customer, parts=[("hood", "minor"), ("trunk", "minor")])
    corrected = assessed_claim(h, customer, parts=[("hood", "minor"), ("trunk", "minor"), ("front_bumper", "minor")])
    rows = h.client.get(f"/claims/{corrected}/findings", headers=headers).json()
    first = rows["findings"][0]["id"]
    rejected = h.client.post(
        f"/claims/{corrected}/findings/corrections",
        json={"corrections": [{"action": "reject", "finding_id": first}]},
        headers=headers,
    )
    assert rejected.status_code in (200, 201), rejected.text
    items = {r["claim_id"]: r for r in h.client.get("/queue", headers=headers).json()["items"]}
    assert [(items[c]["ai_status"], items[c]["ai_findings"]) for c in (waiting, found, corrected)] == [
        ("not_run", 0),
        ("findings", 2),
        ("corrected", 2),
    ]
    assert _ids(h.client.get("/queue?ai_status=corrected", headers=headers)) == [corrected]
