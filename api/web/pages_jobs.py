"""The claim page's jobs card: the claim's assessments and document readings as they run. While
one is queued or running the page refreshes itself (a ``<meta http-equiv="refresh">``: no script,
so the strict CSP holds)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from api.db.base import utcnow
from api.db.models import Claim
from api.jobs import repository
from api.jobs.states import ACTIVE

# How long a finished job stays on the card, and how often a page with a running job refreshes.
SHOWN_FOR = timedelta(minutes=10)
REFRESH_SECONDS = 2


def jobs_context(session: Session, *, claim: Claim) -> dict[str, Any]:
    jobs = repository.recent(session, claim_id=claim.id, since=utcnow() - SHOWN_FOR)
    running = any(job.status in ACTIVE for job in jobs)
    return {"jobs": jobs, "refresh_seconds": REFRESH_SECONDS if running else None}
