"""Server-side sessions: every token names a session row; logout and expiry end it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
from sqlalchemy import update

from api.auth.roles import Role
from api.db.base import utcnow
from tests.fixtures.harness import PASSWORD, Harness


def _login(h: Harness, email: str) -> dict[str, str]:
    response = h.client.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _sid(headers: dict[str, str]) -> str:
    token = headers["Authorization"].split()[1]
    return str(jwt.decode(token, options={"verify_signature": False})["sid"])


def test_logout_revokes_the_token(harness: Harness) -> None:
    user = harness.user(Role.CUSTOMER)
    first, second = _login(harness, user.email), _login(harness, user.email)
    assert _sid(first) != _sid(second)
    assert harness.client.get("/auth/me", headers=first).status_code == 200
    assert harness.client.post("/auth/logout", headers=first).status_code == 204
    refused = harness.client.get("/auth/me", headers=first)
    assert refused.status_code == 401 and refused.json()["type"].endswith(":invalid-token")
    assert harness.client.post("/auth/logout", headers=first).status_code == 401
    assert harness.client.get("/auth/me", headers=second).status_code == 200  # other sessions go on


def test_a_signed_token_without_a_live_session_is_refused(harness: Harness) -> None:
    user = harness.user(Role.CUSTOMER)
    tokens = harness.state.tokens
    unknown = tokens.issue(user_id=user.id, role=user.role, now=utcnow(), session_id=uuid.uuid4())
    no_sid = jwt.encode(
        {"sub": str(user.id), "iss": tokens.issuer, "iat": 0, "exp": 9_999_999_999}, tokens.secret, tokens.algorithm
    )
    for token in (unknown, no_sid):
        assert harness.client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_an_expired_session_is_refused(harness: Harness) -> None:
    from api.db.models.security import AuthSession

    user = harness.user(Role.CUSTOMER)
    headers = _login(harness, user.email)
    with harness.session() as session:
        session.execute(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert harness.client.get("/auth/me", headers=headers).status_code == 401


def test_another_users_session_id_does_not_authenticate(harness: Harness) -> None:
    alice, bob = harness.user(Role.CUSTOMER), harness.user(Role.CUSTOMER)
    alice_sid = uuid.UUID(_sid(_login(harness, alice.email)))
    forged = harness.state.tokens.issue(user_id=bob.id, role=bob.role, now=utcnow(), session_id=alice_sid)
    assert harness.client.get("/auth/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_the_page_logout_revokes_the_cookie_session(harness: Harness) -> None:
    h = harness
    user = h.user(Role.CUSTOMER)
    h.client.get("/web/login")
    signed_in = h.client.post(
        "/web/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": h.client.cookies["claimsight_csrf"]},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303
    token = h.client.cookies["claimsight_session"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert h.client.get("/auth/me", headers=bearer).status_code == 200
    out = h.client.post("/web/logout", data={"csrf_token": h.client.cookies["claimsight_csrf"]}, follow_redirects=False)
    assert out.status_code == 303
    assert h.client.get("/auth/me", headers=bearer).status_code == 401
    h.client.cookies.set("claimsight_session", token)  # a copied cookie no longer signs in
    assert h.client.get("/web/claims", follow_redirects=False).status_code == 303
