"""Fixtures shared by every test package. ``db_url`` runs a test on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.databases import (
    postgres_unreachable_reason,
    temporary_postgres_database,
    truncate_all,
)
from tests.fixtures.harness import Harness, make_settings


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database ``claimsight_test_<random>`` for this test session, migrated to head,
    dropped at the end. Skips (with the reason) where PostgreSQL is not reachable."""
    reason = postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    from api.db.engine import make_engine
    from api.db.migrate import upgrade

    with temporary_postgres_database() as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per run; each test gets a copy."""
    from api.db.engine import make_engine
    from api.db.migrate import upgrade

    path = tmp_path_factory.mktemp("sqlite-template") / "claimsight.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL with an empty schema at the latest migration."""
    if request.param == "sqlite":
        path = tmp_path / "claimsight.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    truncate_all(url)
    return url


@pytest.fixture
def harness_factory(db_url: str, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """``with harness_factory(**settings_overrides) as h:`` — a started app and its client."""

    @contextmanager
    def factory(**overrides: Any) -> Iterator[Harness]:
        from api.app import create_app

        settings = make_settings(db_url, tmp_path / "var", **overrides)
        app = create_app(settings)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Harness(client=client, state=app.state.claimsight)

    yield factory


@pytest.fixture
def harness(harness_factory: Callable[..., Any]) -> Iterator[Harness]:
    with harness_factory() as h:
        yield h
