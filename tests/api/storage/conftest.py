"""The storage tests run once per blob store backend: local disk and a real S3-compatible server
(s3rver, started once per test session; each test gets its own key prefix)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.harness import Harness, make_settings
from tests.fixtures.s3server import ACCESS_KEY, SECRET_KEY, S3Server, running_s3rver, s3rver_unavailable_reason


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    reason = s3rver_unavailable_reason()
    if reason:
        pytest.skip(reason)
    with running_s3rver(tmp_path_factory.mktemp("s3rver")) as server:
        yield server


@pytest.fixture(params=["local", "s3"])
def blob_backend(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The ``storage`` settings of one backend (for S3: a fresh prefix in the test bucket)."""
    if request.param == "local":
        return {"backend": "local"}
    server: S3Server = request.getfixturevalue("s3_server")
    return {
        "backend": "s3",
        "s3": {
            "endpoint_url": server.endpoint_url,
            "bucket": server.bucket,
            "prefix": f"t-{uuid.uuid4().hex[:12]}/",
            "access_key_id": ACCESS_KEY,
            "secret_access_key": SECRET_KEY,
        },
    }


@pytest.fixture
def harness_factory(db_url: str, tmp_path: Path, blob_backend: dict[str, Any]) -> Iterator[Callable[..., Any]]:
    """As ``tests/conftest.py``'s, with the blob store of ``blob_backend``."""

    @contextmanager
    def factory(**overrides: Any) -> Iterator[Harness]:
        from api.app import create_app

        storage = {**blob_backend, **overrides.pop("storage", {})}
        settings = make_settings(db_url, tmp_path / "var", storage=storage, **overrides)
        app = create_app(settings)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Harness(client=client, state=app.state.claimsight)

    yield factory
