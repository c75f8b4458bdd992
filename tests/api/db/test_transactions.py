"""Real transactions on SQLite: reads run inside a transaction (one snapshot), sessions that will
write take the write lock at their first statement (BEGIN IMMEDIATE) so writers serialize
instead of failing on a lock upgrade, and WAL readers never block a writer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from api.auth.roles import Role
from api.db.engine import make_engine, make_session_factory, unit_of_work, write_session
from api.db.models import User


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "claimsight.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def _path(engine: Engine) -> str:
    database = engine.url.database
    assert database is not None
    return database


def _other_writer_is_locked_out(engine: Engine) -> bool:
    """Whether another connection is refused the write lock right now."""
    other = sqlite3.connect(_path(engine), timeout=0.05, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return True
    else:
        other.execute("ROLLBACK")
        return False
    finally:
        other.close()


def _add_user(factory: sessionmaker[Session], email: str) -> None:
    with unit_of_work(factory) as session:
        session.add(User(email=email, password_hash="x", role=Role.CUSTOMER))


def test_a_write_session_takes_the_lock_at_its_first_statement(sqlite_engine: Engine) -> None:
    factory = make_session_factory(sqlite_engine)
    with write_session(factory) as session:
        assert not _other_writer_is_locked_out(sqlite_engine)  # nothing begun yet
        session.execute(select(User.id)).all()  # a read: the check before the act
        assert _other_writer_is_locked_out(sqlite_engine)
        session.rollback()
    assert not _other_writer_is_locked_out(sqlite_engine)


def test_unit_of_work_writes_immediately(sqlite_engine: Engine) -> None:
    factory = make_session_factory(sqlite_engine)
    with unit_of_work(factory) as session:
        session.execute(select(User.id)).all()
        assert _other_writer_is_locked_out(sqlite_engine)


def test_reads_see_one_snapshot_and_never_block_a_writer(sqlite_engine: Engine) -> None:
    factory = make_session_factory(sqlite_engine)
    _add_user(factory, "a@example.test")
    with factory() as reader:
        first = reader.scalar(select(text("count(*)")).select_from(User))
        assert not _other_writer_is_locked_out(sqlite_engine)  # a deferred BEGIN: no lock
        _add_user(factory, "b@example.test")  # commits while the reader's transaction is open
        again = reader.scalar(select(text("count(*)")).select_from(User))
        assert (first, again) == (1, 1)  # the reader's snapshot
    with factory() as fresh:
        assert fresh.scalar(select(text("count(*)")).select_from(User)) == 2


@pytest.mark.parametrize(("method", "locks"), [("GET", False), ("HEAD", False), ("POST", True), ("PATCH", True)])
def test_request_sessions_write_immediately_unless_reading(sqlite_engine: Engine, method: str, locks: bool) -> None:
    from api.deps import get_session

    state: Any = SimpleNamespace(session_factory=make_session_factory(sqlite_engine))
    request: Any = SimpleNamespace(method=method)
    sessions = get_session(request, state)
    session = next(sessions)
    session.execute(select(User.id)).all()
    assert _other_writer_is_locked_out(sqlite_engine) is locks
    with pytest.raises(StopIteration):
        next(sessions)
    assert not _other_writer_is_locked_out(sqlite_engine)


def test_busy_timeout_is_kept(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
