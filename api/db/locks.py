"""Locks shared by every process on one database: a PostgreSQL advisory lock, or on SQLite an
exclusive ``flock`` on a file beside the database. The scheduler takes one per tick (so N API
processes tick once), migrations take one around ``upgrade`` (so N processes starting at once
migrate once)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, text

# One in-process lock per name for databases no other process can open (SQLite in memory).
_LOCAL: dict[str, threading.Lock] = {}
_LOCAL_GUARD = threading.Lock()


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_lock`` derived from the lock's name."""
    digest = hashlib.sha256(f"claimsight:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def sqlite_lock_path(engine: Engine, name: str) -> Path | None:
    """``<database file>.<name>.lock``, or None for an in-memory database."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database).resolve().with_name(f"{Path(database).name}.{name}.lock")


@contextlib.contextmanager
def exclusive(engine: Engine, name: str, *, wait: bool) -> Iterator[bool]:
    """Hold the lock ``name`` across processes for the block. With ``wait=False`` yields False at
    once when another process holds it (the caller skips its work); with ``wait=True`` blocks until
    it is free and yields True."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, name, wait=wait) as held:
            yield held
        return
    path = sqlite_lock_path(engine, name) if engine.dialect.name == "sqlite" else None
    if path is None:
        with _local(name, wait=wait) as held:
            yield held
        return
    with _flock(path, wait=wait) as held:
        yield held


@contextlib.contextmanager
def _advisory(engine: Engine, name: str, *, wait: bool) -> Iterator[bool]:
    key = advisory_key(name)
    # A dedicated connection in autocommit: the lock is the session's, no transaction stays open.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if wait:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        elif not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar_one():
            yield False
            return
        try:
            yield True
        finally:
            _advisory_unlock(connection, key)


def _advisory_unlock(connection: Connection, key: int) -> None:
    try:
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    except Exception:
        # A connection that may still hold the lock must never go back to the pool.
        connection.invalidate()
        raise


@contextlib.contextmanager
def _flock(path: Path, *, wait: bool) -> Iterator[bool]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _local(name: str, *, wait: bool) -> Iterator[bool]:
    with _LOCAL_GUARD:
        lock = _LOCAL.setdefault(name, threading.Lock())
    if not lock.acquire(blocking=wait):
        yield False
        return
    try:
        yield True
    finally:
        lock.release()
