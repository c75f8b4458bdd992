from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from api.errors import Problem
from api.jobs.states import JobKind, JobStatus


class JobRead(BaseModel):
    """A job and where it stands. Poll ``GET /jobs/{id}`` until ``status`` is ``succeeded``
    (then read ``result``) or ``failed`` (then ``error`` says why, as a problem object)."""

    id: uuid.UUID
    kind: JobKind
    status: JobStatus
    claim_id: uuid.UUID
    document_id: uuid.UUID | None = Field(description="the document a reading job reads")
    progress: float = Field(ge=0, le=1, description="share of the work done (photos assessed)")
    attempts: int = Field(description="attempts started so far")
    max_attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    next_attempt_at: datetime | None = Field(description="when a queued job (a retry) is due")
    result_id: uuid.UUID | None = Field(description="the assessment or reading the job stored")
    result: str | None = Field(description="where to read the result, once succeeded")
    error: Problem | None = Field(description="why the last attempt failed (RFC 9457); kept while a retry is due")
