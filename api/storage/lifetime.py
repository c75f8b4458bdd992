"""When a stored file may go: only once no row uses it, decided by the database under the blob's lock.

Files are content-addressed, so one file may serve several photos and documents (the same bytes
on two claims). Every step that adds or drops a use of a file takes the blob's lock first, in
the transaction that changes the rows, and holds it to the end of that transaction:

- storing (:func:`store`) locks, then writes the file; if the transaction rolls back, a file this
  request created is removed only if, under the lock again, no row uses it;
- releasing (:func:`release`, after a row was deleted and flushed) locks, checks that no other row
  uses the file, moves it aside, puts it back on rollback and unlinks it after the commit;
- :func:`reconcile` removes files no row uses that are older than a grace period.

The lock is a transaction-scoped advisory lock on PostgreSQL; on SQLite a writing transaction
already holds the database's write lock from its first statement (a no-op write makes sure).
On PostgreSQL it is taken after the claim's row lock (``FOR NO KEY UPDATE``) and before any row
that hangs off another claim, so two uploads of one photo to two claims queue instead of deadlocking.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import structlog
from sqlalchemy import event, exists, or_, select, text
from sqlalchemy.orm import Session, sessionmaker

from api.db.engine import on_rollback, unit_of_work
from api.db.models import Document, Photo
from api.storage.blobstore import BlobStore, StoredBlob, digest_of

log = structlog.get_logger(__name__)

_LOCK_CLASS = 0x426C6F62  # "Blob": the advisory-lock namespace of stored files
DEFAULT_GRACE_SECONDS = 3600.0


def lock_blob(session: Session, sha256: str) -> None:
    """Hold the lock on one stored file until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        key = int(sha256[:8], 16) - 2**31  # a signed int4
        session.execute(text("SELECT pg_advisory_xact_lock(:cls, :key)"), {"cls": _LOCK_CLASS, "key": key})
    else:  # SQLite: take the database write lock now if the transaction does not hold it yet
        session.execute(text("UPDATE photos SET sha256 = sha256 WHERE 0"))


def in_use(session: Session, sha256: str) -> bool:
    """Whether a photo or document row (as this transaction sees them) uses the file."""
    used = or_(exists().where(Photo.sha256 == sha256), exists().where(Document.sha256 == sha256))
    return bool(session.scalar(select(used)))


def store(session: Session, blobs: BlobStore, data: bytes) -> StoredBlob:
    """Write ``data`` (once) for a row this transaction will add; undone on rollback if unused."""
    sha256 = digest_of(data)
    lock_blob(session, sha256)
    stored = blobs.put(data)
    if stored.created:
        on_rollback(session, lambda: _remove_if_unused(session, blobs, sha256))
    return stored


def _remove_if_unused(session: Session, blobs: BlobStore, sha256: str) -> None:
    # Runs after the rollback, in a short transaction of its own on the same session.
    try:
        with session.begin():
            lock_blob(session, sha256)
            if not in_use(session, sha256):
                blobs.remove(sha256)
    except Exception:  # the database is gone: the orphan is left for reconcile
        log.warning("blob.release_failed", sha256=sha256[:12], exc_info=True)


def release(session: Session, blobs: BlobStore, sha256: str) -> bool:
    """A row using ``sha256`` was deleted (and flushed) in this transaction: the file goes with the
    commit if no other row uses it. Returns whether it will go."""
    lock_blob(session, sha256)
    if in_use(session, sha256):
        return False
    aside = blobs.set_aside(sha256)
    if aside is None:
        return False
    on_rollback(session, lambda: blobs.put_back(aside, sha256))
    discard: Callable[[Session], None] = lambda _session: blobs.discard(aside)  # noqa: E731
    event.listen(session, "after_commit", discard, once=True)
    return True


@dataclass(frozen=True)
class ReconcileReport:
    files: int  # stored files looked at
    in_use: int
    too_recent: int  # unused but younger than the grace period: possibly an upload in flight
    removed: int  # unused files removed
    leftovers_removed: int  # temporary / set-aside files of killed processes


def reconcile(
    factory: sessionmaker[Session], blobs: BlobStore, *, grace_seconds: float = DEFAULT_GRACE_SECONDS
) -> ReconcileReport:
    """Remove stored files no row uses and older than ``grace_seconds`` (an upload in flight
    refreshes its file's modification time), each decided again under its lock; then temporary
    and set-aside files a killed process left. Logs the counts."""
    now = time.time()
    files = blobs.entries()
    with factory() as session:
        used = set(session.scalars(select(Photo.sha256))) | set(session.scalars(select(Document.sha256)))
    in_use_count = sum(1 for entry in files if entry.name in used)
    too_recent = removed = 0
    for entry in files:
        if entry.name in used:
            continue
        if now - entry.modified < grace_seconds:
            too_recent += 1
            continue
        with unit_of_work(factory) as session:
            lock_blob(session, entry.name)
            if in_use(session, entry.name):
                in_use_count += 1
            elif now - (blobs.modified(entry.name) or now) >= grace_seconds:  # not stored again meanwhile
                blobs.remove(entry.name)
                removed += 1
            else:
                too_recent += 1
    leftovers = 0
    for entry in blobs.leftovers():
        if now - entry.modified >= grace_seconds:
            blobs.remove_leftover(entry.name)
            leftovers += 1
    report = ReconcileReport(len(files), in_use_count, too_recent, removed, leftovers)
    log.info("storage.reconciled", **asdict(report))
    return report
