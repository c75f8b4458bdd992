from __future__ import annotations

from api.errors import Conflict, NotFound


class JobNotFound(NotFound):
    code = "job-not-found"
    title = "No such job"


class LeaseLost(Conflict):
    """The runner no longer holds the job (its lease ran out and another runner took it over):
    what it computed is not stored."""

    code = "job-lease-lost"
    title = "The job was taken over by another runner"
