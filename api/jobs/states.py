from __future__ import annotations

from enum import StrEnum


class JobKind(StrEnum):
    ASSESSMENT = "assessment"  # the detector and part segmenter over a claim's photos
    DOCUMENT_READING = "document_reading"  # OCR of one uploaded document


class JobStatus(StrEnum):
    QUEUED = "queued"  # waiting for a runner (or for its next attempt, after a failure)
    RUNNING = "running"  # leased to one runner until lease_expires_at
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # a permanent error, or the last attempt failed


ACTIVE = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})
