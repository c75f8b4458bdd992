"""The OpenAPI document tells the truth about errors: every status an operation answers to a
malformed or oversized body is one it documents, and a wrong method names every method allowed."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from api.auth.roles import Role
from api.errors import PROBLEM_MEDIA_TYPE
from tests.fixtures.harness import Harness

# Bodies that no operation can parse, keyed by what is wrong with them.
MALFORMED: dict[str, tuple[str, bytes]] = {
    "multipart without boundary": ("multipart/form-data", b"file=abc"),
    "multipart with wrong boundary": (
        "multipart/form-data; boundary=yy",
        b'--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
    ),
    "multipart with too many fields": (
        "multipart/form-data; boundary=b",
        b"".join(f'--b\r\nContent-Disposition: form-data; name="k{i}"\r\n\r\nv\r\n'.encode() for i in range(1001))
        + b"--b--\r\n",
    ),
    "invalid JSON": ("application/json", b"{not json"),
    "form-encoded garbage": ("application/x-www-form-urlencoded", b"%%%\xff"),
}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def _concrete(path: str) -> str:
    # Unknown ids: body parsing comes before any lookup, and 404 is documented anyway.
    return re.sub(r"\{[^}]+\}", lambda m: "1" if m.group(0) == "{version}" else str(uuid.uuid4()), path)


def test_every_operation_with_a_body_documents_413_and_422(harness: Harness) -> None:
    spec = harness.client.get("/openapi.json").json()
    with_body = [(m, p, op) for m, p, op in _operations(spec) if "requestBody" in op]
    assert with_body
    for method, path, op in with_body:
        assert {"413", "422"} <= set(op["responses"]), (method, path)


@pytest.mark.parametrize("malformed", sorted(MALFORMED))
def test_a_malformed_body_answers_a_documented_problem(harness: Harness, malformed: str) -> None:
    _, headers = harness.login(Role.SUPERVISOR)
    content_type, body = MALFORMED[malformed]
    spec = harness.client.get("/openapi.json").json()
    for method, path, op in _operations(spec):
        if "requestBody" not in op:
            continue
        response = harness.client.request(
            method, _concrete(path), content=body, headers={**headers, "Content-Type": content_type}
        )
        assert response.status_code in {int(s) for s in op["responses"]}, (method, path, response.text)
        assert response.status_code != 400
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE, (method, path)


def test_an_oversized_body_answers_the_documented_413(harness_factory: Any) -> None:
    with harness_factory(storage={"max_photo_bytes": 1024, "max_document_bytes": 1024}) as h:
        oversized = b"x" * (h.state.settings.max_body_bytes + 1)
        _, headers = h.login(Role.SUPERVISOR)
        spec = h.client.get("/openapi.json").json()
        for method, path, op in _operations(spec):
            if "requestBody" not in op:
                continue
            response = h.client.request(
                method, _concrete(path), content=oversized, headers={**headers, "Content-Type": "application/json"}
            )
            assert response.status_code == 413, (method, path)
            assert "413" in op["responses"], (method, path)


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/claims", {"GET", "POST"}),
        (f"/claims/{uuid.uuid4()}/photos", {"GET", "POST"}),
        (f"/complaints/{uuid.uuid4()}", {"GET", "PATCH"}),
        (f"/claims/{uuid.uuid4()}/documents/{uuid.uuid4()}/readings/latest", {"GET", "PATCH"}),
        ("/auth/token", {"POST"}),
        ("/web/login", {"GET", "POST"}),
        ("/docs", {"GET", "HEAD"}),
    ],
)
def test_a_wrong_method_is_a_405_allowing_every_method_of_the_path(
    harness: Harness, path: str, methods: set[str]
) -> None:
    response = harness.client.request("PUT", path)
    assert response.status_code == 405
    # A method the header names is one the path answers (FastAPI's routes do not add HEAD).
    assert harness.client.request("HEAD", path).status_code == (200 if "HEAD" in methods else 405)
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert {m.strip() for m in response.headers["Allow"].split(",")} == methods
