"""Fixtures for the page tests: the app with its page router, users with passwords."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.harness import Harness, make_settings


@pytest.fixture
def web_harness(db_url: str, tmp_path: Path) -> Iterator[Harness]:
    """A started app with the fake detector loaded; the client does not follow redirects."""
    from api.app import create_app
    from tests.fixtures.fake_detector import FakeDetector

    app = create_app(make_settings(db_url, tmp_path / "var"))
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        app.state.claimsight.detector = FakeDetector()
        yield Harness(client=client, state=app.state.claimsight)


@pytest.fixture
def sign_in(web_harness: Harness) -> Callable[..., Any]:
    """``sign_in(user)``: posts the sign-in form as a browser would (CSRF cookie first)."""

    def login(user: Any) -> None:
        from tests.fixtures.harness import PASSWORD

        client = web_harness.client
        client.cookies.clear()
        client.get("/web/login")
        token = client.cookies["claimsight_csrf"]
        response = client.post(
            "/web/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token, "next": "/web"}
        )
        assert response.status_code == 303, response.text

    return login
