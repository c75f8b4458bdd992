"""Several processes starting at once on a fresh database migrate it once, and all of them start."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.db.engine import make_engine
from api.db.migrate import head_revisions, is_at_head
from tests.fixtures.databases import postgres_unreachable_reason, temporary_postgres_database

UPGRADE = (
    "import sys\n"
    "from api.db.engine import make_engine\n"
    "from api.db.migrate import upgrade\n"
    "engine = make_engine(sys.argv[1])\n"
    "sys.stdin.readline()\n"  # start together
    "upgrade(engine)\n"
    "engine.dispose()\n"
    "print('upgraded', flush=True)\n"
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: no tables, no migration applied."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    reason = postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    with temporary_postgres_database() as url:
        yield url


def test_concurrent_upgrades_of_a_fresh_database_all_succeed(fresh_url: str) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE, fresh_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for child in children:  # all imported: release them at once
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err[-2000:]
        assert out.strip() == "upgraded"
    engine = make_engine(fresh_url)
    try:
        assert is_at_head(engine) and len(head_revisions()) == 1
    finally:
        engine.dispose()
