"""The job row: what to run, for whom, and where it stands (attempts, lease, result, error)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from api.auth.roles import Role
from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum, utcnow
from api.jobs.states import JobKind, JobStatus


class Job(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_jobs_claim_id_kind_status", "claim_id", "kind", "status"),
    )

    kind: Mapped[JobKind] = mapped_column(str_enum(JobKind))
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"))
    # The document a reading job reads; None for an assessment (the claim is its subject).
    subject_id: Mapped[uuid.UUID | None]
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    requested_role: Mapped[Role | None] = mapped_column(str_enum(Role))
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus), default=JobStatus.QUEUED)
    # 0..1: photos assessed so far over photos to assess (0 or 1 for a reading).
    progress: Mapped[float] = mapped_column(default=0.0)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int]
    next_attempt_at: Mapped[datetime]
    # While running: the runner that holds it and until when (then another runner may take it).
    lease_id: Mapped[uuid.UUID | None]
    lease_expires_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The assessment or reading it stored (set in the same transaction that stored it).
    result_id: Mapped[uuid.UUID | None]
    # The last error as an RFC 9457 problem object (kept while a retry is pending).
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
