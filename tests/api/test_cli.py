from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.auth.repository import by_email
from api.auth.roles import Role
from api.auth.security import verify_password
from api.cli import app
from api.config import get_settings
from api.db.engine import make_engine, make_session_factory


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CLAIMSIGHT_DATABASE_URL", db_url)
    monkeypatch.setenv("CLAIMSIGHT_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def test_db_upgrade_then_users_create(cli_env: str) -> None:
    runner = CliRunner()
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    created = runner.invoke(
        app,
        ["users", "create", "--email", "Adj@Example.test", "--role", "senior_adjuster", "--password", "s3cret-pass"],
    )
    assert created.exit_code == 0, created.output
    engine = make_engine(cli_env)
    with make_session_factory(engine)() as session:
        user = by_email(session, email="adj@example.test")
        assert user is not None and user.role is Role.SENIOR_ADJUSTER
        assert verify_password("s3cret-pass", user.password_hash)
    engine.dispose()
    duplicate = runner.invoke(
        app, ["users", "create", "--email", "adj@example.test", "--role", "customer", "--password", "s3cret-pass"]
    )
    assert duplicate.exit_code == 1


def test_users_create_prompts_for_a_missing_password(cli_env: str) -> None:
    result = CliRunner().invoke(
        app, ["users", "create", "--email", "c@example.test", "--role", "customer"], input="pw-123456\npw-123456\n"
    )
    assert result.exit_code == 0, result.output
    assert "pw-123456" not in result.output
