"""Version columns on claims, estimate versions and complaints: a write based on a stale read is
refused (``StaleDataError``), and over HTTP it answers 409 ``concurrent-update`` — whether the
ORM notices it at a flush inside the endpoint or at the commit after it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import APIRouter
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from api.auth.roles import Role
from api.db.models import Claim, User
from api.db.models.estimate import EstimateVersion
from api.deps import SessionDep
from api.disputes.models import Complaint
from api.workflow.states import CaseTier, ClaimState
from tests.fixtures.harness import Harness


def _claim(session: Session) -> Claim:
    customer = User(email=f"{uuid.uuid4().hex}@example.test", password_hash="x", role=Role.CUSTOMER)
    session.add(customer)
    session.flush()
    now = datetime.now(UTC)
    claim = Claim(
        customer_id=customer.id,
        policy_number="P1",
        policy_start=date(2026, 1, 1),
        accident_at=now,
        reported_at=now,
        tier=CaseTier.SIMPLE,
        state=ClaimState.UNDER_REVIEW,
        assessment_due_at=now + timedelta(days=1),
    )
    session.add(claim)
    session.flush()
    return claim


def _estimate(session: Session, claim: Claim) -> EstimateVersion:
    row = EstimateVersion(
        claim_id=claim.id,
        version=1,
        catalog_version="c",
        rules_version="r",
        currency="CNY",
        net_repair_cost=0,
        payable=0,
        tier="simple",
        complete=True,
        body={},
    )
    session.add(row)
    return row


def _complaint(session: Session, claim: Claim) -> Complaint:
    now = datetime.now(UTC)
    row = Complaint(
        claim_id=claim.id,
        customer_id=claim.customer_id,
        filed_by_id=claim.customer_id,
        channel="app",
        received_at=now,
        step_due_at=now,
        feedback_due_at=now,
    )
    session.add(row)
    return row


@pytest.fixture
def rows(harness: Harness) -> Iterator[dict[type[Any], uuid.UUID]]:
    with harness.session() as session:
        claim = _claim(session)
        estimate, complaint = _estimate(session, claim), _complaint(session, claim)
        session.flush()
        ids: dict[type[Any], uuid.UUID] = {Claim: claim.id, EstimateVersion: estimate.id, Complaint: complaint.id}
    yield ids


CHANGES: dict[type[Any], Callable[[Any], None]] = {
    Claim: lambda row: setattr(row, "description", f"changed {uuid.uuid4().hex}"),
    EstimateVersion: lambda row: setattr(row, "approved_at", datetime.now(UTC)),
    Complaint: lambda row: setattr(row, "text", f"changed {uuid.uuid4().hex}"),
}


@pytest.mark.parametrize("model", [Claim, EstimateVersion, Complaint], ids=lambda m: m.__name__)
def test_a_lost_update_is_refused(harness: Harness, rows: dict[type[Any], uuid.UUID], model: type[Any]) -> None:
    factory = harness.state.session_factory
    with factory() as stale, factory() as fresh:
        mine = stale.get(model, rows[model])
        theirs = fresh.get(model, rows[model])
        assert mine is not None and theirs is not None
        assert mine.version_id == theirs.version_id == 1
        stale.commit()  # end the reader's snapshot: what happens now is another request's write
        CHANGES[model](theirs)
        fresh.commit()
        assert theirs.version_id == 2
        CHANGES[model](mine)
        with pytest.raises(StaleDataError):
            stale.flush()


def _bump(harness: Harness, claim_id: uuid.UUID) -> None:
    """Another writer changes the claim (its own transaction, its own connection)."""
    with harness.state.engine.begin() as conn:
        conn.execute(update(Claim).where(Claim.id == claim_id).values(version_id=Claim.version_id + 1))


def _routes(harness: Harness, claim_id: uuid.UUID) -> None:
    router = APIRouter()

    @router.post("/test/stale-flush")
    def stale_flush(session: SessionDep) -> dict[str, str]:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        session.commit()  # (the read ended; the write below is based on it)
        _bump(harness, claim_id)
        claim.description = "mine"
        session.flush()  # the endpoint's own flush notices
        return {"never": "reached"}

    @router.post("/test/stale-commit")
    def stale_commit(session: SessionDep) -> dict[str, str]:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        session.commit()
        _bump(harness, claim_id)
        claim.description = "mine"  # flushed by the dependency's commit
        return {"written": "maybe"}

    app: Any = harness.client.app
    app.include_router(router)


@pytest.mark.parametrize("path", ["/test/stale-flush", "/test/stale-commit"])
def test_a_lost_update_answers_409_concurrent_update(
    harness: Harness, rows: dict[type[Any], uuid.UUID], path: str
) -> None:
    _routes(harness, rows[Claim])
    response = harness.client.post(path)
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(":concurrent-update")
    with harness.session() as session:
        claim = session.get(Claim, rows[Claim])
        assert claim is not None and claim.description != "mine"
