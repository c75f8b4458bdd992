"""Customers with complaints at fixed times (a frozen clock) for the profile and queue tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import update

from api.customers.models import CustomerRisk
from api.customers.service import recompute
from api.disputes.models import Complaint
from tests.fixtures.harness import Harness

T0 = datetime(2026, 9, 1, 1, 0, tzinfo=UTC)


def complaint_at(h: Harness, headers: dict[str, str], claim_id: str, at: datetime) -> str:
    """A complaint filed through the API, then placed at ``at``."""
    created = h.client.post(
        f"/claims/{claim_id}/complaints", json={"channel": "app", "text": "金额太低"}, headers=headers
    )
    assert created.status_code == 201, created.text
    complaint_id = str(created.json()["id"])
    with h.session() as session:
        session.execute(update(Complaint).where(Complaint.id == uuid.UUID(complaint_id)).values(received_at=at))
    return complaint_id


def risk_at(h: Harness, customer_id: uuid.UUID, now: datetime) -> tuple[bool, list[str]]:
    """Recompute at ``now``: the flag and its reason codes."""
    with h.session() as session:
        row = recompute(session, customer_id=customer_id, now=now)
        return row.high_risk, [r["code"] for r in row.reasons]


def stored(h: Harness, customer_id: uuid.UUID) -> CustomerRisk | None:
    with h.session() as session:
        row = session.get(CustomerRisk, customer_id)
        if row is not None:
            session.expunge(row)
        return row
