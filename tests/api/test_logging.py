from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from api.auth.roles import Role
from tests.fixtures import images
from tests.fixtures.harness import PASSWORD


def test_logs_are_json_with_request_ids_and_no_personal_data(
    capfd: pytest.CaptureFixture[str], harness_factory: Callable[..., Any]
) -> None:
    email = "zhang.san@example.test"
    policy = "PDAA-SECRET-POLICY-42"
    with harness_factory() as h:
        h.user(Role.CUSTOMER, email=email)
        token = h.client.post("/auth/token", data={"username": email, "password": PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "X-Request-ID": "req-123"}
        h.client.post("/auth/token", data={"username": email, "password": "wrong-password"})
        claim = h.create_claim(headers, policy_number=policy, description="张三的车 plate 沪A12345")
        h.upload_photo(headers, claim["id"], images.jpeg(31), filename="张三_沪A12345.jpg")
    err = capfd.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert lines, err
    for forbidden in (email, policy, "沪A12345", "张三", PASSWORD, token):
        assert forbidden not in err
    events = {line["event"] for line in lines}
    assert {"http.request", "claim.created", "photo.added", "auth.token_issued"} <= events
    tagged = [line for line in lines if line.get("request_id") == "req-123"]
    assert {"claim.created", "photo.added"} <= {line["event"] for line in tagged}


def test_an_unexpected_error_is_a_500_problem_with_the_request_id_logged_without_its_message(
    capfd: pytest.CaptureFixture[str], harness_factory: Callable[..., Any]
) -> None:
    def boom() -> None:
        raise RuntimeError("integrity error: parameters ('张三', '沪A12345')")

    with harness_factory() as h:
        h.client.app.add_api_route("/boom", boom)
        capfd.readouterr()
        given = h.client.get("/boom", headers={"X-Request-ID": "req-500"})
        generated = h.client.get("/boom")
    assert given.status_code == 500 and generated.status_code == 500
    assert given.headers["content-type"] == "application/problem+json"
    assert given.headers["X-Request-ID"] == "req-500"
    assert given.json()["request_id"] == "req-500"
    assert given.json()["type"].endswith(":internal-error")
    assert generated.json()["request_id"] == generated.headers["X-Request-ID"]
    err = capfd.readouterr().err
    for forbidden in ("张三", "沪A12345", "integrity error"):
        assert forbidden not in err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    failed = [line for line in lines if line["event"] == "request.failed" and line.get("request_id") == "req-500"]
    assert len(failed) == 1, err
    assert failed[0]["error_type"] == "RuntimeError"
    assert any("boom" in frame for frame in failed[0]["frames"])
    logged = [line for line in lines if line["event"] == "http.request" and line.get("request_id") == "req-500"]
    assert [line["status"] for line in logged] == [500]
