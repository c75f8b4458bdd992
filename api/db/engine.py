"""Engine and session factory. Built once by the app's lifespan (or the CLI), never at import.

Transactions are real on both databases. On SQLite, pysqlite's own transaction handling is
switched off (it ran reads outside any transaction and began one only at the first write) and
the engine's ``begin`` event emits the BEGIN itself, as SQLAlchemy documents: a plain (deferred)
BEGIN for sessions that only read, so WAL readers never block a writer, and BEGIN IMMEDIATE for
sessions that will write (:func:`write_session`, :func:`unit_of_work`, the request session of a
non-GET request), so writers queue on ``busy_timeout`` at their first statement — their check
and their act see the same data — instead of failing when a read lock cannot be upgraded.
On PostgreSQL the claim's row is locked (``FOR UPDATE``) before the rows that hang off it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from api.private_files import private_sqlite_file

_ROLLBACK_HOOKS = "claimsight.rollback_hooks"
# Execution option read by the SQLite ``begin`` event: begin IMMEDIATE (take the write lock).
_WRITE = "claimsight_write"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_sqlite_file(Path(parsed.database))  # folder 0700 when created, file (and -wal/-shm) 0600
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # No implicit BEGIN from pysqlite: the "begin" event below emits it (and COMMIT/ROLLBACK
    # stay SQLAlchemy's), so every statement of a session runs inside its transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, no fsync per commit
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that read (a deferred BEGIN on SQLite); :func:`write_session` for writers."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    # What is committed stays: a later rollback of the same session must not undo its files.
    event.listen(factory, "after_commit", _forget_rollback_hooks)
    return factory


def _forget_rollback_hooks(session: Session) -> None:
    session.info.pop(_ROLLBACK_HOOKS, None)


def write_session(factory: sessionmaker[Session]) -> Session:
    """A session from ``factory`` that will write: on SQLite its transaction begins IMMEDIATE
    at its first statement, so concurrent writers wait for each other (``busy_timeout``)."""
    bind = factory.kw["bind"]
    return factory(bind=bind.execution_options(**{_WRITE: True}))


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
    """One writing transaction: commit on success, roll back (and run rollback hooks) on any error."""
    with write_session(factory) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            rollback_and_run_hooks(session)
            raise
        finally:
            session.info.pop(_ROLLBACK_HOOKS, None)
