"""A process killed while the models ran leaves the claim in 'assessing' (committed before the
run, so no lock is held across it). The next start puts such claims back to 'submitted', so the
assessment can simply be asked for again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import AuditEvent, Claim
from api.workflow.states import ClaimState
from tests.fixtures.fake_detector import FakeDetector


def test_the_next_start_recovers_an_interrupted_assessment(harness_factory: Callable[..., Any]) -> None:
    with harness_factory() as h:
        _, customer = h.login(Role.CUSTOMER)
        claim_id = uuid.UUID(h.create_claim(customer)["id"])
        assert h.upload_photo(customer, str(claim_id)).status_code == 201
        with h.session() as session:  # as the first step of a run leaves it, then the process dies
            claim = session.get(Claim, claim_id)
            assert claim is not None
            claim.state = ClaimState.ASSESSING
            claim.updated_at = utcnow() - timedelta(seconds=5)
        adjuster = h.user(Role.SENIOR_ADJUSTER)

    with harness_factory() as h:
        with h.session() as session:
            claim = session.get(Claim, claim_id)
            assert claim is not None and claim.state is ClaimState.SUBMITTED
            event = session.scalars(
                select(AuditEvent).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.at.desc())
            ).first()
            assert event is not None and event.from_state is ClaimState.ASSESSING
            assert event.actor_id is None and event.reason_code == "assessment_stopped"  # stored as a code
        h.state.detector, h.state.parts = FakeDetector(), None
        response = h.assess(claim_id, h.headers(adjuster))
        assert response.status_code == 200, response.text
