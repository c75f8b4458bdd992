"""Self-service reads: a claim's document checklist, and the deadline achievement report."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from api.capture.service import shots_of
from api.db.models import AuditEvent, Claim
from api.selfservice.achievement import DeadlineFacts, MonthRate, Step, last_months, monthly_rates
from api.selfservice.checklist import Item, Scenario, check, scenarios_of
from api.storage import repository as storage_repository
from api.workflow.states import AuditAction, ClaimState

MONTHS_SHOWN = 6


@dataclass(frozen=True)
class ClaimChecklist:
    scenarios: list[Scenario]
    items: list[Item]

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.have]


def claim_checklist(session: Session, *, claim: Claim) -> ClaimChecklist:
    scenarios = scenarios_of(
        vehicles_involved=claim.vehicles_involved, injuries=claim.injuries, estimated_amount=claim.estimated_amount
    )
    kinds = {d.kind for d in storage_repository.documents_of(session, claim_id=claim.id)}
    complete = shots_of(session, claim=claim).complete
    return ClaimChecklist(scenarios, check(scenarios, documents=kinds, photos_complete=complete))


def _month_start(month: str, tz: tzinfo) -> datetime:
    year, number = (int(part) for part in month.split("-"))
    return datetime(year, number, 1, tzinfo=tz)


def deadline_facts(session: Session, *, since: datetime) -> list[DeadlineFacts]:
    """Each assessment and payment deadline falling due from ``since`` on, with when the claim
    first reached the step (an audit trail transition), read in two queries."""
    claims = session.execute(
        select(Claim.id, Claim.tier, Claim.assessment_due_at, Claim.payment_due_at).where(
            or_(Claim.assessment_due_at >= since, Claim.payment_due_at >= since)
        )
    ).all()
    ids = [row.id for row in claims]
    reached: dict[tuple[uuid.UUID, ClaimState | None], datetime] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        rows = session.execute(
            select(AuditEvent.claim_id, AuditEvent.to_state, func.min(AuditEvent.at))
            .where(
                AuditEvent.claim_id.in_(chunk),
                AuditEvent.action == AuditAction.TRANSITION,
                AuditEvent.to_state.in_([ClaimState.ASSESSED, ClaimState.CLOSED]),
            )
            .group_by(AuditEvent.claim_id, AuditEvent.to_state)
        ).all()
        reached.update({(claim_id, state): at for claim_id, state, at in rows})
    facts = []
    for row in claims:
        facts.append(
            DeadlineFacts(row.tier, Step.ASSESSMENT, row.assessment_due_at, reached.get((row.id, ClaimState.ASSESSED)))
        )
        if row.payment_due_at is not None:
            facts.append(
                DeadlineFacts(row.tier, Step.PAYMENT, row.payment_due_at, reached.get((row.id, ClaimState.CLOSED)))
            )
    return facts


def achievement(session: Session, *, now: datetime, tz: tzinfo, months: int = MONTHS_SHOWN) -> list[MonthRate]:
    """Rates for the last ``months`` months (this one first), per tier and step."""
    shown = last_months(now, tz, months)
    facts = deadline_facts(session, since=_month_start(shown[-1], tz))
    return monthly_rates(facts, now=now, tz=tz, months=shown)
