"""The priority follow-ups are a queue the desk works, so a high-risk customer's row comes first
there too (issue 14 item 5: the stored flag sorts first in every queue), then the lowest score."""

from __future__ import annotations

import uuid
from typing import Any

from api.auth.roles import Role
from api.customers.models import CustomerRisk
from api.db.base import utcnow
from tests.api.surveys.test_answers import sent_survey
from tests.fixtures.harness import Harness

VERY_LOW = {"convenience": 1, "communication": 1, "amount_fairness": 1, "overall": 1}
LOW = {"convenience": 4, "communication": 2, "amount_fairness": 3, "overall": 3}


def _answered(h: Harness, scores: dict[str, int]) -> tuple[uuid.UUID, str]:
    customer, headers = h.login(Role.CUSTOMER)
    survey_id = sent_survey(h, headers)
    assert h.client.post(f"/surveys/{survey_id}/answers", json=scores, headers=headers).status_code == 201
    return customer.id, survey_id


def _flag(h: Harness, customer_id: uuid.UUID) -> None:
    """Raise the customer's stored flag (the low score's recompute wrote their row, unflagged)."""
    with h.session() as session:
        row = session.get(CustomerRisk, customer_id)
        assert row is not None and row.high_risk is False
        row.high_risk, row.reasons, row.flagged_at = True, [{"code": "fraud_signals"}], utcnow()


def test_a_high_risk_customers_follow_up_comes_first_then_the_lowest_score(harness: Harness) -> None:
    h = harness
    _, lowest = _answered(h, VERY_LOW)
    risky, flagged = _answered(h, LOW)
    desk = h.login(Role.COMPLAINT_HANDLER)[1]

    def order() -> list[Any]:
        rows = h.client.get("/survey-follow-ups", headers=desk).json()
        return [(r["revisit_id"], r["high_risk"]) for r in rows if r["revisit_id"] in (lowest, flagged)]

    assert order() == [(lowest, False), (flagged, False)]  # nobody flagged: the lowest score first
    _flag(h, risky)
    assert order() == [(flagged, True), (lowest, False)]
