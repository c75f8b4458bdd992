"""Sign-in throttling: per account and per client address, kept in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from api.auth.roles import Role
from api.db.base import utcnow
from api.errors import PROBLEM_MEDIA_TYPE
from tests.fixtures.harness import PASSWORD, Harness


def _token(h: Harness, email: str, password: str) -> httpx.Response:
    return h.client.post("/auth/token", data={"username": email, "password": password})


def _fail(h: Harness, email: str, times: int) -> None:
    for _ in range(times):
        assert _token(h, email, "wrong-password").status_code == 401


def test_five_failures_lock_the_account_with_a_429_and_retry_after(harness: Harness) -> None:
    user = harness.user(Role.CUSTOMER)
    _fail(harness, user.email, 5)
    response = _token(harness, user.email, PASSWORD)  # even the right password waits
    assert response.status_code == 429
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["type"].endswith(":login-throttled")
    assert 0 < int(response.headers["retry-after"]) <= 60


def test_the_lockout_grows_each_time(harness: Harness) -> None:
    from api.db.models.security import LoginThrottle

    user = harness.user(Role.CUSTOMER)
    _fail(harness, user.email, 5)
    first = int(_token(harness, user.email, PASSWORD).headers["retry-after"])
    with harness.session() as session:  # let the first lockout run out
        session.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    _fail(harness, user.email, 5)
    second = int(_token(harness, user.email, PASSWORD).headers["retry-after"])
    assert second > first * 1.5


def test_unknown_accounts_lock_the_same_way(harness: Harness) -> None:
    _fail(harness, "nobody@example.test", 5)
    assert _token(harness, "nobody@example.test", PASSWORD).status_code == 429


def test_a_success_resets_the_account_counter(harness: Harness) -> None:
    user = harness.user(Role.CUSTOMER)
    _fail(harness, user.email, 4)
    assert _token(harness, user.email, PASSWORD).status_code == 200
    _fail(harness, user.email, 4)
    assert _token(harness, user.email, PASSWORD).status_code == 200


def test_one_address_is_throttled_across_accounts(harness_factory: Callable[..., Any]) -> None:
    with harness_factory(auth={"login_address_failures": 6}) as h:
        for n in range(6):
            assert _token(h, f"guess{n}@example.test", "wrong-password").status_code == 401
        user = h.user(Role.CUSTOMER)
        response = _token(h, user.email, PASSWORD)
        assert response.status_code == 429
        assert int(response.headers["retry-after"]) > 0


def test_the_count_holds_across_workers(harness_factory: Callable[..., Any]) -> None:
    with harness_factory() as first, harness_factory() as second:
        user = first.user(Role.CUSTOMER)
        _fail(first, user.email, 3)
        _fail(second, user.email, 2)
        assert _token(first, user.email, PASSWORD).status_code == 429
        assert _token(second, user.email, PASSWORD).status_code == 429


def test_the_sign_in_page_is_throttled_too(harness: Harness) -> None:
    h = harness
    user = h.user(Role.CUSTOMER)
    _fail(h, user.email, 5)
    h.client.get("/web/login")
    for lang, text in (("zh", "登录失败次数过多"), ("en", "Too many failed sign-ins")):
        response = h.client.post(
            f"/web/login?lang={lang}",
            data={"email": user.email, "password": PASSWORD, "csrf_token": h.client.cookies["claimsight_csrf"]},
            follow_redirects=False,
        )
        assert response.status_code == 429
        assert text in response.text
        assert int(response.headers["retry-after"]) > 0
        assert "claimsight_session" not in response.cookies
