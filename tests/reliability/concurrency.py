"""Concurrency trials against a live server: N clients fire the same action at once.

- approvals: N adjusters' requests approve one estimate version; one may succeed;
- transitions: N requests move one claim 'submitted' -> 'under_review'; one may succeed;
- uploads: N different photos to one claim (all should land), and one photo to two customers'
  claims at once (the PostgreSQL deadlock of issue 15); no request may answer 5xx.
A duplicate is a second success, or a second audit event or notification for the one action.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import func, select

from api.db.engine import make_engine, make_session_factory
from api.db.models.audit import AuditEvent
from api.db.models.outbox import OutboxMessage
from api.workflow.states import ClaimState
from tests.fixtures import images
from tests.fixtures.harness import claim_body
from tests.reliability.world import PRICE_BODY, assess, create_users, login


@dataclass
class ConcurrencyResult:
    kind: str
    database: str
    workers: int = 1  # server processes answering
    trials: int = 0
    requests: int = 0
    successes: int = 0  # 2xx answers
    duplicates: int = 0  # successes, audit events or notifications beyond the one allowed
    server_errors: int = 0  # 5xx answers or dropped connections
    statuses: Counter[str] = field(default_factory=Counter)


Call = tuple[str, dict[str, Any]]  # (path, keyword arguments of httpx.Client.post)


def fire(url: str, calls: list[Call]) -> list[int]:
    """POST every call at once (released together, one connection each); their status codes
    (599 for a request that got no answer)."""
    barrier = threading.Barrier(len(calls))
    statuses = [0] * len(calls)

    def run(index: int) -> None:
        path, kwargs = calls[index]
        with httpx.Client(base_url=url, timeout=120) as client:
            barrier.wait()
            try:
                statuses[index] = client.post(path, **kwargs).status_code
            except httpx.TransportError:
                statuses[index] = 599

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


class Trials:
    """Users and helpers on one live server and its database."""

    def __init__(self, url: str, database_url: str, database: str, *, workers: int = 1) -> None:
        self.url, self.database_url, self.database, self.workers = url, database_url, database, workers
        self.engine = make_engine(database_url)
        self.client = httpx.Client(base_url=url, timeout=120)
        emails = create_users(make_session_factory(self.engine), prefix="race-")
        self.customer = login(self.client, emails["customer"])
        self.senior = login(self.client, emails["senior_adjuster"])
        other = create_users(make_session_factory(self.engine), prefix="race2-")
        self.other_customer = login(self.client, other["customer"])

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()

    def _ok(self, response: httpx.Response) -> dict[str, Any]:
        assert response.is_success, f"{response.request.method} {response.request.url}: {response.text}"
        return dict(response.json())

    def claim(self, headers: dict[str, str] | None = None, photos: int = 1) -> str:
        headers = headers or self.customer
        claim_id = str(self._ok(self.client.post("/claims", json=claim_body(), headers=headers))["id"])
        for _ in range(photos):
            self._ok(self.client.post(f"/claims/{claim_id}/photos", files=_photo(), headers=headers))
        return claim_id

    def _events(self, claim_id: str, to_state: ClaimState) -> int:
        with self.engine.connect() as connection:
            query = select(func.count()).where(
                AuditEvent.claim_id == uuid.UUID(claim_id), AuditEvent.to_state == to_state
            )
            return int(connection.scalar(query) or 0)

    def _notifications(self, claim_id: str) -> int:
        with self.engine.connect() as connection:
            query = select(func.count()).where(OutboxMessage.claim_id == uuid.UUID(claim_id))
            return int(connection.scalar(query) or 0)

    def _tally(self, result: ConcurrencyResult, statuses: list[int]) -> int:
        result.requests += len(statuses)
        result.statuses.update(str(s) for s in statuses)
        result.server_errors += sum(s >= 500 for s in statuses)
        ok = sum(200 <= s < 300 for s in statuses)
        result.successes += ok
        return ok

    def _priced_claim(self) -> str:
        claim_id = self.claim()
        assess(self.client, self.senior, claim_id)
        self._ok(self.client.post(f"/claims/{claim_id}/estimates", json=PRICE_BODY, headers=self.senior))
        return claim_id

    def approvals(self, trials: int, parallel: int) -> ConcurrencyResult:
        result = ConcurrencyResult("parallel approvals of one estimate version", self.database, self.workers)
        control = self._priced_claim()  # one approval alone: the notifications it makes
        before = self._notifications(control)
        self._ok(self.client.post(f"/claims/{control}/estimates/1/approve", headers=self.senior))
        per_approval = self._notifications(control) - before
        for _ in range(trials):
            result.trials += 1
            claim_id = self._priced_claim()
            before = self._notifications(claim_id)
            call: Call = (f"/claims/{claim_id}/estimates/1/approve", {"headers": self.senior})
            ok = self._tally(result, fire(self.url, [call] * parallel))
            assessed = self._events(claim_id, ClaimState.ASSESSED)
            notified = self._notifications(claim_id) - before
            result.duplicates += max(0, ok - 1) + max(0, assessed - 1) + max(0, notified - per_approval)
        return result

    def transitions(self, trials: int, parallel: int) -> ConcurrencyResult:
        result = ConcurrencyResult("parallel transitions submitted -> under_review", self.database, self.workers)
        body = {"to": "under_review", "reason": "reliability race"}
        for _ in range(trials):
            result.trials += 1
            claim_id = self.claim()
            call: Call = (f"/claims/{claim_id}/transitions", {"json": body, "headers": self.senior})
            ok = self._tally(result, fire(self.url, [call] * parallel))
            moved = self._events(claim_id, ClaimState.UNDER_REVIEW)
            result.duplicates += max(0, ok - 1) + max(0, moved - 1)
        return result

    def uploads(self, trials: int, parallel: int) -> ConcurrencyResult:
        result = ConcurrencyResult("parallel uploads (one claim; one photo to two claims)", self.database, self.workers)
        for _ in range(trials):
            result.trials += 1
            claim_id = self.claim(photos=0)
            path = f"/claims/{claim_id}/photos"
            self._tally(
                result, fire(self.url, [(path, {"files": _photo(), "headers": self.customer}) for _ in range(parallel)])
            )
            mine, theirs = self.claim(photos=0), self.claim(self.other_customer, photos=0)
            same = _photo()
            calls: list[Call] = [
                (f"/claims/{mine}/photos", {"files": same, "headers": self.customer}),
                (f"/claims/{theirs}/photos", {"files": same, "headers": self.other_customer}),
            ]
            self._tally(result, fire(self.url, calls))
        return result


def _photo() -> dict[str, tuple[str, bytes, str]]:
    return {"file": ("p.jpg", images.unique_jpeg(size=(640, 480)), "image/jpeg")}
