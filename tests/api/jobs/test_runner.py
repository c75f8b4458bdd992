"""The in-process runner against a real database (SQLite and PostgreSQL): a job left running by a
dead process is resumed, a failing job is retried with back-off and then failed with a problem,
and two runners (as two API processes would be) never both run one job."""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from api.auth.roles import Role
from api.config import JobSettings
from api.db.base import utcnow
from api.db.engine import unit_of_work
from api.db.models import Claim
from api.jobs import repository, service
from api.jobs.inprocess import InProcessRunner
from api.jobs.models import Job
from api.jobs.service import Attempt, Handler
from api.jobs.states import JobKind, JobStatus
from api.workflow.states import ClaimState
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import Harness

FAST = JobSettings(workers=4, max_attempts=3, lease_seconds=30, backoff_seconds=0.2, poll_seconds=0.02)


@pytest.fixture
def quiet(harness_factory: Callable[..., Any]) -> Iterator[Harness]:
    """An app whose own runner is off: the test starts the runners it needs."""
    with harness_factory(jobs={"enabled": False}) as h:
        yield h


def _queue(h: Harness, n: int, *, max_attempts: int = 3) -> list[uuid.UUID]:
    """``n`` queued reading jobs of one claim (each of its own document: none is a duplicate)."""
    user, customer = h.login(Role.CUSTOMER)
    claim_id = uuid.UUID(h.create_claim(customer)["id"])
    now = utcnow()
    jobs = [
        Job(
            kind=JobKind.DOCUMENT_READING,
            claim_id=claim_id,
            subject_id=uuid.uuid4(),
            requested_by=user.id,
            requested_role=user.role,
            max_attempts=max_attempts,
            next_attempt_at=now,
        )
        for _ in range(n)
    ]
    with h.session() as session:
        session.add_all(jobs)
    return [job.id for job in jobs]


def _jobs(h: Harness, ids: list[uuid.UUID]) -> list[Job]:
    with h.state.session_factory() as session:
        return [session.get_one(Job, job_id) for job_id in ids]


def _wait(h: Harness, ids: list[uuid.UUID], *, timeout: float = 30) -> list[Job]:
    deadline = time.monotonic() + timeout
    while True:
        jobs = _jobs(h, ids)
        if all(job.status in {JobStatus.SUCCEEDED, JobStatus.FAILED} for job in jobs):
            return jobs
        assert time.monotonic() < deadline, [job.status for job in jobs]
        time.sleep(0.02)


def _runner(h: Harness, handler: Handler, settings: JobSettings = FAST) -> InProcessRunner:
    return InProcessRunner(h.state.session_factory, settings=settings, handlers=dict.fromkeys(JobKind, handler))


def test_two_runners_never_both_run_one_job(quiet: Harness) -> None:
    ids = _queue(quiet, 24)
    runs: Counter[uuid.UUID] = Counter()
    lock = threading.Lock()

    def handler(attempt: Attempt) -> None:
        with lock:
            runs[attempt.ticket.id] += 1
        time.sleep(0.01)
        with unit_of_work(quiet.state.session_factory) as session:
            attempt.stored(session, uuid.uuid4())

    runners = [_runner(quiet, handler), _runner(quiet, handler)]
    for runner in runners:
        runner.start()
    try:
        jobs = _wait(quiet, ids)
    finally:
        for runner in runners:
            runner.stop()
    assert all(job.status is JobStatus.SUCCEEDED and job.attempts == 1 for job in jobs)
    assert runs == Counter(dict.fromkeys(ids, 1))


def test_claims_made_at_once_never_overlap(quiet: Harness) -> None:
    ids = _queue(quiet, 30)
    claimed: list[list[uuid.UUID]] = []
    start = threading.Barrier(6)

    def claim() -> None:
        start.wait()
        with unit_of_work(quiet.state.session_factory) as session:
            jobs = repository.claim_due(session, now=utcnow(), lease_id=uuid.uuid4(), lease_seconds=30, limit=8)
            claimed.append([job.id for job in jobs])

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [job_id for batch in claimed for job_id in batch]
    assert len(every) == len(set(every)) == len(ids)  # 6 x 8 >= 30: all taken, none twice


def test_a_failing_job_is_retried_with_back_off_then_failed_with_a_problem(quiet: Harness) -> None:
    (job_id,) = _queue(quiet, 1)
    started: list[float] = []

    def handler(attempt: Attempt) -> None:
        started.append(time.monotonic())
        raise RuntimeError("onnxruntime: out of memory at /models/x")

    runner = _runner(quiet, handler)
    runner.start()
    try:
        (job,) = _wait(quiet, [job_id])
    finally:
        runner.stop()
    assert job.status is JobStatus.FAILED and job.attempts == 3 and job.finished_at is not None
    assert job.error == {
        "type": "urn:claimsight:problem:job-failed",
        "title": "The job failed",
        "status": 500,
        "detail": "Unexpected error (RuntimeError).",
    }
    first_wait, second_wait = started[1] - started[0], started[2] - started[1]
    assert first_wait >= 0.2 and second_wait >= 0.4  # base, then twice the base


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 5), (2, 10), (3, 20), (9, 300)])
def test_back_off_doubles_up_to_its_cap(attempts: int, seconds: float) -> None:
    assert service.backoff(attempts, base_seconds=5, cap_seconds=300) == timedelta(seconds=seconds)


def test_a_job_left_running_by_a_stopped_process_is_resumed_at_the_next_start(
    harness_factory: Callable[..., Any],
) -> None:
    with harness_factory(jobs={"enabled": False}) as h:
        _, customer = h.login(Role.CUSTOMER)
        claim_id = h.create_claim(customer)["id"]
        assert h.upload_photo(customer, claim_id).status_code == 201
        _, adjuster_headers = h.login(Role.SENIOR_ADJUSTER)
        queued = h.client.post(f"/claims/{claim_id}/assessments", headers=adjuster_headers)
        assert queued.status_code == 202 and queued.json()["status"] == "queued"  # no runner here
        job_id = uuid.UUID(queued.json()["id"])
        with h.session() as session:  # a runner took it, moved the claim, and its process died
            job = session.get_one(Job, job_id)
            job.status, job.attempts, job.lease_id = JobStatus.RUNNING, 1, uuid.uuid4()
            job.lease_expires_at = utcnow() - timedelta(seconds=1)
            claim = session.get_one(Claim, uuid.UUID(claim_id))
            claim.state = ClaimState.ASSESSING
        with h.session() as session:  # stored as running (checked here: the next harness's runner may take it at once)
            assert session.get_one(Job, job_id).status is JobStatus.RUNNING

    with harness_factory() as h:  # nobody tells this runner: it finds the job in the database
        h.state.detector, h.state.parts = FakeDetector(), None
        (job,) = _wait(h, [job_id])
        assert job.status is JobStatus.SUCCEEDED and job.attempts == 2 and job.result_id is not None
        assert h.client.get(f"/claims/{claim_id}", headers=adjuster_headers).json()["state"] == "under_review"


def test_progress_is_written_at_most_once_a_second_and_never_for_the_last_photo(quiet: Harness) -> None:
    [job_id] = _queue(quiet, 1)
    seen: list[tuple[float, float]] = []
    ticks = iter([0.0, 0.4, 0.9, 1.2, 1.5, 2.3, 2.4])

    def handler(attempt: Attempt) -> None:
        timed = dataclasses.replace(attempt, clock=lambda: next(ticks))
        for done in range(7):  # called at 0.0 (the start), 0.4, 0.9, 1.2, 1.5, 2.3, 2.4 (the last photo)
            timed.progress(done, 6)
            seen.append((done, _jobs(quiet, [job_id])[0].progress))
        with unit_of_work(quiet.state.session_factory) as session:
            attempt.stored(session, uuid.uuid4())

    runner = _runner(quiet, handler)
    runner.start()
    try:
        [job] = _wait(quiet, [job_id])
    finally:
        runner.stop()
    # written at 1.2 s (3 of 6) and at 2.3 s (5 of 6); 6 of 6 is left to the stored result
    assert [progress for _, progress in seen] == [0.0, 0.0, 0.0, 0.5, 0.5, pytest.approx(5 / 6), pytest.approx(5 / 6)]
    assert job.status is JobStatus.SUCCEEDED and job.progress == 1.0
