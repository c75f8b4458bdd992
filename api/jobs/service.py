"""Submit a job, show it to whoever may see its claim, and run one attempt of it.

An attempt (``execute``) runs the job's handler with no transaction open; the handler stores its
result and marks the job succeeded in ONE transaction, conditional on this runner still holding
the lease (``Attempt.stored``). So a result is stored exactly once even when a lease runs out and
another runner takes the job over: the late runner's transaction is rolled back. A failure is
retried with exponential back-off until ``max_attempts``; a permanent error (the claim cannot be
assessed, the document cannot be read) fails the job at once. The error is kept as an RFC 9457
problem object.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy.orm import Session, sessionmaker

from api.auth.actor import Actor
from api.claims.errors import ClaimNotFound
from api.claims.service import get_visible_claim
from api.db.base import utcnow
from api.db.engine import unit_of_work
from api.db.models import Claim, User
from api.errors import PROBLEM_TYPE_PREFIX, ClaimSightError, status_for
from api.jobs import repository
from api.jobs.errors import JobNotFound, LeaseLost
from api.jobs.models import Job
from api.jobs.states import ACTIVE, JobKind
from api.notifications import Topic, notify_user
from api.workflow.errors import ConcurrentUpdate

log = structlog.get_logger(__name__)


def submit(
    session: Session,
    *,
    claim: Claim,
    kind: JobKind,
    actor: Actor,
    max_attempts: int,
    subject_id: uuid.UUID | None = None,
) -> Job:
    """Queue a job for the claim, in the caller's transaction (the caller holds the claim's row
    lock). A job of the same kind for the same claim (and document) still queued or running is
    answered instead of a second one: one request, or two at once, run the work once."""
    existing = repository.active(session, claim_id=claim.id, kind=kind, subject_id=subject_id)
    if existing is not None:
        return existing
    now = utcnow()
    job = Job(
        id=uuid.uuid4(),
        kind=kind,
        claim_id=claim.id,
        subject_id=subject_id,
        requested_by=actor.user_id,
        requested_role=actor.role,
        max_attempts=max_attempts,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
        attempts=0,
        progress=0.0,
    )
    session.add(job)
    session.flush()
    log.info("job.queued", job_id=str(job.id), kind=kind.value, claim_id=str(claim.id))
    return job


def get_visible_job(session: Session, *, job_id: uuid.UUID, user: User) -> Job:
    """The job if ``user`` may see its claim (the owner or staff); "not found" otherwise."""
    job = repository.get(session, job_id=job_id)
    if job is None:
        raise JobNotFound()
    try:
        get_visible_claim(session, claim_id=job.claim_id, user=user)
    except ClaimNotFound:
        raise JobNotFound() from None
    return job


def wait_for(factory: sessionmaker[Session], *, job_id: uuid.UUID, seconds: float, poll: float = 0.05) -> Job:
    """The job once it succeeded or failed, or as it stands after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        with factory() as session:
            job = repository.get(session, job_id=job_id)
            if job is None:
                raise JobNotFound()
            if job.status not in ACTIVE or time.monotonic() >= deadline:
                return job
        time.sleep(poll)


def problem_of(error: BaseException) -> dict[str, Any]:
    """The error as a problem object; an unexpected error's message stays out (it may hold
    internals or personal data), only its type name is kept."""
    if isinstance(error, ClaimSightError):
        return {
            "type": PROBLEM_TYPE_PREFIX + error.code,
            "title": error.title,
            "status": status_for(error),
            "detail": error.detail,
        }
    return {
        "type": PROBLEM_TYPE_PREFIX + "job-failed",
        "title": "The job failed",
        "status": 500,
        "detail": f"Unexpected error ({type(error).__name__}).",
    }


def is_permanent(error: BaseException) -> bool:
    """A client error (the claim's state, a missing document) fails the same way every time; a
    concurrent change, a lost lease or a model/server error may not."""
    if isinstance(error, ConcurrentUpdate | LeaseLost) or not isinstance(error, ClaimSightError):
        return False
    return 400 <= status_for(error) < 500


def backoff(attempts: int, *, base_seconds: float, cap_seconds: float) -> timedelta:
    """``base * 2**(attempts-1)`` seconds, at most ``cap``: 1st retry after base, then 2x, 4x …"""
    return timedelta(seconds=min(base_seconds * 2 ** (attempts - 1), cap_seconds))


@dataclass(frozen=True)
class Ticket:
    """What a runner hands a handler: the job, detached from any session."""

    id: uuid.UUID
    kind: JobKind
    claim_id: uuid.UUID
    subject_id: uuid.UUID | None
    actor: Actor
    attempts: int
    max_attempts: int

    @classmethod
    def of(cls, job: Job) -> Ticket:
        actor = (
            Actor(user_id=job.requested_by, role=job.requested_role, label=job.requested_role.value)
            if job.requested_by is not None and job.requested_role is not None
            else Actor.system("job")
        )
        return cls(job.id, job.kind, job.claim_id, job.subject_id, actor, job.attempts, job.max_attempts)


# Progress is written at most this often: each write is a transaction, and a page polling the job
# needs no more (a 5-photo claim assesses in well under a second per photo).
PROGRESS_INTERVAL_S = 1.0


@dataclass(frozen=True)
class Attempt:
    """One attempt of a job under one lease: the handler reports progress and stores its result
    through it."""

    ticket: Ticket
    lease_id: uuid.UUID
    factory: sessionmaker[Session]
    clock: Callable[[], float] = time.monotonic
    # when progress was last written (the attempt's start counts as a write of 0)
    _written_at: list[float] = field(default_factory=list, repr=False, compare=False)

    def stored(self, session: Session, result_id: uuid.UUID) -> None:
        """Call in the transaction that stores the result: marks the job succeeded, or raises
        ``LeaseLost`` (the caller's transaction then rolls back, nothing is stored)."""
        if not repository.record_success(
            session, job_id=self.ticket.id, lease_id=self.lease_id, result_id=result_id, now=utcnow()
        ):
            raise LeaseLost()
        _tell_requester(session, self.ticket, Topic.JOB_SUCCEEDED)

    def is_last(self, error: BaseException) -> bool:
        """Whether ``error`` ends the job (no attempt follows it)."""
        return is_permanent(error) or self.ticket.attempts >= self.ticket.max_attempts

    def progress(self, done: int, total: int) -> None:
        """Record ``done`` of ``total``, unless the last write is under a second old or the work is
        complete (the stored result sets 1.0 in its own transaction)."""
        now = self.clock()
        if not self._written_at:
            self._written_at.append(now)
        if done >= total or now - self._written_at[0] < PROGRESS_INTERVAL_S:
            return
        self._written_at[0] = now
        with unit_of_work(self.factory) as session:
            repository.record_progress(
                session, job_id=self.ticket.id, lease_id=self.lease_id, progress=done / total if total else 1.0
            )


Handler = Callable[[Attempt], None]


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float
    cap_seconds: float


def execute(attempt: Attempt, *, handlers: Mapping[JobKind, Handler], retry: RetryPolicy) -> bool:
    """Run one attempt; True when the job succeeded. Never raises: a failure is recorded on the job."""
    ticket = attempt.ticket
    log.info("job.started", job_id=str(ticket.id), kind=ticket.kind.value, attempt=ticket.attempts)
    try:
        handlers[ticket.kind](attempt)
    except Exception as exc:
        _failed(attempt, exc, retry=retry)
        return False
    log.info("job.succeeded", job_id=str(ticket.id), kind=ticket.kind.value, attempt=ticket.attempts)
    return True


def _failed(attempt: Attempt, error: Exception, *, retry: RetryPolicy) -> None:
    ticket, now = attempt.ticket, utcnow()
    if isinstance(error, LeaseLost):
        log.warning("job.lease_lost", job_id=str(ticket.id))
        return  # another runner holds the job now: its outcome is that runner's to write
    final = attempt.is_last(error)
    wait = backoff(ticket.attempts, base_seconds=retry.base_seconds, cap_seconds=retry.cap_seconds)
    retry_at = None if final else now + wait
    with unit_of_work(attempt.factory) as session:
        recorded = repository.record_failure(
            session, job_id=ticket.id, lease_id=attempt.lease_id, problem=problem_of(error), retry_at=retry_at, now=now
        )
        if recorded and final:
            _tell_requester(session, ticket, Topic.JOB_FAILED)
    log.warning(
        "job.failed" if final else "job.retrying",
        job_id=str(ticket.id),
        kind=ticket.kind.value,
        attempt=ticket.attempts,
        error_type=type(error).__name__,
        recorded=recorded,
        retry_at=retry_at.isoformat() if retry_at else None,
    )


def _tell_requester(session: Session, ticket: Ticket, topic: Topic) -> None:
    """Notify whoever asked for the job that it is done (or failed), in the transaction that
    records it: the message exists exactly when the outcome does."""
    if ticket.actor.user_id is not None:
        notify_user(
            session,
            user_id=ticket.actor.user_id,
            topic=topic,
            params={"task": [ticket.kind.value]},
            claim_id=ticket.claim_id,
        )


def fail_abandoned(factory: sessionmaker[Session], *, now: datetime) -> int:
    """Jobs whose last attempt's runner died (lease run out, no attempt left) fail for good."""
    problem = {
        "type": PROBLEM_TYPE_PREFIX + "job-interrupted",
        "title": "The job was interrupted",
        "status": 503,
        "detail": "The service stopped during the job's last attempt; ask for it again.",
    }
    with unit_of_work(factory) as session:
        jobs = repository.abandoned(session, now=now)
        for job in jobs:
            if repository.record_failure(
                session, job_id=job.id, lease_id=None, problem=problem, retry_at=None, now=now
            ):
                _tell_requester(session, Ticket.of(job), Topic.JOB_FAILED)
    if jobs:
        log.warning("job.abandoned", jobs=len(jobs))
    return len(jobs)
