"""The customer withdraws the training consent for a claim, or gives it later: one service behind
``PUT /claims/{id}/training-consent`` and the claim page's button; when is recorded, each change
is audited, the same answer twice changes nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import AuditEvent, Claim
from tests.fixtures.harness import Harness


def _events(h: Harness, claim_id: str) -> list[tuple[str, str | None]]:
    with h.session() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.claim_id == uuid.UUID(claim_id)).order_by(AuditEvent.at)
        )
        return [(str(e.action), e.actor_role.value if e.actor_role else None) for e in rows if "consent" in e.action]


def test_the_customer_withdraws_and_gives_again_each_change_recorded_and_audited(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    claim_id = str(h.create_claim(customer, training_consent=True)["id"])
    url = f"/claims/{claim_id}/training-consent"

    withdrawn = h.client.put(url, json={"given": False}, headers=customer)

    assert withdrawn.status_code == 200, withdrawn.text
    body = withdrawn.json()
    assert body["given"] is False and body["withdrawn_at"] is not None and body["given_at"] is not None
    assert "leave this claim's photos out" in body["note"]
    claim = h.client.get(f"/claims/{claim_id}", headers=customer).json()
    assert claim["training_consent"] is False and claim["training_consent_withdrawn_at"] == body["withdrawn_at"]
    assert _events(h, claim_id) == [("training_consent_withdrawn", "customer")]

    again = h.client.put(url, json={"given": False}, headers=customer)  # the same answer: nothing new
    assert again.status_code == 200 and again.json()["withdrawn_at"] == body["withdrawn_at"]
    assert len(_events(h, claim_id)) == 1

    given = h.client.put(url, json={"given": True}, headers=customer).json()
    assert given["given"] is True and given["withdrawn_at"] is None and given["given_at"] > body["given_at"]
    assert [a for a, _ in _events(h, claim_id)] == ["training_consent_withdrawn", "training_consent_given"]


def test_only_the_claims_customer_decides(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, other = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    claim_id = str(h.create_claim(customer, training_consent=True)["id"])
    url = f"/claims/{claim_id}/training-consent"
    assert h.client.put(url, json={"given": False}, headers=other).status_code == 404
    staff = h.client.put(url, json={"given": False}, headers=adjuster)
    assert staff.status_code == 403 and staff.headers["content-type"] == "application/problem+json"
    for body in ({"given": "perhaps"}, {}, {"given": False, "extra": 1}, {"given": "false"}):
        refused = h.client.put(url, json=body, headers=customer)
        assert refused.status_code == 422, body
        assert refused.headers["content-type"] == "application/problem+json"
    with h.session() as session:
        row = session.get(Claim, uuid.UUID(claim_id))
        assert row is not None and row.training_consent and row.training_consent_withdrawn_at is None
    assert _events(h, claim_id) == []


def test_the_service_refuses_anyone_but_the_claims_customer(harness: Harness) -> None:
    import pytest

    from api.auth.actor import Actor
    from api.claims.consent import set_training_consent
    from api.claims.errors import ConsentNotYours
    from api.db.base import utcnow

    h = harness
    _, customer = h.login(Role.CUSTOMER)
    others = [Actor.of(h.user(Role.CUSTOMER)), Actor.of(h.user(Role.SUPERVISOR)), Actor.system()]
    claim_id = uuid.UUID(h.create_claim(customer, training_consent=True)["id"])
    with h.session() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        for actor in others:
            with pytest.raises(ConsentNotYours):
                set_training_consent(session, claim=claim, actor=actor, given=False, now=utcnow())
        assert claim.training_consent
