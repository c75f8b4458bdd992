"""The supervisor's lists are queues too: a high-risk customer's escalated claim comes first on the
supervisor's desk (issue 14 item 5: the stored flag sorts first in every queue), then the nearest
assessment deadline."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import update

from api.auth.roles import Role
from api.customers.models import CustomerRisk
from api.db.models import Claim
from api.web.views import escalated_claims
from tests.api.customers.helpers import T0
from tests.fixtures.harness import Harness


def _escalated(h: Harness, due_in_days: int) -> tuple[uuid.UUID, uuid.UUID]:
    customer, headers = h.login(Role.CUSTOMER)
    claim_id = uuid.UUID(h.create_claim(headers)["id"])
    due = T0 + timedelta(days=due_in_days)
    with h.session() as session:
        session.execute(
            update(Claim).where(Claim.id == claim_id).values(assessment_due_at=due, assessment_escalated_at=due)
        )
    return customer.id, claim_id


def _order(h: Harness, claim_ids: set[uuid.UUID]) -> list[uuid.UUID]:
    with h.session() as session:
        return [c.id for c in escalated_claims(session) if c.id in claim_ids]


def test_a_high_risk_customers_escalated_claim_comes_first(harness: Harness) -> None:
    h = harness
    _, sooner = _escalated(h, 1)
    risky, later = _escalated(h, 2)
    assert _order(h, {sooner, later}) == [sooner, later]  # nobody flagged: the nearest deadline first
    with h.session() as session:
        session.add(
            CustomerRisk(customer_id=risky, high_risk=True, reasons=[{"code": "fraud_signals"}], rule_tags=[],
                         computed_at=T0, flagged_at=T0)
        )  # fmt: skip
    assert _order(h, {sooner, later}) == [later, sooner]
