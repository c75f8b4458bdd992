"""Queries of the job runner. A job is leased to one runner at a time (``api.db.leases``) and
every outcome is written only while that runner still holds the lease."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from api.db.leases import lease_due, write_if
from api.jobs.models import Job
from api.jobs.states import ACTIVE, JobKind, JobStatus


def get(session: Session, *, job_id: uuid.UUID) -> Job | None:
    return session.get(Job, job_id)


def active(session: Session, *, claim_id: uuid.UUID, kind: JobKind, subject_id: uuid.UUID | None) -> Job | None:
    """The queued or running job of ``kind`` for this claim (and document), if any."""
    query = select(Job).where(Job.claim_id == claim_id, Job.kind == kind, Job.status.in_(ACTIVE))
    query = query.where(Job.subject_id.is_(None) if subject_id is None else Job.subject_id == subject_id)
    return session.scalars(query.order_by(Job.created_at).limit(1)).first()


def _due(now: datetime) -> ColumnElement[bool]:
    """Queued and due, or running under a lease that has run out (its runner stopped or died),
    with an attempt left."""
    return and_(
        Job.attempts < Job.max_attempts,
        or_(
            and_(Job.status == JobStatus.QUEUED, Job.next_attempt_at <= now),
            and_(Job.status == JobStatus.RUNNING, Job.lease_expires_at <= now),
        ),
    )


def claim_due(
    session: Session, *, now: datetime, lease_id: uuid.UUID, lease_seconds: float, limit: int
) -> Sequence[Job]:
    """Lease up to ``limit`` due jobs to ``lease_id`` and count the attempt."""
    lease_due(
        session,
        Job,
        due=_due(now),
        order_by=(Job.next_attempt_at, Job.id),
        limit=limit,
        values={
            "status": JobStatus.RUNNING,
            "lease_id": lease_id,
            "lease_expires_at": now + timedelta(seconds=lease_seconds),
            "attempts": Job.attempts + 1,
            "started_at": now,
            "updated_at": now,
        },
    )
    query = select(Job).where(Job.lease_id == lease_id, Job.status == JobStatus.RUNNING).order_by(Job.next_attempt_at)
    return session.scalars(query, execution_options={"populate_existing": True}).all()


def abandoned(session: Session, *, now: datetime) -> Sequence[Job]:
    """Running jobs whose lease ran out on their last attempt: nobody may take them again."""
    query = select(Job).where(
        Job.status == JobStatus.RUNNING, Job.lease_expires_at <= now, Job.attempts >= Job.max_attempts
    )
    return session.scalars(query.with_for_update(skip_locked=True)).all()


def _held(job_id: uuid.UUID, lease_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(Job.id == job_id, Job.lease_id == lease_id, Job.status == JobStatus.RUNNING)


def renew(session: Session, *, lease_ids: Sequence[uuid.UUID], until: datetime) -> int:
    """Extend the leases of jobs still running under ``lease_ids``."""
    if not lease_ids:
        return 0
    condition = and_(Job.lease_id.in_(lease_ids), Job.status == JobStatus.RUNNING)
    return write_if(session, Job, condition, {"lease_expires_at": until})


def record_progress(session: Session, *, job_id: uuid.UUID, lease_id: uuid.UUID, progress: float) -> bool:
    return write_if(session, Job, _held(job_id, lease_id), {"progress": progress}) == 1


def record_success(
    session: Session, *, job_id: uuid.UUID, lease_id: uuid.UUID, result_id: uuid.UUID, now: datetime
) -> bool:
    """Mark the job succeeded, in the transaction that stores its result; False when the lease
    was lost (the caller then rolls that transaction back)."""
    values = {
        "status": JobStatus.SUCCEEDED,
        "result_id": result_id,
        "progress": 1.0,
        "error": None,
        "finished_at": now,
        "updated_at": now,
        "lease_id": None,
        "lease_expires_at": None,
    }
    return write_if(session, Job, _held(job_id, lease_id), values) == 1


def record_failure(
    session: Session,
    *,
    job_id: uuid.UUID,
    lease_id: uuid.UUID | None,
    problem: dict[str, Any],
    retry_at: datetime | None,
    now: datetime,
) -> bool:
    """Queue the job again for ``retry_at``, or mark it failed for good when ``retry_at`` is None.
    With ``lease_id`` None, a job abandoned on its last attempt (no runner holds it) is failed."""
    values: dict[str, Any] = {"error": problem, "lease_id": None, "lease_expires_at": None, "updated_at": now}
    if retry_at is None:
        values |= {"status": JobStatus.FAILED, "finished_at": now}
    else:
        values |= {"status": JobStatus.QUEUED, "next_attempt_at": retry_at}
    condition = (
        _held(job_id, lease_id)
        if lease_id is not None
        else and_(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.lease_expires_at <= now)
    )
    return write_if(session, Job, condition, values) == 1


def recent(session: Session, *, claim_id: uuid.UUID, since: datetime, limit: int = 10) -> Sequence[Job]:
    """The claim's jobs still queued or running, and those that finished after ``since``, newest first."""
    query = select(Job).where(
        Job.claim_id == claim_id, or_(Job.status.in_(ACTIVE), Job.finished_at >= since, Job.updated_at >= since)
    )
    return session.scalars(query.order_by(Job.created_at.desc()).limit(limit)).all()
