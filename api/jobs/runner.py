"""The one interface every job runner implements. The in-process runner (``api.jobs.inprocess``)
is the default; another (e.g. one that hands the models to a Ray cluster) plugs in here and is
chosen by ``jobs.runner`` in the settings."""

from __future__ import annotations

import uuid
from typing import Protocol


class JobRunner(Protocol):
    def start(self) -> None:
        """Begin taking jobs from the database: queued ones, and running ones whose lease ran out
        (their runner stopped), so jobs outlive the process that accepted them."""

    def submit(self, job_id: uuid.UUID) -> None:
        """A job was committed as queued: take it soon. A hint only; a job nobody is told of is
        still found by the runner's next look at the database."""

    def stop(self) -> None:
        """Stop taking jobs and wait for the running ones to finish."""
