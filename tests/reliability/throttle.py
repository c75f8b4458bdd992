"""How sign-in throttling behaves: wrong passwords against one account, then against many
accounts from one address, until the first 429 (and what its ``Retry-After`` says); on the API
(``POST /auth/token``) and on the sign-in page (``POST /web/login``, with its CSRF token)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
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


Attempt = Callable[[httpx.Client, str, str], httpx.Response]


def api_login(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post("/auth/token", data={"username": email, "password": password})


def page_login(client: httpx.Client, email: str, password: str) -> httpx.Response:
    form = client.get("/web/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    token = match.group(1) if match else ""
    return client.post("/web/login", data={"email": email, "password": password, "csrf_token": token})


def _hammer(
    client: httpx.Client, probe: ThrottleProbe, emails: list[str], limit: int, attempt_login: Attempt
) -> ThrottleProbe:
    for attempt in range(1, limit + 1):
        email = emails[(attempt - 1) % len(emails)]
        response = attempt_login(client, email, f"wrong-{attempt}-password")
        probe.attempts = attempt
        probe.statuses.append(response.status_code)
        if response.status_code == 429:
            probe.first_429_at = attempt
            probe.retry_after = response.headers.get("retry-after")
            if response.headers.get("content-type", "").startswith("application/problem+json"):
                probe.problem_type = str(response.json().get("type"))
            break
    return probe


def probe_account(
    client: httpx.Client, email: str, password: str, *, limit: int = 30, attempt_login: Attempt = api_login
) -> ThrottleProbe:
    where = "page" if attempt_login is page_login else "API"
    probe = _hammer(client, ThrottleProbe(f"{where}: one account, wrong passwords"), [email], limit, attempt_login)
    if probe.first_429_at is not None:
        probe.correct_password_status = attempt_login(client, email, password).status_code
    return probe


def probe_address(client: httpx.Client, *, limit: int = 60, attempt_login: Attempt = api_login) -> ThrottleProbe:
    where = "page" if attempt_login is page_login else "API"
    emails = [f"nobody-{uuid.uuid4().hex[:8]}@example.test" for _ in range(limit)]
    probe = ThrottleProbe(f"{where}: one address, a new unknown account each time")
    return _hammer(client, probe, emails, limit, attempt_login)
