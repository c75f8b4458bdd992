"""An approved decision reaches the money and the customer (issue 14, item 2). Within the
decider's authority at once, above it when a supervisor approves: the compensation becomes a
payment adjustment or an estimate revision citing the complaint, a speed-up moves the claim's
payment deadline, a voucher is issued to the customer, a re-assessment is ordered (its result,
recorded later, yields a new estimate version). Each thing done is one ``ComplaintOutcome``
row; the disputed claim moves on only here (the complaint-decision gate)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims import repository as claims_repository
from api.db.models import Claim, User
from api.disputes import repository
from api.disputes.errors import IllegalComplaintMove, InvalidDecision
from api.disputes.models import Complaint, ComplaintDecision, ComplaintOutcome
from api.disputes.recommend import Remedy
from api.disputes.service import record
from api.disputes.states import ComplaintAction, Delivery, OutcomeKind, Reassessor
from api.disputes.wording import ensure_neutral
from api.estimates import repository as estimates_repository
from api.estimates import service as estimates
from api.estimates.schemas import AddLineIn, EstimateRevisionCreate
from api.reasons import Reason, TextCode
from api.schemas import Money as MoneyIn
from api.workflow import service as workflow
from api.workflow.states import AuditAction, ClaimState, Gate
from pricing import LineKind, Money, ReasonCode

REASSESSMENT_ROLES = (Role.SENIOR_ADJUSTER, Role.SUPERVISOR)  # desk roles that may revise an estimate
MAX_SPEED_UP_DAYS = 2  # DOMAIN.md §4.3: minor complaints, payment sped up by 1–2 days
COMPENSATION = frozenset({Remedy.NEGOTIATED_COMPENSATION, Remedy.PAY_DIFFERENCE, Remedy.FEE_REDUCTION})


@dataclass(frozen=True, slots=True)
class DecisionPlan:
    """How a decision is to be carried out, checked before anything is recorded."""

    delivery: Delivery | None = None
    speed_up_days: int | None = None
    voucher_type: str | None = None
    voucher_value: Decimal | None = None
    reassessment_by: Reassessor | None = None

    @classmethod
    def of(
        cls,
        *,
        remedies: Sequence[Remedy],
        compensation: Money,
        delivery: Delivery | None = None,
        speed_up_days: int | None = None,
        voucher_type: str | None = None,
        voucher_value: Decimal | None = None,
        reassessment_by: Reassessor | None = None,
    ) -> DecisionPlan:
        """The plan, with its defaults: compensation is paid as a payment adjustment unless an
        estimate revision is asked for; a third-party re-assessment remedy orders one."""
        wanted = set(remedies)
        if compensation.amount > 0:
            delivery = delivery or Delivery.PAYMENT_ADJUSTMENT
        elif delivery is not None:
            raise InvalidDecision("A delivery is chosen for a compensation above zero.")
        if (Remedy.SPEED_UP_PAYMENT in wanted) != (speed_up_days is not None):
            raise InvalidDecision("The speed-up remedy and its days (1 or 2) go together.")
        if speed_up_days is not None and not 1 <= speed_up_days <= MAX_SPEED_UP_DAYS:
            raise InvalidDecision(f"Payment is sped up by 1 to {MAX_SPEED_UP_DAYS} days.")
        has_voucher = bool(voucher_type and voucher_type.strip()) and voucher_value is not None
        if (Remedy.VOUCHER in wanted) != has_voucher:
            raise InvalidDecision("The voucher remedy and the voucher's type and value go together.")
        if voucher_value is not None and (
            voucher_value <= 0 or voucher_value != voucher_value.quantize(Decimal("0.01"))
        ):
            raise InvalidDecision("A voucher's value is above zero, with at most 2 decimals.")
        if Remedy.THIRD_PARTY_REASSESSMENT in wanted and reassessment_by is None:
            reassessment_by = Reassessor.THIRD_PARTY
        return cls(
            delivery, speed_up_days, voucher_type.strip() if has_voucher and voucher_type else None,
            voucher_value if has_voucher else None, reassessment_by,
        )  # fmt: skip

    def value(self, compensation: Money) -> Money:
        """What the decision gives in money — compensation and voucher — checked against authority."""
        return compensation + Money.of(self.voucher_value or Decimal(0), compensation.currency)

    def apply(self, decision: ComplaintDecision) -> None:
        decision.delivery = self.delivery
        decision.speed_up_days = self.speed_up_days
        decision.voucher_type = self.voucher_type
        decision.voucher_value = self.voucher_value
        decision.reassessment_by = self.reassessment_by


def _outcome(
    session: Session,
    *,
    complaint: Complaint,
    decision: ComplaintDecision,
    actor: Actor,
    kind: OutcomeKind,
    now: datetime,
    **fields: object,
) -> ComplaintOutcome:
    row = ComplaintOutcome(
        id=uuid.uuid4(),
        complaint_id=complaint.id,
        decision_id=decision.id,
        claim_id=complaint.claim_id,
        customer_id=complaint.customer_id,
        kind=kind,
        note=str(fields.pop("note", "")),
        created_by_id=actor.user_id,
        created_by_role=actor.role,
        created_at=now,
        **fields,
    )
    session.add(row)
    return row


def _revise_for(
    session: Session, *, claim: Claim, complaint: Complaint, actor: Actor, amount: Money, reason: ReasonCode, note: str
) -> int:
    """A new estimate version with one adjustment line citing the complaint (``revise``: the
    estimate's own rules — an editing role, the latest version of a claim under review)."""
    latest = estimates.latest_version_number(session, claim=claim)
    line = AddLineIn(
        line_id=f"complaint.{complaint.id.hex[:8]}.{latest + 1}",
        kind=LineKind.MATERIALS,  # adjustment lines are derived (salvage, multi-panel); this is a charge
        description_zh=f"投诉处理调整（投诉 {complaint.id.hex[:8]}）",
        description_en=f"complaint adjustment (complaint {complaint.id.hex[:8]})",
        amount=MoneyIn(amount=amount.amount, currency=amount.currency),
        reason=reason,
        note=note,
    )
    revision = EstimateRevisionCreate(additions=[line], note=f"complaint {complaint.id}: {note}"[:2000])
    row, _ = estimates.revise(session, claim=claim, version=latest, actor=actor, revision=revision)
    return row.version


def _move_deadline(session: Session, *, claim: Claim, days: int, actor: Actor, now: datetime, why: Reason) -> datetime:
    before = claim.payment_due_at
    if before is None:
        raise IllegalComplaintMove("This claim is paid in stages (complex case): there is no payment deadline to move.")
    after = max(now, before - timedelta(days=days))
    claim.payment_due_at = after
    workflow.record(
        session,
        claim=claim,
        action=AuditAction.DEADLINE_MOVED,
        actor=actor,
        at=now,
        reason=Reason(
            TextCode.PAYMENT_DEADLINE_MOVED, {"before": before.isoformat(), "after": after.isoformat(), **why.params}
        ),
    )
    return before


def deliver(
    session: Session, *, complaint: Complaint, decision: ComplaintDecision, actor: Actor, now: datetime
) -> None:
    """Carry out an approved decision (see the module docstring). The caller holds the claim's
    row lock (``lock_for_decision``); anything refused rolls the whole decision back."""
    claim = claims_repository.get(session, claim_id=complaint.claim_id, for_update=True)
    assert claim is not None
    amount = Money.of(decision.compensation, decision.currency)
    review = decision.reassessment_by is not None or decision.delivery is Delivery.ESTIMATE_REVISION
    why = Reason(TextCode.COMPLAINT_DECIDED, {"complaint_id": str(complaint.id), "verdict": decision.verdict.value})
    if claim.state is ClaimState.DISPUTED:
        workflow.transition(
            session,
            claim=claim,
            to=ClaimState.UNDER_REVIEW if review else ClaimState.AWAITING_PAYMENT,
            actor=actor,
            reason=replace(why, code=TextCode.COMPLAINT_DECIDED_REASSESSMENT) if decision.reassessment_by else why,
            gate=Gate.COMPLAINT_DECISION,
        )

    def add(kind: OutcomeKind, **fields: object) -> None:
        _outcome(
            session, complaint=complaint, decision=decision, actor=actor, kind=kind, now=now, note=why.text(), **fields
        )

    if amount.amount > 0 and decision.delivery is Delivery.ESTIMATE_REVISION:
        version = _revise_for(
            session, claim=claim, complaint=complaint, actor=actor, amount=amount,
            reason=ReasonCode.PRICE_CORRECTION, note=decision.reason,
        )  # fmt: skip
        add(OutcomeKind.ESTIMATE_REVISION, amount=amount.amount, currency=amount.currency, estimate_version=version)
    elif amount.amount > 0:
        add(OutcomeKind.PAYMENT_ADJUSTMENT, amount=amount.amount, currency=amount.currency)
    if decision.speed_up_days:
        before = _move_deadline(session, claim=claim, days=decision.speed_up_days, actor=actor, now=now, why=why)
        add(OutcomeKind.DEADLINE_MOVED, deadline_before=before, deadline_after=claim.payment_due_at)
    if decision.voucher_type and decision.voucher_value is not None:
        add(
            OutcomeKind.VOUCHER_ISSUED,
            voucher_type=decision.voucher_type,
            amount=decision.voucher_value,
            currency=decision.currency,
        )
    if decision.reassessment_by is not None:
        add(OutcomeKind.REASSESSMENT_ORDERED, reassessor=decision.reassessment_by)
    decision.delivered_at = now
    record(
        session, complaint=complaint, action=ComplaintAction.DELIVERED, actor=actor, at=now, reason=why,
        details={"decision_id": str(decision.id), "claim_state": claim.state.value},
    )  # fmt: skip


def open_reassessment(complaint: Complaint) -> ComplaintOutcome | None:
    """The re-assessment ordered on this complaint whose result is not recorded yet."""
    pending: ComplaintOutcome | None = None
    for row in complaint.outcomes:
        if row.kind is OutcomeKind.REASSESSMENT_ORDERED:
            pending = row
        elif row.kind is OutcomeKind.REASSESSMENT_RECORDED:
            pending = None
    return pending


def record_reassessment(
    session: Session,
    *,
    complaint: Complaint,
    user: User,
    assessor: str,
    result: str,
    revision: EstimateRevisionCreate,
    now: datetime,
) -> ComplaintOutcome:
    """The re-assessment's result: the estimate revised as it found (a new version, through the
    estimate's own ``revise``; an adjuster approves it as usual) and recorded on the complaint."""
    ordered = open_reassessment(complaint)
    if ordered is None:
        raise IllegalComplaintMove("No re-assessment is waiting for its result on this complaint.")
    ensure_neutral(assessor=assessor, result=result)  # the customer reads both in the outcome's note
    claim = claims_repository.get(session, claim_id=complaint.claim_id, for_update=True)
    assert claim is not None
    actor = Actor.of(user)
    latest = estimates.latest_version_number(session, claim=claim)
    cited = revision.model_copy(update={"note": f"complaint {complaint.id} re-assessment: {revision.note}"[:2000]})
    row, _ = estimates.revise(session, claim=claim, version=latest, actor=actor, revision=cited)
    decision = session.get(ComplaintDecision, ordered.decision_id)
    assert decision is not None
    outcome = _outcome(
        session, complaint=complaint, decision=decision, actor=actor, now=now,
        kind=OutcomeKind.REASSESSMENT_RECORDED, reassessor=ordered.reassessor, estimate_version=row.version,
        note=f"{assessor}: {result}"[:4000],
    )  # fmt: skip
    record(
        session, complaint=complaint, action=ComplaintAction.REASSESSMENT_RECORDED, actor=actor, at=now,
        reason=result, details={"estimate_version": row.version, "assessor": assessor},
    )  # fmt: skip
    session.expire(complaint, ["outcomes"])
    return outcome


@dataclass(frozen=True, slots=True)
class Payable:
    """What the customer is to be paid: the latest approved estimate's payable plus the payment
    adjustments complaint decisions added."""

    estimate_version: int | None
    estimate_payable: Money
    adjustments: Money
    total: Money


def payable(session: Session, *, claim: Claim) -> Payable:
    zero = Money.of(Decimal(0), claim.currency)
    approved = [v for v in estimates_repository.versions(session, claim_id=claim.id) if v.approved_at is not None]
    base = Money.of(approved[-1].payable, claim.currency) if approved else zero
    adjustments = zero
    for row in repository.payment_adjustments(session, claim_id=claim.id):
        adjustments = adjustments + Money.of(row.amount or Decimal(0), row.currency or claim.currency)
    return Payable(approved[-1].version if approved else None, base, adjustments, base + adjustments)
