"""Copy every stored file from one blob store to another (local disk → S3 when a deployment
moves to shared storage), checking each file's sha256 on both sides.

Keys are content addresses, so a copy is idempotent: a file the target already holds intact
is left alone, and running the copy again after an interruption resumes where it stopped.
The source is only read; nothing is removed from either store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import structlog

from api.storage.blobstore import BlobCorrupt, BlobMissing, BlobStore

log = structlog.get_logger(__name__)


class CopyOutcome(StrEnum):
    COPIED = "copied"
    ALREADY_THERE = "already_there"  # the target held the same bytes, checked
    GONE = "gone"  # removed from the source during the copy (an unused file reconciled away)
    CORRUPT_SOURCE = "corrupt_source"  # the source's bytes no longer hash to their name: not copied
    NOT_VERIFIED = "not_verified"  # the target's copy does not read back as its name


@dataclass
class CopyReport:
    files: int = 0
    outcomes: dict[CopyOutcome, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # digests (short) to look at

    def count(self, outcome: CopyOutcome) -> int:
        return self.outcomes.get(outcome, 0)

    @property
    def ok(self) -> bool:
        return not self.failed


def _intact(store: BlobStore, sha256: str) -> bool:
    try:
        store.read(sha256)  # reads check the bytes against their name
    except (BlobMissing, BlobCorrupt):
        return False
    return True


def copy_one(source: BlobStore, target: BlobStore, sha256: str) -> CopyOutcome:
    """Copy one file unless the target already holds it intact; the copy is read back and checked."""
    try:
        target.read(sha256)
        return CopyOutcome.ALREADY_THERE
    except BlobMissing:
        pass
    except BlobCorrupt:
        target.remove(sha256)  # bytes that do not match their name are no copy (a store refreshes, never rewrites)
    try:
        data = source.read(sha256)
    except BlobMissing:
        return CopyOutcome.GONE
    except BlobCorrupt:
        return CopyOutcome.CORRUPT_SOURCE
    target.put(data)
    return CopyOutcome.COPIED if _intact(target, sha256) else CopyOutcome.NOT_VERIFIED


def copy_blobs(
    source: BlobStore, target: BlobStore, *, on_file: Callable[[str, CopyOutcome], None] | None = None
) -> CopyReport:
    """Copy every file of ``source`` (leftovers excluded) to ``target``, in digest order."""
    report = CopyReport()
    for entry in source.entries():
        outcome = copy_one(source, target, entry.name)
        report.files += 1
        report.outcomes[outcome] = report.count(outcome) + 1
        if outcome in (CopyOutcome.CORRUPT_SOURCE, CopyOutcome.NOT_VERIFIED):
            report.failed.append(entry.name[:12])
            log.warning("storage.copy_failed", file=entry.name[:12], outcome=outcome.value)
        if on_file is not None:
            on_file(entry.name, outcome)
    log.info("storage.copied", files=report.files, **{o.value: n for o, n in report.outcomes.items()})
    return report
