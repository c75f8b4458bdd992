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
