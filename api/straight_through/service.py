"""The customer's photos are in: queue the assessment, price a provisional estimate from it and let
the straight-through rule set decide, approving through the adjusters' own approval.

The assessment job a customer asks for (``submit_photos``) is the provisional path: the job's
handler runs the assessment as the pipeline and, in the transaction that stores the findings
(the claim's row lock held), calls ``after_assessment``: price version n+1, evaluate the rule set
on it, store the decision, and approve when every rule passed. So two triggers at once make one
job, one estimate, one decision and at most one approval.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import structlog
from sqlalchemy.orm import Session

from api.assessments import service as assessments
from api.auth.actor import Actor
from api.catalogs import service as catalogs
from api.claims import repository as claims_repository
from api.db.models import Claim, EstimateVersion
from api.estimates import repository as estimates_repository
from api.estimates import service as estimates
from api.estimates.errors import InvalidPricingInput
from api.estimates.requests import EstimateCreate, VehicleIn
from api.fraud import repository as fraud_repository
from api.jobs.models import Job
from api.straight_through import repository
from api.straight_through.errors import NoDecision
from api.straight_through.models import Outcome, StraightThroughDecision
from api.workflow.states import ClaimState
from pricing import Estimate, VehicleClass
from pricing.straight_through import CURRENT, CaseEvidence, Decision, RuleSet, evaluate

log = structlog.get_logger(__name__)

# Who runs the customer's assessment and prices it: the service itself (the customer may not move
# the claim through assessment; the pipeline may).
PIPELINE = Actor.system("provisional-estimate")
# Priced with this class where no confirmed vehicle licence names one (said in the assumptions).
ASSUMED_VEHICLE = VehicleClass.COMPACT


def submit_photos(session: Session, *, claim: Claim, actor: Actor, max_attempts: int) -> Job:
    """The customer's photos are in: queue the assessment job that prices the provisional estimate
    (the caller holds the claim's row lock). A job already queued or running is answered."""
    return assessments.request_assessment(session, claim=claim, actor=actor, max_attempts=max_attempts)


def is_provisional(requester: Actor) -> bool:
    """A job the claim's customer asked for runs the provisional path."""
    return requester.role is not None and requester.role.value == "customer"


def after_assessment(
    session: Session, *, claim_id: uuid.UUID, confidence_threshold: float, rule_set: RuleSet = CURRENT
) -> StraightThroughDecision | None:
    """In the transaction that stored the assessment: price the provisional estimate and decide.
    Pricing that cannot be done (no priceable finding) leaves the claim to the adjuster: the
    findings stay stored, nothing else is written."""
    claim = claims_repository.get(session, claim_id=claim_id, for_update=True)
    if claim is None or claim.state is not ClaimState.UNDER_REVIEW:
        return None
    catalog = catalogs.active_catalog(session)
    try:
        with session.begin_nested():
            try:
                row, estimate = estimates.price_claim(
                    session, claim=claim, actor=PIPELINE, estimate_create=EstimateCreate(), catalog=catalog
                )
            except InvalidPricingInput:  # no vehicle class documented yet: priced as assumed, and said so
                assumed = EstimateCreate(vehicle=VehicleIn(vehicle_class=ASSUMED_VEHICLE))
                row, estimate = estimates.price_claim(
                    session, claim=claim, actor=PIPELINE, estimate_create=assumed, catalog=catalog
                )
                row.assumptions = [
                    *(row.assumptions or []),
                    f"provisional: no confirmed vehicle licence; priced as {ASSUMED_VEHICLE.value}",
                ]
    except InvalidPricingInput as exc:
        log.info("provisional.not_priced", claim_id=str(claim.id), error_type=type(exc).__name__)
        return None
    threshold = Decimal(str(confidence_threshold))
    return decide(session, claim=claim, row=row, estimate=estimate, threshold=threshold, rule_set=rule_set)


def evidence_of(
    session: Session, *, claim: Claim, row: EstimateVersion, estimate: Estimate, threshold: Decimal
) -> CaseEvidence:
    """What the rules read, from the stored estimate, its assessment and the claim's fraud flags."""
    assessment = estimates_repository.latest_assessment(session, claim_id=claim.id)
    quality: dict[str, list[object]] = json.loads(assessment.quality_json) if assessment is not None else {}
    return CaseEvidence(
        tier=estimate.tier.value,
        net_repair_cost=estimate.net_repair_cost.quantized().amount,
        currency=estimate.currency,
        complete=estimate.complete,
        line_confidences=tuple(line.evidence.confidence for line in estimate.lines),
        confidence_threshold=threshold,
        photos_with_quality_flags=sum(1 for flags in quality.values() if flags),
        fraud_flags=len(fraud_repository.flags_for(session, claim_id=claim.id)),
    )


def decide(
    session: Session,
    *,
    claim: Claim,
    row: EstimateVersion,
    estimate: Estimate,
    threshold: Decimal,
    rule_set: RuleSet = CURRENT,
) -> StraightThroughDecision:
    """Evaluate the rule set on one estimate version, store the decision and approve the version
    when every rule passed (through ``estimates.approve``, as the rule set). Once per version:
    a version decided before answers its stored decision. The caller holds the claim's lock."""
    existing = repository.for_version(session, claim_id=claim.id, version=row.version)
    if existing is not None:
        return existing
    decision = evaluate(evidence_of(session, claim=claim, row=row, estimate=estimate, threshold=threshold), rule_set)
    record = StraightThroughDecision(
        claim_id=claim.id,
        estimate_version=row.version,
        rule_set=decision.rule_set,
        outcome=Outcome.APPROVED if decision.approved else Outcome.REFERRED,
        rules=[
            {"rule": o.rule, "passed": o.passed, "detail": o.detail, "reason_zh": o.reason_zh, "reason_en": o.reason_en}
            for o in decision.outcomes
        ],
    )
    session.add(record)
    session.flush()
    if decision.approved:
        estimates.approve(session, claim=claim, version=row.version, actor=rule_set_actor(decision), rule_set=decision)
    log.info(
        "straight_through.decided",
        claim_id=str(claim.id),
        version=row.version,
        rule_set=decision.rule_set,
        outcome=record.outcome.value,
        failed=[o.rule for o in decision.failed],
    )
    return record


def rule_set_actor(decision: Decision) -> Actor:
    """The approver of a straight-through approval: the rule set, by its version."""
    return Actor.system(decision.rule_set)


@dataclass(frozen=True)
class DecisionView:
    decision: StraightThroughDecision
    assessment_due_at: datetime
    tier: str


def latest_decision(session: Session, *, claim: Claim) -> DecisionView:
    """The claim's latest decision, with the published deadline an adjuster works to."""
    found = repository.latest(session, claim_id=claim.id)
    if found is None:
        raise NoDecision("No provisional estimate has been decided for this claim yet.")
    return DecisionView(found, claim.assessment_due_at, claim.tier.value)
