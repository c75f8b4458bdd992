"""The recommended resolution (DOMAIN.md §4 tiers) and the compensation authority check.

- minor (e.g. timing): speed up payment by 1–2 days, or a small voucher;
- moderate (an amount dispute within standard): negotiated compensation within a range drawn
  from the negotiable part of the gap (hours, rates, part prices, quantities — not the
  contractual deductible, salvage or the policy's price type);
- severe (bad service, repeated unresolved complaints): the supervisor steps in.

A large gap also recommends an independent third-party re-assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from api.auth.roles import Role
from api.disputes.analysis import Analysis, Flag, GapCause
from api.disputes.classify import Cause, Classification
from api.disputes.config import DisputeSettings
from api.reasons import Reason, TextCode
from pricing import Money


class Tier(StrEnum):
    MINOR = "minor"
    MODERATE = "moderate"
    SEVERE = "severe"


class Remedy(StrEnum):
    SPEED_UP_PAYMENT = "speed_up_payment"
    VOUCHER = "voucher"
    NEGOTIATED_COMPENSATION = "negotiated_compensation"
    PAY_DIFFERENCE = "pay_difference"
    FEE_REDUCTION = "fee_reduction"
    EXPLAIN_WITH_EVIDENCE = "explain_with_evidence"
    THIRD_PARTY_REASSESSMENT = "third_party_reassessment"
    FRAUD_REVIEW = "fraud_review"
    SUPERVISOR_INTERVENTION = "supervisor_intervention"
    SPECIAL_REMEDY = "special_remedy"


NEGOTIABLE: Final = frozenset({GapCause.LABOUR_HOURS, GapCause.LABOUR_RATE, GapCause.PART_PRICE, GapCause.QUANTITY})
DOUBTFUL: Final = frozenset({Flag.ABOVE_MARKET, Flag.UNRECOGNISED_ITEM})


@dataclass(frozen=True, slots=True)
class Recommendation:
    tier: Tier
    remedies: tuple[Remedy, ...]
    compensation_low: Money
    compensation_high: Money
    reassessment: bool
    reasons: tuple[Reason, ...]  # codes with parameters, rendered where shown (api.reasons)


def negotiable_gap(analysis: Analysis) -> Money:
    """Positive gap on lines the customer may reasonably dispute (not flagged doubtful)."""
    zero = Money.zero(analysis.estimate.currency)
    amounts = [
        c.amount
        for x in analysis.comparisons
        if not (x.flags & DOUBTFUL)
        for c in x.components
        if c.cause in NEGOTIABLE and c.amount.amount > 0
    ]
    return Money.total(amounts, zero.currency).quantized()


def needs_reassessment(analysis: Analysis, settings: DisputeSettings) -> bool:
    gap = abs(analysis.gap.amount)
    ratio = analysis.gap_ratio
    by_ratio = ratio is not None and abs(ratio) >= settings.reassessment_gap_ratio
    return gap >= settings.reassessment_gap_amount or by_ratio


def recommend(
    *,
    cause: Cause | None,
    classification: Classification | None,
    analysis: Analysis | None,
    prior_unresolved: int,
    settings: DisputeSettings,
    currency: str = "CNY",
) -> Recommendation:
    """Tier, remedies and a compensation range for one complaint."""
    zero = Money.zero(currency)
    reasons: list[Reason] = []
    remedies: list[Remedy] = []
    low = high = zero
    reassess = False
    service_score = classification.scores[Cause.COMMUNICATION] if classification else Decimal(0)
    if prior_unresolved >= settings.severe_repeat_count:
        tier = Tier.SEVERE
        reasons.append(Reason(TextCode.PRIOR_UNRESOLVED, {"count": prior_unresolved}))
    elif cause is Cause.COMMUNICATION and service_score >= settings.severe_service_score:
        tier = Tier.SEVERE
        reasons.append(Reason(TextCode.SERVICE_KEYWORDS, {"score": str(service_score)}))
    elif cause is Cause.AMOUNT:
        tier = Tier.MODERATE
        reasons.append(Reason(TextCode.AMOUNT_DISPUTE))
    else:
        tier = Tier.MINOR
        reasons.append(Reason(TextCode.NO_REPEATED_ESCALATION, {"cause": cause.value if cause else "unclassified"}))
    if tier is Tier.SEVERE:
        remedies += [Remedy.SUPERVISOR_INTERVENTION, Remedy.SPECIAL_REMEDY]
    if tier is Tier.MINOR:
        remedies += [Remedy.SPEED_UP_PAYMENT, Remedy.VOUCHER]
        low = high = Money.of(settings.voucher_amount, currency)
        reasons.append(Reason(TextCode.SPEED_UP_OR_VOUCHER, {"days": settings.speed_up_days, "voucher": str(high)}))
    if analysis is not None:
        negotiable = negotiable_gap(analysis)
        high = min(negotiable, Money.of(settings.moderate_cap, currency)).quantized()
        low = (high * settings.negotiation_share).quantized()
        if negotiable.amount > 0:
            remedies.append(Remedy.NEGOTIATED_COMPENSATION)
            reasons.append(Reason(TextCode.NEGOTIABLE_PART, {"amount": str(negotiable)}))
        remedies.append(Remedy.EXPLAIN_WITH_EVIDENCE)
        reassess = needs_reassessment(analysis, settings)
        if reassess:
            remedies.append(Remedy.THIRD_PARTY_REASSESSMENT)
            reasons.append(Reason(TextCode.GAP_LARGE, {"gap": str(analysis.gap)}))
        if Flag.REPEATED_OTHER_CLAIM in analysis.flags:
            remedies.append(Remedy.FRAUD_REVIEW)
            reasons.append(Reason(TextCode.SAME_MATERIAL_ELSEWHERE))
    elif tier is Tier.MODERATE:
        remedies.append(Remedy.EXPLAIN_WITH_EVIDENCE)
        reasons.append(Reason(TextCode.NO_FIGURE_YET))
    return Recommendation(tier, tuple(dict.fromkeys(remedies)), low, high, reassess, tuple(reasons))


@dataclass(frozen=True, slots=True)
class AuthorityCheck:
    """May ``role`` grant ``amount`` alone? ``limit`` None: no limit."""

    within: bool
    limit: Decimal | None


def check_authority(role: Role, amount: Money, settings: DisputeSettings) -> AuthorityCheck:
    """Within authority when the amount does not exceed the role's limit.

    >>> check_authority(Role.COMPLAINT_HANDLER, Money.of("500.00"), DisputeSettings()).within
    True
    >>> check_authority(Role.COMPLAINT_HANDLER, Money.of("500.01"), DisputeSettings()).within
    False
    """
    if amount.amount < 0:
        raise ValueError("compensation cannot be negative")
    limit = settings.limit_for(role)
    return AuthorityCheck(limit is None or amount.amount <= limit, limit)
