"""``claimsight serve --workers 2``: two API processes on one fresh database (SQLite file, then
PostgreSQL). Both start (migrations once, one JWT secret), and their schedulers escalate an overdue
claim exactly once and send its notification once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from api.auth.roles import Role
from api.cli import app as cli
from api.db.base import utcnow
from api.db.engine import make_engine, make_session_factory, unit_of_work
from api.db.models import AuditEvent, Claim, OutboxMessage, User
from api.notifications.topics import OutboxStatus, Topic
from api.workflow.states import AuditAction
from tests.fixtures.databases import postgres_unreachable_reason, temporary_postgres_database
from tests.fixtures.harness import PASSWORD, claim_body, password_hash


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """None: the default SQLite file in the data dir; otherwise an empty PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    reason = postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    with temporary_postgres_database() as url:
        yield url


@pytest.fixture
def served(tmp_path: Path, fresh_database: str | None) -> Iterator[tuple[str, str, Path]]:
    """The service with two workers on a fresh data dir: (base URL, database URL, log file)."""
    port = _free_port()
    data_dir = tmp_path / "var"
    database_url = fresh_database or f"sqlite:///{(data_dir / 'claimsight.db').resolve()}"
    log_path = tmp_path / "serve.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAIMSIGHT_")},
        "CLAIMSIGHT_DATA_DIR": str(data_dir),
        "CLAIMSIGHT_SCHEDULER__INTERVAL_SECONDS": "0.5",
        "CLAIMSIGHT_DETECTOR__ENABLED": "false",
        "CLAIMSIGHT_PARTS__ENABLED": "false",
        "CLAIMSIGHT_OCR__ENABLED": "false",
    }
    if fresh_database is not None:
        env["CLAIMSIGHT_DATABASE_URL"] = fresh_database
    claimsight = Path(sys.executable).with_name("claimsight")
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(claimsight), "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while log_path.read_text().count('"app.started"') < 2:
            assert server.poll() is None, log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(0.2)
        yield base, database_url, log_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_serve_hands_the_worker_count_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    result = CliRunner().invoke(cli, ["serve", "--workers", "3", "--port", "8123"])
    assert result.exit_code == 0, result.output
    [call] = calls
    assert (call["app"], call["factory"], call["workers"], call["port"]) == ("api.app:create_app", True, 3, 8123)
    assert CliRunner().invoke(cli, ["serve"]).exit_code == 0 and calls[-1]["workers"] == 1


def test_reload_with_several_workers_is_refused() -> None:
    result = CliRunner().invoke(cli, ["serve", "--reload", "--workers", "2"])
    assert result.exit_code == 2 and "--reload" in result.output


@pytest.mark.slow
def test_two_workers_start_share_one_secret_and_escalate_an_overdue_claim_once(
    served: tuple[str, str, Path],
) -> None:
    base, database_url, log_path = served
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with unit_of_work(factory) as session:
            session.add(User(email="driver@example.test", password_hash=password_hash(), role=Role.CUSTOMER))
        with httpx.Client(base_url=base, timeout=10) as client:
            token = client.post("/auth/token", data={"username": "driver@example.test", "password": PASSWORD})
            assert token.status_code == 200, token.text
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            created = client.post("/claims", json=claim_body(), headers=headers)
            assert created.status_code == 201, created.text
            claim_id = uuid.UUID(created.json()["id"])
            # Either worker accepts the token: both read the one generated secret.
            assert {client.get(f"/claims/{claim_id}", headers=headers).status_code for _ in range(12)} == {200}
        with unit_of_work(factory) as session:  # the claim is overdue now
            session.execute(
                update(Claim).where(Claim.id == claim_id).values(assessment_due_at=utcnow() - timedelta(minutes=1))
            )

        escalations = select(func.count()).where(
            AuditEvent.claim_id == claim_id, AuditEvent.action == AuditAction.ESCALATED
        )
        deadline = time.monotonic() + 20
        while True:
            with unit_of_work(factory) as session:
                if session.scalar(escalations):
                    break
            assert time.monotonic() < deadline, "no worker escalated the overdue claim"
            time.sleep(0.2)
        time.sleep(3)  # several more ticks of both workers
        with unit_of_work(factory) as session:
            assert session.scalar(escalations) == 1
            notices = session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.claim_id == claim_id, OutboxMessage.topic == Topic.CLAIM_ESCALATED
                )
            ).all()
            assert [(n.status, n.attempts) for n in notices] == [(OutboxStatus.SENT, 1)]
        sent = [line for line in log_path.read_text().splitlines() if str(notices[0].id) in line]
        assert len([line for line in sent if '"notification.sent"' in line]) == 1
    finally:
        engine.dispose()
