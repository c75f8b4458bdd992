from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
import pytest

from api.auth.roles import Role
from api.auth.security import verify_password
from api.db.base import utcnow
from api.errors import PROBLEM_MEDIA_TYPE
from tests.fixtures.harness import PASSWORD, Harness


def test_password_flow_issues_a_token_that_authenticates(harness: Harness) -> None:
    user = harness.user(Role.SENIOR_ADJUSTER, email="senior@example.test")
    response = harness.client.post("/auth/token", data={"username": "Senior@Example.test", "password": PASSWORD})
    assert response.status_code == 200, response.text
    token = response.json()
    assert token["token_type"] == "bearer" and token["expires_in"] > 0
    me = harness.client.get("/auth/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200
    assert me.json()["id"] == str(user.id) and me.json()["role"] == "senior_adjuster"
    assert "password" not in me.text and "hash" not in me.text


@pytest.mark.parametrize(
    ("email", "password"),
    [("nobody@example.test", PASSWORD), ("known@example.test", "wrong-password")],
)
def test_bad_credentials_are_401_problems(harness: Harness, email: str, password: str) -> None:
    harness.user(Role.CUSTOMER, email="known@example.test")
    response = harness.client.post("/auth/token", data={"username": email, "password": password})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["type"].endswith(":invalid-credentials")


def test_token_form_fields_are_required(harness: Harness) -> None:
    response = harness.client.post("/auth/token", data={"username": "x@example.test"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert any(e["loc"][-1] == "password" for e in response.json()["errors"])


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-a-jwt", "Basic Zm9vOmJhcg=="],
)
def test_missing_or_invalid_token_is_401(harness: Harness, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = harness.client.get("/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE


def test_expired_and_foreign_tokens_are_refused(harness: Harness) -> None:
    user = harness.user(Role.CUSTOMER)
    expired = harness.state.tokens.issue(
        user_id=user.id, role=user.role, now=utcnow() - timedelta(days=2), session_id=uuid.uuid4()
    )
    forged = jwt.encode(
        {"sub": str(user.id), "iss": "claimsight", "iat": 0, "exp": 9_999_999_999},
        "another-secret-that-is-long-enough-1234",
        algorithm="HS256",
    )
    for token in (expired, forged):
        response = harness.client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["type"].endswith(":invalid-token")


def test_token_of_a_deactivated_user_is_refused(harness: Harness) -> None:
    user, headers = harness.login(Role.CUSTOMER)
    with harness.session() as session:
        from api.db.models import User

        row = session.get(User, user.id)
        assert row is not None
        row.is_active = False
    assert harness.client.get("/auth/me", headers=headers).status_code == 401


def test_admin_creates_users_and_others_may_not(harness: Harness) -> None:
    _, admin = harness.login(Role.ADMIN)
    _, supervisor = harness.login(Role.SUPERVISOR)
    body = {"email": "new.adjuster@example.test", "password": "long-enough-pw", "role": "junior_adjuster"}
    assert harness.client.post("/users", json=body, headers=supervisor).status_code == 403
    created = harness.client.post("/users", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["role"] == "junior_adjuster"
    again = harness.client.post("/users", json=body, headers=admin)
    assert again.status_code == 409
    assert again.json()["type"].endswith(":email-taken")
    with harness.session() as session:
        from api.auth.repository import by_email

        stored = by_email(session, email="new.adjuster@example.test")
        assert stored is not None
        assert stored.password_hash.startswith("$argon2")
        assert verify_password("long-enough-pw", stored.password_hash)


def test_user_create_validates_input(harness: Harness) -> None:
    _, admin = harness.login(Role.ADMIN)
    for body in (
        {"email": "not-an-email", "password": "long-enough-pw", "role": "customer"},
        {"email": "a@example.test", "password": "short", "role": "customer"},
        {"email": "a@example.test", "password": "long-enough-pw", "role": "pope"},
    ):
        response = harness.client.post("/users", json=body, headers=admin)
        assert response.status_code == 422, body
        assert "long-enough-pw" not in response.text  # inputs are not echoed
