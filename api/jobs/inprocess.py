"""The default runner: a bounded thread pool in the API process, fed from the database.

One dispatcher thread leases due jobs (no more than there are free workers) and hands them to
the pool, and renews the leases of the jobs it runs, so a job that runs long is not taken over
while its runner lives; a runner that dies stops renewing and its jobs are leased again once
their leases run out (by another process, or by this one after a restart).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import structlog
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from api.config import JobSettings
from api.db.base import utcnow
from api.db.engine import unit_of_work
from api.jobs import repository
from api.jobs.models import Job
from api.jobs.service import Attempt, Handler, RetryPolicy, Ticket, execute, fail_abandoned
from api.jobs.states import JobKind, JobStatus

log = structlog.get_logger(__name__)


class InProcessRunner:
    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        settings: JobSettings,
        handlers: Mapping[JobKind, Handler],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._factory, self._settings, self._handlers, self._clock = factory, settings, handlers, clock
        self._retry = RetryPolicy(settings.backoff_seconds, settings.backoff_cap_seconds)
        self._pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="claimsight-job")
        self._wake, self._stopping = threading.Event(), threading.Event()
        self._lock = threading.Lock()
        self._running: dict[uuid.UUID, uuid.UUID] = {}  # job id -> lease id
        self._dispatcher: threading.Thread | None = None

    def start(self) -> None:
        self._dispatcher = threading.Thread(target=self._loop, name="claimsight-job-dispatcher", daemon=True)
        self._dispatcher.start()
        log.info("jobs.runner_started", runner="in-process", workers=self._settings.workers)

    def submit(self, job_id: uuid.UUID) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._dispatcher is not None:
            self._dispatcher.join()
        self._pool.shutdown(wait=True, cancel_futures=True)
        log.info("jobs.runner_stopped", runner="in-process")

    def _loop(self) -> None:
        renew_every = self._settings.lease_seconds / 3
        renewed = self._clock()
        while not self._stopping.is_set():
            self._wake.clear()
            claimed = 0
            try:
                claimed = self._dispatch()
                if self._clock() - renewed >= timedelta(seconds=renew_every):
                    self._renew()
                    renewed = self._clock()
            except Exception:
                log.exception("jobs.dispatch_failed")
            if not claimed:
                self._wake.wait(timeout=min(self._settings.poll_seconds, renew_every))

    def _free(self) -> int:
        with self._lock:
            return self._settings.workers - len(self._running)

    def _dispatch(self) -> int:
        free, now = self._free(), self._clock()
        if free <= 0 or not self._anything_due(now):
            return 0
        fail_abandoned(self._factory, now=now)
        lease_id = uuid.uuid4()
        with unit_of_work(self._factory) as session:
            jobs = repository.claim_due(
                session, now=now, lease_id=lease_id, lease_seconds=self._settings.lease_seconds, limit=free
            )
            tickets = [Ticket.of(job) for job in jobs]
        for ticket in tickets:
            with self._lock:
                self._running[ticket.id] = lease_id
            self._pool.submit(self._run, Attempt(ticket, lease_id, self._factory))
        return len(tickets)

    def _anything_due(self, now: datetime) -> bool:
        """A read (no write lock on SQLite): is any job queued and due, or leased and expired?"""
        with self._factory() as session:
            queued = (Job.status == JobStatus.QUEUED) & (Job.next_attempt_at <= now)
            expired = (Job.status == JobStatus.RUNNING) & (Job.lease_expires_at <= now)
            return bool(session.scalar(select(exists().where(queued | expired))))

    def _run(self, attempt: Attempt) -> None:
        try:
            execute(attempt, handlers=self._handlers, retry=self._retry)
        finally:
            with self._lock:
                self._running.pop(attempt.ticket.id, None)
            self._wake.set()  # a worker is free: look for the next job (a retry may be due)

    def _renew(self) -> None:
        with self._lock:
            leases = sorted(set(self._running.values()))
        if leases:
            until = self._clock() + timedelta(seconds=self._settings.lease_seconds)
            with unit_of_work(self._factory) as session:
                repository.renew(session, lease_ids=leases, until=until)
