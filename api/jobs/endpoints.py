from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, Response

from api.deps import CurrentUser, SessionDep
from api.errors import Problem, problem_responses
from api.jobs import service
from api.jobs.models import Job
from api.jobs.schemas import JobRead
from api.jobs.states import ACTIVE, JobKind, JobStatus
from api.state import AppState

router = APIRouter(tags=["jobs"])

# How long a client should wait before asking again about a job still queued or running.
POLL_AFTER_SECONDS = 1


def result_link(job: Job) -> str | None:
    if job.status is not JobStatus.SUCCEEDED:
        return None
    if job.kind is JobKind.DOCUMENT_READING:
        return f"/claims/{job.claim_id}/documents/{job.subject_id}/readings/latest"
    return f"/claims/{job.claim_id}/assessments/latest"


def job_read(job: Job) -> JobRead:
    return JobRead(
        id=job.id,
        kind=job.kind,
        status=job.status,
        claim_id=job.claim_id,
        document_id=job.subject_id,
        progress=job.progress,
        attempts=job.attempts,
        max_attempts=job.max_attempts,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        next_attempt_at=job.next_attempt_at if job.status is JobStatus.QUEUED else None,
        result_id=job.result_id,
        result=result_link(job),
        error=Problem.model_validate(job.error) if job.error else None,
    )


def hand_to_runner(job: Job, *, state: AppState) -> None:
    """Tell this process's runner of a queued job (call it once the job is committed)."""
    if state.jobs is not None and job.status is JobStatus.QUEUED:
        state.jobs.submit(job.id)


def accepted(job: Job, *, state: AppState, response: Response, prefer: str | None = None) -> JobRead:
    """The 202 answer to a request that queued ``job`` (call it after the job is committed):
    the job, its address in ``Location``, and this process's runner told to take it.

    ``Prefer: wait=N`` (RFC 7240) holds the answer until the job is done or N seconds (at most
    ``MAX_WAIT_SECONDS``) have passed; the job still runs on the runner, and the answer is still
    the job (``status`` says whether it is done)."""
    hand_to_runner(job, state=state)
    response.headers["Location"] = f"/jobs/{job.id}"
    wait = preferred_wait(prefer)
    if wait:
        job = service.wait_for(state.session_factory, job_id=job.id, seconds=wait)
        response.headers["Preference-Applied"] = f"wait={wait}"
    if job.status in ACTIVE:
        response.headers["Retry-After"] = str(POLL_AFTER_SECONDS)
    return job_read(job)


MAX_WAIT_SECONDS = 60
_WAIT = re.compile(r"(?:^|[,;\s])wait=(\d+)", re.IGNORECASE)


def preferred_wait(prefer: str | None) -> int:
    """The seconds a ``Prefer`` header asks to wait (``wait=N``), capped; 0 when it asks none."""
    found = _WAIT.search(prefer or "")
    return min(int(found.group(1)), MAX_WAIT_SECONDS) if found else 0


@router.get("/jobs/{job_id}", responses=problem_responses(401, 404))
def get_job(job_id: uuid.UUID, session: SessionDep, user: CurrentUser, response: Response) -> JobRead:
    """A job (an assessment, a document reading): for the claim's owner and staff."""
    job = service.get_visible_job(session, job_id=job_id, user=user)
    if job.status in ACTIVE:
        response.headers["Retry-After"] = str(POLL_AFTER_SECONDS)
    return job_read(job)
