"""A complaint desk on a running app: users per role, a claim, complaints and request bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from api.auth.roles import Role
from tests.api.disputes.test_golden_dispute import QUOTE_4S, estimate_v2
from tests.fixtures.harness import Harness

DESK_T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # Tuesday 10:00 in Shanghai: the desk tests' frozen clock starts here

AMOUNT_COMPLAINT = "4S店报价8750，你们定损才赔4340，金额太低，免赔额也没解释"


@dataclass
class Desk:
    h: Harness
    customer: dict[str, str]
    other: dict[str, str]
    handler: dict[str, str]
    senior: dict[str, str]
    supervisor: dict[str, str]
    junior: dict[str, str]
    admin: dict[str, str]
    claim_id: str

    def file(self, headers: dict[str, str] | None = None, **overrides: Any) -> dict[str, Any]:
        body = {"channel": "app", "text": AMOUNT_COMPLAINT, "demand": "按4S店报价赔付", "contact": "138****0000"}
        body.update(overrides)
        response = self.h.client.post(
            f"/claims/{self.claim_id}/complaints", json=body, headers=headers or self.customer
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    def post(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> httpx.Response:
        return self.h.client.post(path, json=body, headers=headers)

    def analyse(self, complaint_id: str, body: dict[str, Any] | None = None) -> httpx.Response:
        return self.post(f"/complaints/{complaint_id}/analysis", self.handler, body or golden_body())

    def decide(self, complaint_id: str, amount: str, headers: dict[str, str] | None = None) -> httpx.Response:
        body = {
            "verdict": "partly_justified",
            "remedies": ["negotiated_compensation", "explain_with_evidence"],
            "compensation": {"amount": amount, "currency": "CNY"},
            "reason": "labour hours above standard on the paint line",
        }
        return self.post(f"/complaints/{complaint_id}/decision", headers or self.handler, body)


def make_desk(h: Harness) -> Desk:
    customer = h.login(Role.CUSTOMER)[1]
    claim = h.create_claim(customer)
    return Desk(
        h,
        customer,
        h.login(Role.CUSTOMER)[1],
        h.login(Role.COMPLAINT_HANDLER)[1],
        h.login(Role.SENIOR_ADJUSTER)[1],
        h.login(Role.SUPERVISOR)[1],
        h.login(Role.JUNIOR_ADJUSTER)[1],
        h.login(Role.ADMIN)[1],
        str(claim["id"]),
    )


def estimate_body(version: int = 2) -> dict[str, Any]:
    data = estimate_v2().to_json()
    data.pop("claim_ref")
    data["version"] = version
    return data


def golden_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"estimate": estimate_body(), "quote_text": QUOTE_4S, "default_price_type": "oem_guide"}
    body.update(overrides)
    return body


def assessed_claim(h: Harness) -> tuple[Any, dict[str, str], str]:
    """A customer's claim in 'assessed' with one approved estimate version (a windscreen
    replaced, a bumper repaired) — stored directly, without running the detector first."""
    import uuid

    from api.auth.actor import Actor
    from api.db.base import utcnow
    from api.db.models import Claim
    from api.estimates import service as estimates
    from api.workflow.states import ClaimState
    from pricing import Finding, PolicyTerms, Rules, Vehicle, VehicleClass, build_estimate, load_sample_catalog

    customer, headers = h.login(Role.CUSTOMER)
    claim_id = str(h.create_claim(headers)["id"])
    senior = h.user(Role.SENIOR_ADJUSTER)
    est = build_estimate(
        findings=[
            Finding("f1", "front_glass", "glass_shatter", "severe", ("p1",), "0.9"),
            Finding("f2", "front_bumper", "dent", "moderate", ("p2",), "0.9"),
        ],
        vehicle=Vehicle(VehicleClass.COMPACT),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="default",
        policy_terms=PolicyTerms(),
    )
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        row = estimates._store(
            session, claim=claim, estimate=est, actor=Actor.of(senior), parent_version=None,
            assessment_id=None, assumptions=(),
        )  # fmt: skip
        row.approved_at, row.approved_by, row.approved_by_role = utcnow(), senior.id, senior.role
        claim.state = ClaimState.ASSESSED
    return customer, headers, claim_id
