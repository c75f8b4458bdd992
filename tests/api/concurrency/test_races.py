"""Real concurrency against a live server (uvicorn in a thread, one connection per client), on
SQLite and PostgreSQL: one action fired N times at once happens once — one success, one audit
event, one notification — and a long assessment keeps no other customer waiting."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import numpy.typing as npt
import pytest
from sqlalchemy import func, select

from api.auth.roles import Role
from api.db.models import AuditEvent, OutboxMessage
from api.notifications.topics import Topic
from api.workflow.states import ClaimState
from inference.detections import Detections
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import claim_body, make_settings
from tests.fixtures.live_server import LiveServer, at_once, live_harness

N = 10


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    from api.app import create_app

    with live_harness(create_app(make_settings(db_url, tmp_path / "var"))) as server:
        server.state.parts = None
        yield server


def _post(live: LiveServer, path: str, headers: dict[str, str], **kwargs: Any) -> Callable[[], httpx.Response]:
    # A client of its own per call: its own connection, as N separate browsers would have.
    return lambda: httpx.post(f"{live.base_url}{path}", headers=headers, timeout=60.0, **kwargs)


def _statuses(responses: Sequence[Any]) -> Counter[int]:
    assert all(isinstance(r, httpx.Response) for r in responses), responses
    return Counter(r.status_code for r in responses)


def _count(live: LiveServer, model: Any, *where: Any) -> int:
    with live.h.session() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_parallel_approvals_of_one_version_approve_it_once(live: LiveServer) -> None:
    h = live.h
    _, customer = h.login(Role.CUSTOMER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate")])
    _, senior = h.login(Role.SENIOR_ADJUSTER)
    price(h, claim_id, senior)
    approvers = [h.login(Role.SENIOR_ADJUSTER)[1] for _ in range(N)]

    responses = at_once([_post(live, f"/claims/{claim_id}/estimates/1/approve", a) for a in approvers])

    assert _statuses(responses) == {200: 1, 409: N - 1}, [r.text for r in responses if r.status_code != 409]
    assert {r.json()["type"].rsplit(":", 1)[1] for r in responses if r.status_code == 409} <= {
        "already-approved",
        "estimate-closed",
        "concurrent-update",
    }
    cid = uuid.UUID(claim_id)
    assert _count(live, AuditEvent, AuditEvent.claim_id == cid, AuditEvent.to_state == ClaimState.ASSESSED) == 1
    assert _count(live, OutboxMessage, OutboxMessage.claim_id == cid, OutboxMessage.topic == Topic.CLAIM_ASSESSED) == 1


def test_parallel_identical_transitions_move_the_claim_once(live: LiveServer) -> None:
    h = live.h
    _, customer = h.login(Role.CUSTOMER)
    claim_id = str(h.create_claim(customer)["id"])
    movers = [h.login(Role.SENIOR_ADJUSTER)[1] for _ in range(N)]
    body = {"to": "under_review", "reason": "documents complete"}

    responses = at_once([_post(live, f"/claims/{claim_id}/transitions", m, json=body) for m in movers])

    assert _statuses(responses) == {200: 1, 409: N - 1}, [r.text for r in responses if r.status_code != 409]
    cid = uuid.UUID(claim_id)
    moved = _count(live, AuditEvent, AuditEvent.claim_id == cid, AuditEvent.to_state == ClaimState.UNDER_REVIEW)
    assert moved == 1


class SlowDetector(FakeDetector):
    """A detector that takes its time (a 60-photo claim on a busy CPU), and says when it started."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds, self.running = seconds, threading.Event()

    def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
        self.running.set()
        time.sleep(self.seconds)
        return super().detect(image_rgb)


def test_a_long_assessment_keeps_no_other_customer_waiting(live: LiveServer) -> None:
    h = live.h
    _, customer = h.login(Role.CUSTOMER)
    _, other = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    claim_id = str(h.create_claim(customer)["id"])
    for _ in range(2):
        assert h.upload_photo(customer, claim_id).status_code == 201
    slow = SlowDetector(seconds=2.0)
    live.state.detector = slow
    assessment: list[httpx.Response] = []
    runner = threading.Thread(
        target=lambda: assessment.append(_post(live, f"/claims/{claim_id}/assessments", adjuster)())
    )
    runner.start()
    assert slow.running.wait(timeout=30)

    began = time.perf_counter()
    filed = httpx.post(f"{live.base_url}/claims", json=claim_body(), headers=other, timeout=60.0)
    elapsed = time.perf_counter() - began

    assert filed.status_code == 201, filed.text
    assert elapsed < 1.5, f"POST /claims waited {elapsed:.2f} s behind the assessment"
    runner.join(timeout=60)
    (done,) = assessment
    assert h.follow(done, adjuster)["status"] == "succeeded"
    assert slow.calls and len(slow.calls) == 2
