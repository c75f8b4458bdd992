from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from api.db.migrate import applied_revisions, head_revisions
from api.errors import PROBLEM_MEDIA_TYPE
from tests.fixtures.harness import Harness


def test_health_is_ok(harness: Harness) -> None:
    response = harness.client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_database_is_migrated(harness: Harness) -> None:
    response = harness.client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "migrations": "head"}


def test_not_ready_when_schema_is_behind(harness: Harness) -> None:
    with harness.state.engine.begin() as conn:
        recorded = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('0001')"))
    try:
        response = harness.client.get("/ready")
    finally:  # the PostgreSQL database is shared by the session's tests
        with harness.state.engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
            for version in recorded:
                conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["type"].endswith(":not-ready")


def test_startup_creates_the_database_and_migrates_to_head(harness: Harness) -> None:
    assert head_revisions() <= applied_revisions(harness.state.engine)


def test_request_id_is_echoed_and_generated(harness: Harness) -> None:
    given = harness.client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert given.headers["X-Request-ID"] == "abc-123"
    generated = harness.client.get("/health")
    assert len(generated.headers["X-Request-ID"]) == 32
    # A header that could inject into logs is replaced, not echoed.
    unsafe = harness.client.get("/health", headers={"X-Request-ID": "a b\tc"})
    assert unsafe.headers["X-Request-ID"] != "a b\tc"


def test_unknown_route_is_a_problem(harness: Harness) -> None:
    response = harness.client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert body["status"] == 404 and body["instance"] == "/no-such-thing"
    assert body["request_id"] == response.headers["X-Request-ID"]


def test_unexpected_error_is_a_500_problem_without_internals(harness: Harness) -> None:
    def boom() -> None:
        raise RuntimeError("secret internals: /etc/passwd")

    harness.client.app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    response = harness.client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert "secret internals" not in response.text
    assert response.json()["type"].endswith(":internal-error")


# Public reads that take no input and need no sign-in: nothing a client sends can be wrong.
NO_CLIENT_ERRORS = ("/health", "/guide/checklists", "/deadlines/achievement")


def test_openapi_declares_problem_responses(harness: Harness) -> None:
    spec = harness.client.get("/openapi.json").json()
    assert "Problem" in spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith("4") or status.startswith("5"):
                    assert PROBLEM_MEDIA_TYPE in response["content"], (method, path, status)
            if path not in NO_CLIENT_ERRORS:
                assert any(s.startswith("4") or s == "503" for s in operation["responses"]), (method, path)


@pytest.mark.parametrize("module", ["api.app", "api.cli"])
def test_importing_the_app_does_not_load_training_stacks(module: str) -> None:
    code = (
        f"import sys, json, {module}; "
        "print(json.dumps([m for m in ('torch', 'ultralytics', 'torchvision') if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_a_failed_commit_is_the_clients_error_not_a_silent_loss(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm import Session

    from api.auth.roles import Role
    from tests.fixtures.harness import claim_body

    _, headers = harness.login(Role.CUSTOMER)
    before = harness.row_counts()

    def failing_commit(self: Session) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session, "commit", failing_commit)
    response = harness.client.post("/claims", json=claim_body(), headers=headers)
    monkeypatch.undo()
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert harness.row_counts() == before


def test_first_run_creates_the_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from tests.fixtures.harness import make_settings

    data_dir = tmp_path / "fresh" / "var"
    settings = make_settings("unused", data_dir, database_url=None)
    assert not data_dir.exists()
    with TestClient(create_app(settings)) as client:
        assert client.get("/ready").status_code == 200
    assert (data_dir / "claimsight.db").is_file()
    assert (data_dir / "blobs").is_dir()
