"""Who may approve which estimate (DOMAIN.md §3): by role, case tier and amount."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from pricing.case import CaseTier
from pricing.estimate import Estimate
from pricing.explain import money_text
from pricing.history import Role
from pricing.money import Money

_TIER_RANK: Final = {CaseTier.SIMPLE: 0, CaseTier.NORMAL: 1, CaseTier.COMPLEX: 2}


@dataclass(frozen=True, slots=True)
class RoleLimit:
    """The tiers a role may approve and the largest net repair cost (None = no limit)."""

    tiers: frozenset[CaseTier]
    max_amount: Money | None


ApprovalLimits = Mapping[Role, RoleLimit]

DEFAULT_LIMITS: Final[ApprovalLimits] = MappingProxyType(
    {
        Role.JUNIOR_ADJUSTER: RoleLimit(frozenset({CaseTier.SIMPLE}), Money.of(5000)),
        Role.SENIOR_ADJUSTER: RoleLimit(frozenset(CaseTier), Money.of(200000)),
        Role.SUPERVISOR: RoleLimit(frozenset(CaseTier), None),
    }
)
"""Sample limits: juniors approve simple cases only (DOMAIN.md §3) up to 5,000 CNY."""


@dataclass(frozen=True, slots=True)
class ApprovalCheck:
    """The answer and, when refused, every reason (truthy when allowed)."""

    allowed: bool
    reasons: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed


def can_approve(
    role: Role, estimate: Estimate, tier: CaseTier, limits: ApprovalLimits = DEFAULT_LIMITS
) -> ApprovalCheck:
    """May ``role`` approve ``estimate``? The stricter of ``tier`` and the estimate's own tier
    applies; the amount checked is the net repair cost; an incomplete estimate is never approved.

    >>> from pricing.estimate import build_estimate
    >>> from pricing.catalog import Vehicle, VehicleClass
    >>> from pricing.case import PolicyTerms
    >>> from pricing.rules import Rules
    >>> from pricing.price_list import load_sample_catalog
    >>> est = build_estimate(findings=[], vehicle=Vehicle(VehicleClass.SUV),
    ...     catalog=load_sample_catalog(), rules=Rules(), region="default", policy_terms=PolicyTerms())
    >>> bool(can_approve(Role.JUNIOR_ADJUSTER, est, CaseTier.COMPLEX))
    False
    """
    limit = limits.get(role)
    if limit is None:
        return ApprovalCheck(False, (f"role {role.value} may not approve estimates",))
    effective = max(tier, estimate.tier, key=lambda t: _TIER_RANK[t])
    reasons: list[str] = []
    if effective not in limit.tiers:
        reasons.append(f"{role.value} may not approve a {effective.value} case")
    if limit.max_amount is not None and estimate.net_repair_cost > limit.max_amount:
        reasons.append(
            f"{money_text(estimate.net_repair_cost)} is above the {role.value} limit of {money_text(limit.max_amount)}"
        )
    if not estimate.complete:
        reasons.append("lines still need manual pricing or the adjuster's review")
    return ApprovalCheck(not reasons, tuple(reasons))
