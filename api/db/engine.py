"""Engine and session factory. Built once by the app's lifespan (or the CLI), never at import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from api.private_files import private_sqlite_file

_ROLLBACK_HOOKS = "claimsight.rollback_hooks"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_sqlite_file(Path(parsed.database))  # folder 0700 when created, file (and -wal/-shm) 0600
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, no fsync per commit
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def on_rollback(session: Session, hook: Callable[[], None]) -> None:
    """Run ``hook`` if this unit of work is rolled back by :func:`unit_of_work`
    (e.g. remove a file written for a row that will not exist)."""
    session.info.setdefault(_ROLLBACK_HOOKS, []).append(hook)


def rollback_and_run_hooks(session: Session) -> None:
    session.rollback()
    hooks: list[Callable[[], None]] = session.info.pop(_ROLLBACK_HOOKS, [])
    for hook in reversed(hooks):
        hook()


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back (and run rollback hooks) on any error."""
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            rollback_and_run_hooks(session)
            raise
        finally:
            session.info.pop(_ROLLBACK_HOOKS, None)
