"""The generated JWT secret and the SQLite files are private, and processes starting together
agree on one secret."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

from sqlalchemy import text

from api.auth.security import resolve_jwt_secret
from api.config import Settings
from api.db.engine import make_engine


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _first_start_together(data_dir: Path, workers: int = 8) -> list[str | BaseException]:
    settings = Settings(data_dir=data_dir)
    barrier = threading.Barrier(workers)
    results: list[str | BaseException] = []

    def start() -> None:
        barrier.wait(timeout=10)
        try:
            results.append(resolve_jwt_secret(settings))
        except BaseException as exc:  # reported by the assertion below
            results.append(exc)

    threads = [threading.Thread(target=start) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_processes_starting_together_read_one_complete_secret(tmp_path: Path) -> None:
    for attempt in range(20):  # the race is narrow: try it on many fresh folders
        data_dir = tmp_path / f"var{attempt}"
        results = _first_start_together(data_dir)
        assert len(results) == 8 and all(isinstance(r, str) for r in results), results
        assert len(set(results)) == 1
        secret = str(results[0])
        assert len(secret) >= 43  # at least 32 random bytes, URL-safe base64
        path = data_dir / "jwt-secret"
        assert path.read_text().strip() == secret and _mode(path) == 0o600
        assert sorted(p.name for p in data_dir.iterdir()) == ["jwt-secret"]  # no temporary left
    assert _mode(tmp_path / "var0") == 0o700


def test_a_second_start_reads_the_same_secret(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    assert resolve_jwt_secret(settings) == resolve_jwt_secret(settings)


def test_the_sqlite_database_its_wal_and_the_data_dir_are_private(tmp_path: Path) -> None:
    database = tmp_path / "var" / "claimsight.db"
    engine = make_engine(f"sqlite:///{database}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        files = [database, database.with_name("claimsight.db-wal"), database.with_name("claimsight.db-shm")]
        assert [_mode(f) for f in files] == [0o600, 0o600, 0o600]
        assert _mode(database.parent) == 0o700
    finally:
        engine.dispose()


def test_a_database_file_left_world_readable_is_narrowed(tmp_path: Path) -> None:
    database = tmp_path / "claimsight.db"
    database.touch(mode=0o644)
    database.chmod(0o644)
    engine = make_engine(f"sqlite:///{database}")
    engine.dispose()
    assert _mode(database) == 0o600
