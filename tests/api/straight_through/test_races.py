"""Triggers at once against a live server (one connection each), on SQLite and PostgreSQL: the
customer's photos submitted N times at once make one job, one provisional estimate, one decision
and one approval (one audit event, one 定损完成 notification)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from api.auth.roles import Role
from api.db.models import AuditEvent, EstimateVersion, OutboxMessage
from api.notifications.topics import Topic
from api.straight_through.models import StraightThroughDecision
from api.workflow.states import ClaimState
from tests.api.straight_through.helpers import OneDamageDetector, claim_with_photo
from tests.fixtures.harness import make_settings
from tests.fixtures.live_server import LiveServer, at_once, live_harness

N = 6


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    from api.app import create_app

    with live_harness(create_app(make_settings(db_url, tmp_path / "var"))) as server:
        server.state.detector = OneDamageDetector(class_id=1, share=0.05)
        server.state.parts = None
        yield server


def test_photos_submitted_at_once_make_one_estimate_and_one_approval(live: LiveServer) -> None:
    h = live.h
    _, customer = h.login(Role.CUSTOMER)
    claim_id = claim_with_photo(h, customer, zone="side_mirror", side="left")
    url = f"{live.base_url}/claims/{claim_id}/photos/submission"

    responses = at_once([lambda: httpx.post(url, headers=customer, timeout=60.0) for _ in range(N)])

    assert all(isinstance(r, httpx.Response) for r in responses), responses
    statuses = Counter(r.status_code for r in responses)
    # Every trigger that found the claim still assessable got the one job; one that came after the
    # approval is refused (409), never a second job.
    assert set(statuses) <= {202, 409} and statuses[202] >= 1, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses if r.status_code == 202}) == 1
    h.wait_for_jobs()
    cid = uuid.UUID(claim_id)
    with h.session() as session:

        def count(model: object, *where: object) -> int:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]

        assert count(EstimateVersion, EstimateVersion.claim_id == cid) == 1
        assert count(StraightThroughDecision, StraightThroughDecision.claim_id == cid) == 1
        assert count(AuditEvent, AuditEvent.claim_id == cid, AuditEvent.to_state == ClaimState.ASSESSED) == 1
        assert count(OutboxMessage, OutboxMessage.claim_id == cid, OutboxMessage.topic == Topic.CLAIM_ASSESSED) == 1
    again = h.client.post(f"/claims/{claim_id}/photos/submission", headers=customer)
    assert again.status_code == 409 and again.json()["type"].endswith("not-assessable")
