"""Claims with an assessment ready to price: the fake detector finds one dent per photo and the
test sets what a part model would have said (part, severity) on the stored findings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from api.auth.roles import Role
from api.db.models.assessment import Finding
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import Harness

PRICE_BODY: dict[str, Any] = {
    "vehicle": {"vehicle_class": "compact"},
    "region": "310000",
    "policy_terms": {"fault_deductible_rate": "0.10", "absolute_deductible": {"amount": "100.00", "currency": "CNY"}},
}


def assessed_claim(
    harness: Harness,
    customer: dict[str, str],
    *,
    parts: Sequence[tuple[str, str | None] | tuple[str, str | None, str]] | None = None,
    **claim_overrides: Any,
) -> str:
    """A claim under review with one photo per entry of ``parts`` (part code, severity), each with
    one dent found on it (or the damage type given third). ``None`` for parts leaves the
    detector's own answer (part unknown)."""
    harness.state.detector = FakeDetector()
    claim_id = str(harness.create_claim(customer, **claim_overrides)["id"])
    wanted = parts if parts is not None else [("unknown", None)]
    for _ in wanted:
        assert harness.upload_photo(customer, claim_id).status_code == 201
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    response = harness.assess(claim_id, adjuster)
    assert response.status_code == 200, response.text
    with harness.session() as session:
        rows = session.scalars(
            select(Finding).where(Finding.assessment_id == uuid.UUID(response.json()["id"])).order_by(Finding.rank)
        ).all()
        assert len(rows) == len(wanted)
        for row, (part, severity, *damage) in zip(rows, wanted, strict=True):
            row.part, row.severity = part, severity
            row.damage_type = damage[0] if damage else row.damage_type
            row.part_method = "test"
    return claim_id


def price(harness: Harness, claim_id: str, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = harness.client.post(f"/claims/{claim_id}/estimates", json={**PRICE_BODY, **overrides}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())
