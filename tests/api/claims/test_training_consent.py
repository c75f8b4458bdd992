"""The training consent asked at capture: off unless the customer gives it, shown back to them."""

from __future__ import annotations

import uuid

from api.auth.roles import Role
from api.db.models import Claim
from tests.fixtures.harness import Harness, claim_body


def test_consent_is_off_unless_given_and_is_recorded_with_its_time(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    silent = harness.create_claim(customer)
    given = harness.create_claim(customer, training_consent=True)
    assert (silent["training_consent"], given["training_consent"]) == (False, True)
    with harness.session() as session:
        silent_row = session.get(Claim, uuid.UUID(silent["id"]))
        given_row = session.get(Claim, uuid.UUID(given["id"]))
        assert silent_row is not None and given_row is not None
        assert (silent_row.training_consent, silent_row.training_consent_at) == (False, None)
        assert given_row.training_consent and given_row.training_consent_at == given_row.reported_at


def test_consent_must_be_a_boolean(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    response = harness.client.post("/claims", json=claim_body(training_consent="perhaps"), headers=customer)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
