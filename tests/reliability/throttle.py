"""How sign-in throttling behaves: wrong passwords against one account, then against many
accounts from one address, until the first 429 (and what its ``Retry-After`` says)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import httpx


@dataclass
class ThrottleProbe:
    target: str  # what was hammered
    attempts: int = 0
    first_429_at: int | None = None  # 1-based attempt number
    retry_after: str | None = None
    problem_type: str | None = None
    correct_password_status: int | None = None  # the right password, once throttled
    statuses: list[int] = field(default_factory=list)


def _hammer(client: httpx.Client, probe: ThrottleProbe, emails: list[str], limit: int) -> ThrottleProbe:
    for attempt in range(1, limit + 1):
        email = emails[(attempt - 1) % len(emails)]
        response = client.post("/auth/token", data={"username": email, "password": f"wrong-{attempt}-password"})
        probe.attempts = attempt
        probe.statuses.append(response.status_code)
        if response.status_code == 429:
            probe.first_429_at = attempt
            probe.retry_after = response.headers.get("retry-after")
            if response.headers.get("content-type", "").startswith("application/problem+json"):
                probe.problem_type = str(response.json().get("type"))
            break
    return probe


def probe_account(client: httpx.Client, email: str, password: str, *, limit: int = 30) -> ThrottleProbe:
    probe = _hammer(client, ThrottleProbe("one account, wrong passwords"), [email], limit)
    if probe.first_429_at is not None:
        right = client.post("/auth/token", data={"username": email, "password": password})
        probe.correct_password_status = right.status_code
    return probe


def probe_address(client: httpx.Client, *, limit: int = 60) -> ThrottleProbe:
    emails = [f"nobody-{uuid.uuid4().hex[:8]}@example.test" for _ in range(limit)]
    return _hammer(client, ThrottleProbe("one address, a new unknown account each time"), emails, limit)
