"""The flag's first computation from several transactions at once: one row, no error (the losers
of the insert update the winner's row under its lock)."""

from __future__ import annotations

from sqlalchemy import func, select

from api.auth.roles import Role
from api.customers.models import CustomerRisk
from api.customers.service import recompute
from tests.api.customers.helpers import T0
from tests.fixtures.harness import Harness
from tests.fixtures.live_server import at_once


def test_four_first_computations_at_once_store_one_row(harness: Harness) -> None:
    h = harness
    customer, headers = h.login(Role.CUSTOMER)
    h.create_claim(headers)

    def compute() -> bool:
        with h.session() as session:
            return recompute(session, customer_id=customer.id, now=T0).high_risk

    assert at_once([compute] * 4) == [False] * 4
    with h.session() as session:
        rows = session.scalar(
            select(func.count()).select_from(CustomerRisk).where(CustomerRisk.customer_id == customer.id)
        )
        assert rows == 1
