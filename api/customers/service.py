"""The customer profile for staff, the stored high-risk flag and the service tags.

Who may do what lives here (STYLE 19): every staff role reads a profile; handlers (complaint
handlers and adjusters) and supervisors add and remove manual tags; customers see none of it.
The flag is recomputed by ``recompute`` when a complaint is filed or analysed, when a fraud
signal is raised, and daily by the scheduler (``recompute_stale``); the rules are in
``api.customers.rules``. Labels and reasons are never logged (a label is free text).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth.roles import STAFF_ROLES, Role
from api.customers import repository
from api.customers.errors import CustomerNotFound, InvalidTag, TagAlreadyActive, TagAlreadyRemoved, TagNotFound
from api.customers.models import CustomerRisk, CustomerTag
from api.customers.rules import ClaimAmounts, CustomerHistory, RuleTag, assess
from api.customers.schemas import (
    TAG_WRITERS,
    ClaimSummary,
    ComplaintSummary,
    CustomerProfile,
    FraudSummary,
    PolicyFacts,
    QueueRisk,
    RiskRead,
    SurveySummary,
    TagRead,
)
from api.db.models import User
from api.disputes.config import get_dispute_settings
from api.documents.claim_facts import confirmed_facts
from api.errors import PermissionDenied
from api.notifications.channels import mask_email
from api.schemas import Currency, Money
from api.surveys.models import Revisit
from inference.ocr.privacy import mask_field

log = structlog.get_logger(__name__)

DAILY = timedelta(days=1)


def ensure_may_read(user: User) -> None:
    if user.role not in STAFF_ROLES:
        raise PermissionDenied("Only staff see a customer's profile.")


def ensure_may_tag(user: User) -> None:
    if user.role not in TAG_WRITERS:
        raise PermissionDenied("Handlers and supervisors add and remove service tags.")


def _customer(session: Session, customer_id: uuid.UUID) -> User:
    found = repository.customer(session, customer_id)
    if found is None or found.role is not Role.CUSTOMER:
        raise CustomerNotFound("No such customer.")
    return found


def _lowest(revisit: Revisit) -> int | None:
    scores = [s for s in (revisit.convenience, revisit.communication, revisit.amount_fairness, revisit.overall) if s]
    return min(scores) if scores else None


def history(session: Session, *, customer_id: uuid.UUID) -> CustomerHistory:
    claims = repository.claims(session, customer_id=customer_id)
    ids = [c.id for c in claims]
    payables = repository.latest_payables(session, claim_ids=ids)
    disputed = repository.disputed_totals(session, claim_ids=ids)
    return CustomerHistory(
        claims=[
            ClaimAmounts(c.id, c.reported_at, disputed.get(c.id, c.estimated_amount), payables.get(c.id))
            for c in claims
        ],
        complaints_received=[c.received_at for c in repository.complaints(session, customer_id=customer_id)],
        fraud_signals=[
            (reported, str(flag.signal)) for flag, reported in repository.fraud_flags(session, customer_id=customer_id)
        ],
        survey_lowest=[
            (r.answered_at, low)
            for r in repository.surveys(session, customer_id=customer_id)
            if r.answered_at is not None and (low := _lowest(r)) is not None
        ],
    )


def recompute(
    session: Session, *, customer_id: uuid.UUID, now: datetime, above_market_factor: Decimal | None = None
) -> CustomerRisk:
    """Set or clear the customer's flag from the rules at ``now``, with each reason and rule tag.
    Runs under the row's lock; two first computations at once insert one row (the loser updates)."""
    factor = above_market_factor if above_market_factor is not None else get_dispute_settings().above_market_factor
    result = assess(history(session, customer_id=customer_id), now=now, above_market_factor=factor)
    row = repository.risk(session, customer_id=customer_id, for_update=True)
    if row is None:
        try:
            with session.begin_nested():
                row = CustomerRisk(customer_id=customer_id, high_risk=False, reasons=[], rule_tags=[], computed_at=now)
                session.add(row)
        except IntegrityError:
            row = repository.risk(session, customer_id=customer_id, for_update=True)
            assert row is not None
    was = row.high_risk
    row.high_risk, row.reasons, row.computed_at = result.high_risk, result.reasons, now
    row.rule_tags = [t.value for t in result.tags]
    row.flagged_at = (row.flagged_at if was else now) if result.high_risk else None
    session.flush()
    if was != result.high_risk:
        codes = [r["code"] for r in result.reasons]
        log.info("customer.risk_changed", customer_id=str(customer_id), high_risk=result.high_risk, reasons=codes)
    return row


def recompute_stale(session: Session, *, now: datetime, limit: int = 500) -> int:
    """The scheduler's daily pass: every customer with a claim whose flag is a day old or never
    computed (so a 90-day window that has passed clears the flag)."""
    ids = repository.stale_customers(session, before=now - DAILY, limit=limit)
    for customer_id in ids:
        recompute(session, customer_id=customer_id, now=now)
    return len(ids)


def _risk_read(row: CustomerRisk | None) -> RiskRead:
    if row is None:
        return RiskRead(high_risk=False, reasons=[], rule_tags=[], computed_at=None, flagged_at=None)
    return RiskRead(
        high_risk=row.high_risk,
        reasons=list(row.reasons),
        rule_tags=[RuleTag(t) for t in row.rule_tags],
        computed_at=row.computed_at,
        flagged_at=row.flagged_at,
    )


def _money(amount: Decimal | None, currency: str) -> Money | None:
    return Money(amount=amount, currency=Currency(currency)) if amount is not None else None


def _policies(session: Session, claim_ids: list[uuid.UUID]) -> list[PolicyFacts]:
    out = []
    for claim_id in claim_ids:
        for kind, facts in confirmed_facts(session, claim_id=claim_id).policies.items():
            values = {name: mask_field(name, fact.value) for name, fact in facts.items()}
            out.append(PolicyFacts(claim_id=claim_id, kind=str(kind), facts=values))
    return out


def profile(session: Session, *, customer_id: uuid.UUID, user: User) -> CustomerProfile:
    """Everything staff see of the customer (the policies from confirmed OCR readings only)."""
    ensure_may_read(user)
    customer = _customer(session, customer_id)
    claims = repository.claims(session, customer_id=customer_id)
    ids = [c.id for c in claims]
    payables = repository.latest_payables(session, claim_ids=ids)
    disputed = repository.disputed_totals(session, claim_ids=ids)
    return CustomerProfile(
        customer_id=customer.id,
        email_masked=mask_email(customer.email),
        risk=_risk_read(repository.risk(session, customer_id=customer_id)),
        tags=[TagRead.model_validate(t) for t in repository.tags(session, customer_id=customer_id, active_only=False)],
        policies=_policies(session, ids),
        claims=[
            ClaimSummary(
                claim_id=c.id,
                policy_number=c.policy_number,
                state=c.state,
                tier=c.tier,
                reported_at=c.reported_at,
                claimed=_money(disputed.get(c.id, c.estimated_amount), c.currency),
                estimate=_money(payables.get(c.id), c.currency),
            )
            for c in claims
        ],
        complaints=[
            ComplaintSummary(
                complaint_id=c.id,
                claim_id=c.claim_id,
                received_at=c.received_at,
                cause=c.cause,
                status=c.status,
                level=c.level,
                severe=c.severe,
            )
            for c in repository.complaints(session, customer_id=customer_id)
        ],
        surveys=[
            SurveySummary(
                survey_id=r.id,
                claim_id=r.claim_id,
                stage=r.stage,
                sent_at=r.sent_at,
                answered_at=r.answered_at,
                convenience=r.convenience,
                communication=r.communication,
                amount_fairness=r.amount_fairness,
                overall=r.overall,
            )
            for r in repository.surveys(session, customer_id=customer_id)
        ],
        fraud_signals=[
            FraudSummary(claim_id=f.claim_id, signal=f.signal, created_at=f.created_at)
            for f, _ in repository.fraud_flags(session, customer_id=customer_id)
        ],
    )


def queue_risks(session: Session, *, customer_ids: list[uuid.UUID]) -> dict[uuid.UUID, QueueRisk]:
    """What the adjuster's and the desk's queues show of each row's customer."""
    risks = repository.risks(session, customer_ids=customer_ids)
    labels = repository.active_labels(session, customer_ids=customer_ids)
    out = {}
    for customer_id in customer_ids:
        row = risks.get(customer_id)
        out[customer_id] = QueueRisk(
            high_risk=row is not None and row.high_risk,
            rule_tags=[RuleTag(t) for t in row.rule_tags] if row is not None else [],
            tags=labels.get(customer_id, []),
        )
    return out


def add_tag(session: Session, *, customer_id: uuid.UUID, user: User, label: str, now: datetime) -> CustomerTag:
    """A manual tag on the customer (one active tag per label)."""
    ensure_may_tag(user)
    _customer(session, customer_id)
    text = " ".join(label.split())
    if not text or len(text) > 20:
        raise InvalidTag("A tag is 1 to 20 characters.")
    if any(t.label == text for t in repository.tags(session, customer_id=customer_id, active_only=True)):
        raise TagAlreadyActive("The customer already has this tag.")
    row = CustomerTag(customer_id=customer_id, label=text, added_by_id=user.id, added_at=now, created_at=now)
    session.add(row)
    session.flush()
    log.info("customer.tag_added", customer_id=str(customer_id), tag_id=str(row.id), role=str(user.role))
    return row


def remove_tag(
    session: Session, *, customer_id: uuid.UUID, tag_id: uuid.UUID, user: User, now: datetime
) -> CustomerTag:
    """Remove a manual tag (the row stays, with who removed it and when). Under the row's lock."""
    ensure_may_tag(user)
    _customer(session, customer_id)
    row = repository.tag(session, customer_id=customer_id, tag_id=tag_id)
    if row is None:
        raise TagNotFound("No such tag on this customer.")
    if row.removed_at is not None:
        raise TagAlreadyRemoved("This tag was already removed.")
    row.removed_by_id, row.removed_at = user.id, now
    session.flush()
    log.info("customer.tag_removed", customer_id=str(customer_id), tag_id=str(row.id), role=str(user.role))
    return row


def staff_by_id(session: Session, *, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, User]:
    """The members of staff who added or removed tags, for the page to name them."""
    return {u.id: u for u in repository.users(session, ids=user_ids)}
