"""The form token is bound to the signed-in session: another session's token, or a cookie the
attacker planted and echoes, is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from api.auth.roles import Role
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"
CLAIM_FORM = {
    "policy_number": "PDAA202611000001",
    "policy_start": "2026-01-01",
    "accident_at": "2026-11-20T09:30",
    "description": "后保险杠刮擦",
    "estimated_amount": "800",
}


def _claims(h: Harness) -> int:
    from api.db.models import Claim

    with h.session() as session:
        return int(session.scalar(select(func.count()).select_from(Claim)) or 0)


def _hidden_token(html: str) -> str:
    return html.split('name="csrf_token" value="')[1].split('"')[0]


def test_the_page_token_is_the_sessions_and_works(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    token = _hidden_token(h.client.get("/web/claims/new").text)
    assert token == h.client.cookies[CSRF]
    assert h.client.post("/web/claims/new", data={**CLAIM_FORM, "csrf_token": token}).status_code == 303


def test_a_token_from_another_session_is_refused(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    user = h.user(Role.CUSTOMER)
    sign_in(user)
    first = _hidden_token(h.client.get("/web/claims/new").text)
    sign_in(h.user(Role.CUSTOMER))  # another session (another user)
    second = _hidden_token(h.client.get("/web/claims/new").text)
    assert first != second
    sign_in(user)  # the same user again: a new session, a new token
    third = _hidden_token(h.client.get("/web/claims/new").text)
    assert third not in (first, second)
    before = _claims(h)
    for stale in (first, second):
        h.client.cookies.set(CSRF, stale)  # even with its cookie alongside, as double-submit accepted
        response = h.client.post("/web/claims/new", data={**CLAIM_FORM, "csrf_token": stale})
        assert response.status_code == 403
    assert _claims(h) == before


def test_a_planted_cookie_echoed_in_the_form_is_refused(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    h.client.cookies.set(CSRF, "planted-by-a-sibling-site")  # double-submit's weakness
    response = h.client.post("/web/claims/new", data={**CLAIM_FORM, "csrf_token": "planted-by-a-sibling-site"})
    assert response.status_code == 403
