"""Claims placed at fixed times (a frozen clock) for the revisit tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select, update

from api.db.models import AuditEvent, Claim
from api.notifications.models import InboxMessage
from api.notifications.topics import Topic
from api.surveys.models import Revisit
from api.workflow.states import AuditAction, ClaimState
from tests.fixtures.harness import Harness

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # a Monday, 09:00 in Shanghai


def claim_at(h: Harness, headers: dict[str, str], reported_at: datetime = T0) -> uuid.UUID:
    claim_id = uuid.UUID(h.create_claim(headers)["id"])
    with h.session() as session:
        session.execute(update(Claim).where(Claim.id == claim_id).values(reported_at=reported_at))
    return claim_id


def reach(h: Harness, claim_id: uuid.UUID, state: ClaimState, at: datetime) -> None:
    """Record the claim's move into ``state`` at ``at`` (what ``workflow.transition`` writes)."""
    with h.session() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        session.add(
            AuditEvent(claim_id=claim_id, at=at, action=AuditAction.TRANSITION, from_state=claim.state, to_state=state)
        )
        claim.state = state


def revisits(h: Harness, claim_id: uuid.UUID) -> list[Revisit]:
    with h.session() as session:
        rows = session.scalars(select(Revisit).where(Revisit.claim_id == claim_id).order_by(Revisit.due_at)).all()
        session.expunge_all()
        return list(rows)


def revisit_messages(h: Harness, user_id: uuid.UUID) -> list[InboxMessage]:
    with h.session() as session:
        query = select(InboxMessage).where(InboxMessage.user_id == user_id, InboxMessage.topic == Topic.REVISIT)
        rows = session.scalars(query).all()
        session.expunge_all()
        return list(rows)
