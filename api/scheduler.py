"""In-process scheduler: escalates overdue claims and complaint steps, and dispatches the outbox.

One asyncio task started by the lifespan (``CLAIMSIGHT_SCHEDULER__ENABLED=false`` turns it off,
e.g. when a separate worker runs ``run_once``). The work itself runs in a thread.

Every API process runs this task; each tick first takes the scheduler lock (a PostgreSQL advisory
lock, or a ``flock`` beside the SQLite file, see ``api.db.locks``) and a process that does not get
it skips the tick. The work is idempotent without the lock too: escalations are claimed by
conditional writes and outbox messages by leases.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

import structlog

from api.catalogs import feed as catalog_feed
from api.customers.service import recompute_stale
from api.db.base import utcnow
from api.db.engine import unit_of_work
from api.db.locks import exclusive
from api.disputes.tasks import escalate_overdue_complaints
from api.notifications.service import dispatch_pending
from api.selfservice.requests import request_missing
from api.state import AppState
from api.surveys.service import run as run_revisits
from api.workflow.service import escalate_overdue

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class TickResult:
    escalated: int
    notifications_sent: int
    complaints_escalated: int = 0
    # Price lists taken from the feed folder (``catalogs.feed_dir``): stored, and refused.
    catalogs_imported: int = 0
    catalogs_rejected: int = 0
    # Revisit surveys sent to customers (api.surveys).
    revisits_sent: int = 0
    # Customers whose high-risk flag was a day old, recomputed (api.customers.rules).
    customers_recomputed: int = 0
    # Claims sent their one request for missing documents (api.selfservice.requests).
    documents_requested: int = 0
    # Another process held the scheduler lock: this one did nothing this tick.
    skipped: bool = False


SCHEDULER_LOCK = "scheduler"


def run_once(state: AppState, *, now: datetime) -> TickResult:
    """One tick, if this process gets the scheduler lock; a skipped tick otherwise."""
    with exclusive(state.engine, SCHEDULER_LOCK, wait=False) as leader:
        if not leader:
            return TickResult(escalated=0, notifications_sent=0, skipped=True)
        return _tick(state, now=now)


def _tick(state: AppState, *, now: datetime) -> TickResult:
    with unit_of_work(state.session_factory) as session:
        escalated = escalate_overdue(session, now=now)
    with unit_of_work(state.session_factory) as session:
        complaints = escalate_overdue_complaints(session, now=now, tz=state.tz)
    with unit_of_work(state.session_factory) as session:
        recomputed = recompute_stale(session, now=now)
    # Revisits and document requests first: what they queue goes out through the outbox in this tick.
    revisits = run_revisits(state.session_factory, now=now)
    requested = request_missing(state.session_factory, now=now)
    outbox = state.settings.notifications
    sent = dispatch_pending(
        state.session_factory,
        sender=state.notifier,
        now=now,
        max_attempts=outbox.max_attempts,
        batch_size=outbox.batch_size,
        lease_seconds=outbox.lease_seconds,
    )
    feed = catalog_feed.FeedResult()
    if state.settings.catalogs.feed_dir is not None:
        feed = catalog_feed.poll(
            state.session_factory,
            folder=state.settings.catalogs.feed_dir,
            activate=state.settings.catalogs.feed_activate,
            now=now,
        )
    return TickResult(
        escalated=len(escalated),
        notifications_sent=sent,
        complaints_escalated=len(complaints.escalated),
        catalogs_imported=feed.imported,
        catalogs_rejected=feed.rejected,
        revisits_sent=revisits.sent,
        customers_recomputed=recomputed,
        documents_requested=requested,
    )


async def run_periodically(state: AppState, *, interval_seconds: float) -> None:
    while True:
        try:
            result = await asyncio.to_thread(run_once, state, now=utcnow())
            if result.escalated or result.notifications_sent or result.complaints_escalated:
                log.info(
                    "scheduler.tick",
                    escalated=result.escalated,
                    notifications_sent=result.notifications_sent,
                    complaints_escalated=result.complaints_escalated,
                )
        except Exception:
            log.exception("scheduler.failed")
        await asyncio.sleep(interval_seconds)
