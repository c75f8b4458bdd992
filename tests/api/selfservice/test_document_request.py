"""The one request for missing documents: sent once, with the whole list, between two hours and a
day after the report, never to a claim that has everything; two schedulers at once send it once."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import AuditEvent, Claim
from api.scheduler import run_once
from api.selfservice.requests import request_missing
from api.workflow.states import AuditAction
from tests.fixtures import images
from tests.fixtures.harness import Harness


def _inbox(h: Harness, headers: dict[str, str]) -> list[dict[str, Any]]:
    return h.client.get("/me/inbox", params={"limit": 100}, headers=headers).json()["items"]


def _requests(h: Harness, headers: dict[str, str]) -> list[dict[str, Any]]:
    return [m for m in _inbox(h, headers) if m["topic"] == "claim.documents_missing"]


def _reported(h: Harness, claim_id: str) -> datetime:
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        return claim.reported_at


def _upload(h: Harness, headers: dict[str, str], claim_id: str, kind: str) -> None:
    uploaded = h.client.post(
        f"/claims/{claim_id}/documents",
        files={"file": (f"{kind}.pdf", images.minimal_pdf(), "application/pdf")},
        data={"kind": kind},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text


def test_a_claim_missing_documents_is_asked_once_with_the_whole_list(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    claim = h.create_claim(customer, estimated_amount={"amount": "300.00", "currency": "CNY"})  # small loss
    _upload(h, customer, claim["id"], "driving_licence")
    reported = _reported(h, claim["id"])

    assert request_missing(h.state.session_factory, now=reported + timedelta(hours=1)) == 0  # still in grace
    assert _requests(h, customer) == []

    tick = run_once(h.state, now=reported + timedelta(hours=3))
    assert tick.documents_requested == 1
    (message,) = _requests(h, customer)
    assert message["claim_id"] == claim["id"]
    assert message["body"] == "您的理赔还缺少以下资料：车辆照片、身份证、行驶证。请尽快上传，以免影响处理时效。"

    assert request_missing(h.state.session_factory, now=reported + timedelta(hours=5)) == 0  # once
    assert len(_requests(h, customer)) == 1
    with h.session() as session:
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.DOCUMENTS_REQUESTED)).all()
        assert event.reason_code == "documents_missing"  # the list as codes, named where shown
        assert event.reason_params == {"documents": ["photos", "id_card", "vehicle_licence"]}


def test_no_request_after_a_day_or_to_a_claim_past_review(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    claim = h.create_claim(customer)
    reported = _reported(h, claim["id"])

    assert request_missing(h.state.session_factory, now=reported + timedelta(days=1, minutes=1)) == 0
    assert _requests(h, customer) == []


def test_two_schedulers_at_once_send_one_request(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    claim = h.create_claim(customer)
    when = _reported(h, claim["id"]) + timedelta(hours=3)
    counts: list[int] = []
    start = threading.Barrier(2)

    def tick() -> None:
        start.wait()
        counts.append(request_missing(h.state.session_factory, now=when))

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(counts) == [0, 1]
    assert len(_requests(h, customer)) == 1
