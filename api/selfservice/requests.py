"""The one request for missing documents (DOMAIN.md §7: 保险法 Art.22 asks for what is missing
once, in one notice; 交强险条例 Art.28 within a day of the claim).

The scheduler looks at claims reported between ``REQUEST_AFTER`` and ``REQUEST_BY`` ago that were
never asked: a claim still missing something from its checklist gets one ``DOCUMENTS_MISSING``
notification listing every missing item, and an audit event that records the list and stops a
second request. The grace period lets a customer finish uploading in the reporting session; a
claim complete by then is never asked. Each claim is asked in its own transaction, under the claim's
row lock.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session, sessionmaker

from api.db.engine import unit_of_work
from api.db.models import AuditEvent, Claim
from api.notifications import Topic, notify_user
from api.reasons import Reason, TextCode, reason_fields
from api.selfservice.service import claim_checklist
from api.workflow.states import AuditAction, ClaimState

REQUEST_AFTER: Final = timedelta(hours=2)
REQUEST_BY: Final = timedelta(days=1)
# Documents matter until the estimate is approved; later states ask nothing.
_ASKABLE: Final = (ClaimState.SUBMITTED, ClaimState.ASSESSING, ClaimState.UNDER_REVIEW)


def request_missing(session_factory: sessionmaker[Session], *, now: datetime) -> int:
    """Send the one request to every claim due for it; how many were asked."""
    with unit_of_work(session_factory) as session:
        candidates = list(session.scalars(_due(now)))
    asked = 0
    for claim_id in candidates:
        with unit_of_work(session_factory) as session:
            asked += _ask(session, claim_id=claim_id, now=now)
    return asked


def _asked(claim_id: Any) -> ColumnElement[bool]:  # a claim id, or Claim.id in a query
    return exists().where(AuditEvent.claim_id == claim_id, AuditEvent.action == AuditAction.DOCUMENTS_REQUESTED)


def _due(now: datetime) -> Select[uuid.UUID]:
    return (
        select(Claim.id)
        .where(
            Claim.state.in_(_ASKABLE),
            Claim.reported_at <= now - REQUEST_AFTER,
            Claim.reported_at > now - REQUEST_BY,
            ~_asked(Claim.id),
        )
        .order_by(Claim.reported_at)
    )


def _ask(session: Session, *, claim_id: uuid.UUID, now: datetime) -> int:
    # Lock first, then look for an earlier request in a statement of its own: on PostgreSQL that
    # statement sees what a process that held the lock before us committed.
    claim = session.get(Claim, claim_id, with_for_update=True, populate_existing=True)
    if claim is None or session.scalar(select(_asked(claim_id))):
        return 0
    missing = [item.key for item in claim_checklist(session, claim=claim).missing]
    if not missing:
        return 0
    notify_user(
        session,
        user_id=claim.customer_id,
        topic=Topic.DOCUMENTS_MISSING,
        params={"documents": missing},
        claim_id=claim.id,
        now=now,
    )
    session.add(
        AuditEvent(
            claim_id=claim.id,
            at=now,
            action=AuditAction.DOCUMENTS_REQUESTED,
            **reason_fields(Reason(TextCode.DOCUMENTS_MISSING, {"documents": [str(m) for m in missing]})),
        )
    )
    return 1
