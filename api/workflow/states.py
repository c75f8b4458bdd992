"""The claim workflow as data: states, the one transition table, customer-visible statuses.

``transition()`` in :mod:`api.workflow.service` is the only code that moves a claim; it reads
``TRANSITIONS`` to decide whether a move is legal and who may make it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from api.auth.roles import Role


class ClaimState(StrEnum):
    SUBMITTED = "submitted"  # customer reported, documents and photos coming in
    ASSESSING = "assessing"  # automatic damage assessment running
    UNDER_REVIEW = "under_review"  # an adjuster reviews the (AI) estimate
    ASSESSED = "assessed"  # estimate approved: 定损完成
    AWAITING_PAYMENT = "awaiting_payment"  # customer accepted; payment queued
    CLOSED = "closed"  # paid (or settled): 已结案
    DISPUTED = "disputed"  # customer contests the assessment
    REOPENED = "reopened"  # a closed claim taken up again (complaint, new damage)


class CaseTier(StrEnum):
    SIMPLE = "simple"  # 简易案件
    NORMAL = "normal"  # 普通案件
    COMPLEX = "complex"  # 复杂案件


class CustomerStatus(StrEnum):
    DOCUMENTS_SUBMITTED = "documents_submitted"
    ASSESSMENT_DONE = "assessment_done"
    AWAITING_PAYMENT = "awaiting_payment"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return CUSTOMER_STATUS_LABELS[self]


CUSTOMER_STATUS_LABELS: Mapping[CustomerStatus, str] = {
    CustomerStatus.DOCUMENTS_SUBMITTED: "已提交资料",
    CustomerStatus.ASSESSMENT_DONE: "定损完成",
    CustomerStatus.AWAITING_PAYMENT: "待支付",
    CustomerStatus.CLOSED: "已结案",
}

# What the customer sees for each internal state.
CUSTOMER_STATUS: Mapping[ClaimState, CustomerStatus] = {
    ClaimState.SUBMITTED: CustomerStatus.DOCUMENTS_SUBMITTED,
    ClaimState.ASSESSING: CustomerStatus.DOCUMENTS_SUBMITTED,
    ClaimState.UNDER_REVIEW: CustomerStatus.DOCUMENTS_SUBMITTED,
    ClaimState.REOPENED: CustomerStatus.DOCUMENTS_SUBMITTED,
    ClaimState.ASSESSED: CustomerStatus.ASSESSMENT_DONE,
    ClaimState.DISPUTED: CustomerStatus.ASSESSMENT_DONE,
    ClaimState.AWAITING_PAYMENT: CustomerStatus.AWAITING_PAYMENT,
    ClaimState.CLOSED: CustomerStatus.CLOSED,
}

# States in which the assessment deadline runs, and in which the payment deadline runs.
BEFORE_ASSESSMENT = frozenset(
    {ClaimState.SUBMITTED, ClaimState.ASSESSING, ClaimState.UNDER_REVIEW, ClaimState.REOPENED}
)
BEFORE_PAYMENT = frozenset(set(ClaimState) - {ClaimState.CLOSED})


class AuditAction(StrEnum):
    CREATED = "created"
    TRANSITION = "transition"
    ESCALATED = "escalated"
    PHOTO_ADDED = "photo_added"
    PHOTO_REMOVED = "photo_removed"
    DOCUMENT_ADDED = "document_added"
    FRAUD_FLAGGED = "fraud_flagged"
    DEADLINE_MOVED = "deadline_moved"  # a complaint decision sped up the payment
    ASSIGNED = "assigned"  # the claim given to an adjuster (or released: no assignee)
    DOCUMENTS_REQUESTED = "documents_requested"  # the one notice listing what is missing (reason: the list)
    TRAINING_CONSENT_GIVEN = "training_consent_given"  # the customer allowed the photos for training
    TRAINING_CONSENT_WITHDRAWN = "training_consent_withdrawn"  # ... and took it back (exports leave the claim out)
    SURVEY_FOLLOW_UP_CLOSED = "survey_follow_up_closed"  # a low survey score followed up (the record: its row)


class Gate(StrEnum):
    """A business operation that alone may make a move (STYLE 19): the generic transition
    route refuses a gated move and names the operation to use instead."""

    ESTIMATE_APPROVAL = "estimate-approval"
    COMPLAINT_DECISION = "complaint-decision"
    ESTIMATE_SIGNATURE = "estimate-signature"
    PAYMENT = "payment"
    DISPUTE = "dispute"

    @property
    def operation(self) -> str:
        return GATE_OPERATIONS[self]


GATE_OPERATIONS: Mapping[Gate, str] = {
    Gate.ESTIMATE_APPROVAL: "POST /claims/{claim_id}/estimates/{version}/approve (approval within authority)",
    Gate.COMPLAINT_DECISION: "POST /complaints/{complaint_id}/decision (a supervisor's "
    "POST /complaints/{complaint_id}/approve above the decider's authority)",
    Gate.ESTIMATE_SIGNATURE: "POST /claims/{claim_id}/estimates/{version}/signature (the customer signs the "
    "approved version with a one-time code from POST /claims/{claim_id}/estimates/{version}/signing-code)",
    Gate.PAYMENT: "POST /claims/{claim_id}/payment/paid (a supervisor or admin records the transfer)",
    Gate.DISPUTE: "POST /claims/{claim_id}/dispute (files the complaint the desk decides; the claim becomes disputed)",
}


@dataclass(frozen=True)
class Move:
    """Who may make one move. ``system`` moves are made by the service itself (the assessment
    pipeline, the scheduler). ``tier_limits`` narrows a role to some case tiers. A ``gate``
    move is made only by that operation; ``needs_approved_estimate`` moves only once the
    claim's latest estimate version is approved."""

    roles: frozenset[Role]
    system: bool = False
    tier_limits: Mapping[Role, frozenset[CaseTier]] = field(default_factory=dict)
    owner_may: bool = False  # the claim's own customer may make this move
    gate: Gate | None = None
    needs_approved_estimate: bool = False


_ADJ = frozenset({Role.JUNIOR_ADJUSTER, Role.SENIOR_ADJUSTER, Role.SUPERVISOR})
_SENIOR = frozenset({Role.SENIOR_ADJUSTER, Role.SUPERVISOR})
_DISPUTE_DESK = frozenset({Role.COMPLAINT_HANDLER, Role.SUPERVISOR})
_PAYERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
_JUNIOR_SIMPLE_ONLY = {Role.JUNIOR_ADJUSTER: frozenset({CaseTier.SIMPLE})}

S = ClaimState
TRANSITIONS: Mapping[tuple[ClaimState, ClaimState], Move] = {
    (S.SUBMITTED, S.ASSESSING): Move(roles=_ADJ, system=True),
    (S.SUBMITTED, S.UNDER_REVIEW): Move(roles=_ADJ, system=True),
    (S.ASSESSING, S.UNDER_REVIEW): Move(roles=_ADJ, system=True),
    (S.ASSESSING, S.SUBMITTED): Move(roles=_ADJ, system=True),  # assessment failed; retry
    # Approving an estimate: junior adjusters only on simple cases (DOMAIN.md §3), and only
    # through the approval, which checks the amount against the approver's authority.
    # The service itself (system) approves only through the same approval, with a straight-through
    # rule set whose every rule passed (api.straight_through).
    (S.UNDER_REVIEW, S.ASSESSED): Move(
        roles=_ADJ, system=True, tier_limits=_JUNIOR_SIMPLE_ONLY, gate=Gate.ESTIMATE_APPROVAL
    ),
    (S.UNDER_REVIEW, S.SUBMITTED): Move(roles=_ADJ),  # more material needed
    (S.ASSESSED, S.UNDER_REVIEW): Move(roles=_SENIOR),  # approval withdrawn
    # The estimate accepted: only by the customer's signature of the approved version.
    (S.ASSESSED, S.AWAITING_PAYMENT): Move(
        roles=frozenset(), owner_may=True, needs_approved_estimate=True, gate=Gate.ESTIMATE_SIGNATURE
    ),
    (S.ASSESSED, S.DISPUTED): Move(roles=_DISPUTE_DESK, owner_may=True, gate=Gate.DISPUTE),
    (S.AWAITING_PAYMENT, S.DISPUTED): Move(roles=_DISPUTE_DESK, owner_may=True, gate=Gate.DISPUTE),
    # Paid: only by recording the payment, by the roles that pay.
    (S.AWAITING_PAYMENT, S.CLOSED): Move(roles=_PAYERS, gate=Gate.PAYMENT),
    # A complaint decision settles the dispute (payment) or orders a re-assessment (review).
    (S.DISPUTED, S.UNDER_REVIEW): Move(roles=_DISPUTE_DESK | _SENIOR, gate=Gate.COMPLAINT_DECISION),
    (S.DISPUTED, S.AWAITING_PAYMENT): Move(roles=_DISPUTE_DESK | _SENIOR, gate=Gate.COMPLAINT_DECISION),
    (S.CLOSED, S.REOPENED): Move(roles=_DISPUTE_DESK),
    (S.REOPENED, S.UNDER_REVIEW): Move(roles=_ADJ),
}
del S


def allowed_targets(state: ClaimState) -> list[ClaimState]:
    return [to for (frm, to) in TRANSITIONS if frm == state]
