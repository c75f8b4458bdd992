"""Self-service through the API: the document checklist per scenario and per claim, the deadline
achievement rates from the claims' real timestamps, and the FAQ."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import AuditEvent, Claim
from api.selfservice.achievement import month_of
from api.workflow.states import AuditAction, ClaimState
from tests.fixtures import images
from tests.fixtures.harness import Harness


def test_the_public_checklists_name_each_scenarios_documents(harness: Harness) -> None:
    found = {c["scenario"]: c["items"] for c in harness.client.get("/guide/checklists").json()}

    assert found["small_loss"] == ["photos", "id_card", "driving_licence", "vehicle_licence"]  # no repair quote
    assert "accident_report" in found["two_vehicles"] and "medical_record" not in found["two_vehicles"]
    assert {"accident_report", "medical_record", "repair_quote"} <= set(found["injury"])
    assert found["single_vehicle"][-1] == "repair_quote"


@pytest.mark.parametrize(
    ("facts", "scenarios"),
    [
        ({"estimated_amount": {"amount": "300.00", "currency": "CNY"}}, ["small_loss"]),
        ({"estimated_amount": {"amount": "800.00", "currency": "CNY"}}, ["single_vehicle"]),
        ({"vehicles_involved": 2}, ["two_vehicles"]),
        ({"vehicles_involved": 2, "injuries": True}, ["two_vehicles", "injury"]),
    ],
)
def test_a_claims_checklist_says_what_is_missing(
    harness: Harness, facts: dict[str, object], scenarios: list[str]
) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer, **facts)
    uploaded = harness.client.post(
        f"/claims/{claim['id']}/documents",
        files={"file": ("l.pdf", images.minimal_pdf(), "application/pdf")},
        data={"kind": "driving_licence"},
        headers=customer,
    )
    assert uploaded.status_code == 201

    body = harness.client.get(f"/claims/{claim['id']}/checklist", headers=customer).json()

    assert body["scenarios"] == scenarios
    have = {i["item"]: i["have"] for i in body["items"]}
    assert have["driving_licence"] is True and have["photos"] is False and have["id_card"] is False
    assert body["missing"] == [k for k, v in have.items() if not v]


def _claim_due(
    harness: Harness, headers: dict[str, str], *, due_in: timedelta, assessed_after: timedelta | None
) -> None:
    claim_id = uuid.UUID(harness.create_claim(headers)["id"])
    now = utcnow()
    with harness.session() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None and claim.tier == "simple"
        claim.assessment_due_at = now + due_in
        claim.payment_due_at = now + timedelta(days=400)  # outside the months shown
        if assessed_after is not None:
            session.add(
                AuditEvent(
                    claim_id=claim_id,
                    at=claim.assessment_due_at + assessed_after,
                    action=AuditAction.TRANSITION,
                    from_state=ClaimState.UNDER_REVIEW,
                    to_state=ClaimState.ASSESSED,
                    reason="test",
                )
            )


def test_the_achievement_rate_counts_met_and_missed_deadlines_and_leaves_pending_ones_out(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    minutes = timedelta(minutes=1)
    _claim_due(harness, customer, due_in=-10 * minutes, assessed_after=-60 * minutes)  # met
    _claim_due(harness, customer, due_in=-10 * minutes, assessed_after=5 * minutes)  # late: missed
    _claim_due(harness, customer, due_in=-10 * minutes, assessed_after=None)  # not done, passed: missed
    _claim_due(harness, customer, due_in=2 * minutes, assessed_after=None)  # still ahead: pending

    rows = harness.client.get("/deadlines/achievement").json()

    month = month_of(utcnow() - 10 * minutes, harness.state.tz)
    [simple] = [r for r in rows if (r["month"], r["tier"], r["step"]) == (month, "simple", "assessment")]
    assert (simple["due"], simple["met"], simple["rate"]) == (3, 1, "0.3333")
    assert simple["pending"] == (1 if month_of(utcnow() + 2 * minutes, harness.state.tz) == month else 0)
    assert len(rows) == 6 * 3 * 2 and rows[0]["month"] == month_of(utcnow(), harness.state.tz)
    assert "33.3%" in harness.client.get("/web/deadlines").text


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("如何拍照定损", "photos"),
        ("免赔额是什么", "deductible"),
        ("进度", "progress"),
        ("what is the deductible", "deductible"),
    ],
)
def test_the_faq_answers_the_common_questions(harness: Harness, question: str, first: str) -> None:
    body = harness.client.get("/faq", params={"q": question}).json()

    assert body["entries"][0]["id"] == first and body["entries"][0]["answer_zh"]


def test_the_faq_without_a_question_is_the_whole_base_and_a_long_question_is_a_422(harness: Harness) -> None:
    assert len(harness.client.get("/faq").json()["entries"]) >= 6
    assert harness.client.get("/faq", params={"q": "天气"}).json()["entries"] == []
    too_long = harness.client.get("/faq", params={"q": "问" * 201})
    assert too_long.status_code == 422 and too_long.headers["content-type"].startswith("application/problem+json")
