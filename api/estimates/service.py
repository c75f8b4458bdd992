"""Price a claim's latest assessment, revise and approve estimate versions, gather a report.

A stored version never changes: re-pricing and adjusters' edits add version n+1 (with the
per-line diff the pricing engine computes); approval is recorded beside the version and moves
the claim under_review → assessed through the workflow's one ``transition``.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from functools import cache

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.catalogs import service as catalogs
from api.db.base import utcnow
from api.db.models import Claim
from api.db.models.assessment import Finding as FindingRow
from api.db.models.estimate import EstimateVersion
from api.disputes.wording import ensure_neutral
from api.documents import claim_facts
from api.estimates import repository
from api.estimates.errors import (
    AlreadyApproved,
    ApprovalRefused,
    EstimateClosed,
    EstimateIncomplete,
    InvalidPricingInput,
    InvalidRevision,
    NoEstimate,
    NothingToPrice,
    NotPriceable,
)
from api.estimates.schemas import EstimateCreate, EstimateRevisionCreate
from api.reasons import Reason, TextCode
from api.workflow import service as workflow
from api.workflow.states import ClaimState, Gate
from pricing import (
    DEFAULT_LIMITS,
    AddLine,
    ApprovalLimits,
    CaseFacts,
    CaseTier,
    DamageType,
    Estimate,
    Finding,
    InMemoryCatalog,
    LineEdit,
    Money,
    PartCode,
    PartsCatalog,
    PolicyTerms,
    PricingError,
    ReasonCode,
    Role,
    Rules,
    Severity,
    build_estimate,
    can_approve,
    from_jsonable,
    load_sample_catalog,
    revise_estimate,
    to_jsonable,
)
from pricing.explain import money_text
from pricing.history import Revision
from pricing.operations import PartOperation, apply_operations, diffs_between, rebuild
from pricing.straight_through import Decision

log = structlog.get_logger(__name__)

# Pricing and editing happen while an adjuster reviews the claim; approval ends it.
OPEN_STATES = frozenset({ClaimState.UNDER_REVIEW})
DEFAULT_SEVERITY = Severity.MODERATE


@cache
def default_catalog() -> InMemoryCatalog:
    """The shipped SAMPLE price list, parsed once per process."""
    return load_sample_catalog()


DEFAULT_PRICING_RULES = Rules()


def findings_for_pricing(rows: Sequence[FindingRow]) -> tuple[list[Finding], list[str]]:
    """Assessment rows → pricing findings, and the assumptions made on the way (said to staff).

    A part the parts table does not know goes to the adjuster as ``unknown``; a missing severity
    grade is priced as moderate; a damage class the pricing engine does not know is left out.
    """
    findings: list[Finding] = []
    assumptions: list[str] = []
    ungraded = 0
    for row in rows:
        if row.rejected:
            continue
        if row.damage_type not in DamageType._value2member_map_:
            assumptions.append(f"finding {row.id}: damage type '{row.damage_type}' is not priced; left out")
            continue
        part = row.part if row.part in PartCode._value2member_map_ else "unknown"
        if part == "unknown" and row.part != "unknown":
            assumptions.append(f"finding {row.id}: part '{row.part}' is not in the parts table; left to the adjuster")
        severity = row.severity if row.severity in Severity._value2member_map_ else None
        if severity is None:
            ungraded += 1
        findings.append(
            Finding(
                str(row.id),
                part,
                row.damage_type,
                severity or DEFAULT_SEVERITY,
                photo_ids=(str(row.photo_id),),
                confidence=float(row.confidence),
            )
        )
    if ungraded:
        assumptions.append(
            f"{ungraded} finding(s) had no severity grade and were priced as {DEFAULT_SEVERITY.value}; check the photos"
        )
    return findings, assumptions


def load(row: EstimateVersion) -> Estimate:
    """The stored version as a pricing ``Estimate`` (ready for ``revise_estimate``)."""
    return from_jsonable(Estimate, row.body)


def _store(
    session: Session,
    *,
    claim: Claim,
    estimate: Estimate,
    actor: Actor,
    parent_version: int | None,
    assessment_id: uuid.UUID | None,
    assumptions: Sequence[str],
) -> EstimateVersion:
    body = to_jsonable(estimate)
    assert isinstance(body, dict)
    row = EstimateVersion(
        claim_id=claim.id,
        version=estimate.version,
        parent_version=parent_version,
        assessment_id=assessment_id,
        created_by=actor.user_id,
        created_by_role=actor.role,
        catalog_version=estimate.catalog_version,
        rules_version=estimate.rules_version,
        currency=estimate.currency,
        net_repair_cost=estimate.net_repair_cost.quantized().amount,
        payable=estimate.settlement.payable.quantized().amount,
        tier=estimate.tier.value,
        complete=estimate.complete,
        body=body,
        assumptions=list(assumptions),
    )
    return repository.add(session, row)


def price_claim(
    session: Session,
    *,
    claim: Claim,
    actor: Actor,
    estimate_create: EstimateCreate,
    catalog: PartsCatalog,
    rules: Rules = DEFAULT_PRICING_RULES,
) -> tuple[EstimateVersion, Estimate]:
    """Price the claim's latest assessment: version 1, or n+1 when the claim was priced before."""
    if claim.state not in OPEN_STATES:
        raise NotPriceable(f"A claim that is '{claim.state}' cannot be priced; it must be under review.")
    assessment = repository.latest_assessment(session, claim_id=claim.id)
    if assessment is None:
        raise NothingToPrice("This claim has no assessment yet: run POST /claims/{id}/assessments first.")
    findings, assumptions = findings_for_pricing(repository.findings_of(session, assessment_id=assessment.id))
    body = estimate_create
    documented = claim_facts.confirmed_facts(session, claim_id=claim.id)
    try:
        filled = claim_facts.pricing_inputs(
            documented, vehicle=body.vehicle, policy_terms=body.policy_terms, currency=claim.currency
        )
        assumptions += filled.notes
        terms = PolicyTerms(
            fault_deductible_rate=filled.fault_deductible_rate,
            absolute_deductible=filled.absolute_deductible,
            **({"clause": filled.clause} if filled.clause else {}),
            policy_number=claim.policy_number,
        )
        facts = CaseFacts(
            vehicles_involved=claim.vehicles_involved,
            third_party_assessment=claim.third_party_assessment,
            injuries=claim.injuries,
            repeated_repair=claim.repeat_repair,
            recovered_from_third_party=_money(body.recovered_from_third_party),
        )
        estimate = build_estimate(
            findings=findings,
            vehicle=filled.vehicle,
            catalog=catalog,
            rules=rules,
            region=body.region,
            policy_terms=terms,
            currency=claim.currency,
            case_facts=facts,
        )
    except (PricingError, ValueError) as exc:
        raise InvalidPricingInput(str(exc)) from exc
    previous = repository.latest(session, claim_id=claim.id)
    if previous is not None:
        estimate = dataclasses.replace(estimate, version=previous.version + 1)
    row = _store(
        session,
        claim=claim,
        estimate=estimate,
        actor=actor,
        parent_version=previous.version if previous is not None else None,
        assessment_id=assessment.id,
        assumptions=assumptions,
    )
    log.info(
        "estimate.priced",
        claim_id=str(claim.id),
        version=row.version,
        lines=len(estimate.lines),
        complete=estimate.complete,
        catalog_version=estimate.catalog_version,
    )
    return row, estimate


def _money(value: object) -> Money | None:
    if value is None:
        return None
    amount, currency = value.amount, value.currency  # type: ignore[attr-defined]
    return Money.of(amount, str(currency))


def versions(session: Session, *, claim: Claim) -> Sequence[EstimateVersion]:
    return repository.versions(session, claim_id=claim.id)


def latest_version_number(session: Session, *, claim: Claim) -> int:
    latest = repository.latest(session, claim_id=claim.id)
    return latest.version if latest is not None else 0


def get_version(session: Session, *, claim: Claim, version: int) -> tuple[EstimateVersion, Estimate]:
    row = repository.get(session, claim_id=claim.id, version=version)
    if row is None:
        raise NoEstimate(f"This claim has no estimate version {version}.")
    return row, load(row)


def check_open(session: Session, *, claim: Claim, row: EstimateVersion) -> None:
    """Only the latest version of a claim under review changes. An approved version changes
    (into n+1, approved again) once the claim is back under review: re-assessment after a
    complaint decision or an approval withdrawn for new photos."""
    latest = latest_version_number(session, claim=claim)
    reopened = claim.state in OPEN_STATES and row.version == latest
    if row.approved_at is not None and not reopened:
        raise AlreadyApproved(f"Version {row.version} was approved at {row.approved_at.isoformat()}.")
    if row.version != latest:
        raise EstimateClosed(f"Version {row.version} was superseded by version {latest}; work on the latest.")
    if claim.state not in OPEN_STATES:
        raise EstimateClosed(f"A claim that is '{claim.state}' is not under review; its estimate cannot change.")


def revise(
    session: Session,
    *,
    claim: Claim,
    version: int,
    actor: Actor,
    revision: EstimateRevisionCreate,
    catalog: PartsCatalog | None = None,
) -> tuple[EstimateVersion, Estimate]:
    """An adjuster's edits to the latest version → version n+1 with a per-line diff: line edits,
    own lines, and operations per part priced from ``catalog`` (needed when there are any)."""
    row, estimate = get_version(session, claim=claim, version=version)
    check_open(session, claim=claim, row=row)
    ensure_neutral(**revision.customer_texts())  # the customer reads the notes beside changed lines
    assert actor.role is not None
    role, actor_id = Role(actor.role.value), str(actor.user_id)
    try:
        edits = _line_edits(revision)
        base: Estimate = estimate
        reasons: dict[str, tuple[ReasonCode, str]] = {}
        if revision.operations:
            # priced from the version the estimate cites, where it is stored: one estimate, one price list
            catalog = catalogs.catalog_cited(session, estimate.catalog_version) or catalog
            if catalog is None:
                raise InvalidRevision("operations are priced from the catalog: none was given")
            ops = [
                PartOperation(o.part, o.action, o.reason, hours=o.hours, quantity=o.quantity, note=o.note)
                for o in revision.operations
            ]
            primary, reasons = apply_operations(estimate, ops, catalog)
            base = rebuild(estimate, primary)
        if edits:
            revised = revise_estimate(base, edits=edits, actor_role=role, actor_id=actor_id, note=revision.note)
        else:
            revised = dataclasses.replace(base, version=estimate.version + 1)
        if revision.operations:
            reasons.update({e.line_id: (e.reason, e.note) for e in edits})
            diffs = tuple(diffs_between(estimate.lines, revised.lines, reasons))
            revised = dataclasses.replace(
                revised, revision=Revision(estimate.version, role, actor_id, diffs, revision.note)
            )
    except (PricingError, ValueError) as exc:
        raise InvalidRevision(str(exc)) from exc
    new_row = _store(
        session,
        claim=claim,
        estimate=revised,
        actor=actor,
        parent_version=row.version,
        assessment_id=row.assessment_id,
        assumptions=row.assumptions or [],
    )
    changes = len(revised.revision.diffs) if revised.revision is not None else 0
    log.info("estimate.revised", claim_id=str(claim.id), version=new_row.version, changes=changes)
    return new_row, revised


def _line_edits(revision: EstimateRevisionCreate) -> list[LineEdit | AddLine]:
    edits: list[LineEdit | AddLine] = [
        LineEdit(e.line_id, e.reason, amount=_money(e.amount), quantity=e.quantity, remove=e.remove, note=e.note)
        for e in revision.edits
    ]
    for a in revision.additions:
        amount = _money(a.amount)
        assert amount is not None
        edits.append(
            AddLine(
                a.line_id,
                a.kind,
                a.part,
                a.action,
                a.description_zh,
                a.description_en or a.description_zh,
                amount,
                a.reason,
                quantity=a.quantity,
                note=a.note,
            )
        )
    return edits


def approve(
    session: Session,
    *,
    claim: Claim,
    version: int,
    actor: Actor,
    limits: ApprovalLimits = DEFAULT_LIMITS,
    rule_set: Decision | None = None,
) -> tuple[EstimateVersion, Estimate]:
    """Approve the latest version within the actor's authority; the claim becomes 'assessed'.
    The service itself approves only with a straight-through ``rule_set`` decision whose every
    rule passed (its amount rule is its authority); the audit event cites the rule set."""
    row, estimate = get_version(session, claim=claim, version=version)
    if row.approved_at is not None:
        raise AlreadyApproved(f"Version {row.version} was approved at {row.approved_at.isoformat()}.")
    check_open(session, claim=claim, row=row)
    if not estimate.complete:
        raise EstimateIncomplete("Some lines still need manual pricing or the adjuster's review; revise them first.")
    if actor.is_system:
        if rule_set is None or not rule_set.approved:
            raise ApprovalRefused("only a rule set whose every rule passed approves without a person")
        rules: dict[str, object] = {
            "rule_set": rule_set.rule_set,
            "rules": [o.rule for o in rule_set.outcomes],
        }
    else:
        assert actor.role is not None
        check = can_approve(Role(actor.role.value), estimate, CaseTier(claim.tier.value), limits)
        if not check:
            raise ApprovalRefused("; ".join(check.reasons), reasons=list(check.reasons))
        rules = {}
    workflow.transition(
        session,
        claim=claim,
        to=ClaimState.ASSESSED,
        actor=actor,
        reason=Reason(
            TextCode.ESTIMATE_APPROVED_BY_RULES if rules else TextCode.ESTIMATE_APPROVED,
            {
                "version": row.version,
                **rules,
                "net": money_text(estimate.net_repair_cost),
                "payable": money_text(estimate.settlement.payable),
            },
        ),
        gate=Gate.ESTIMATE_APPROVAL,
    )
    row.approved_at = utcnow()
    row.approved_by = actor.user_id
    row.approved_by_role = actor.role
    session.flush()
    log.info("estimate.approved", claim_id=str(claim.id), version=row.version, tier=estimate.tier.value)
    return row, estimate
