"""Case facts and policy terms: the non-damage inputs of an estimate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pricing.money import Money, to_decimal


def _check_cents(amount: Money | None, what: str) -> None:
    if amount is not None and (amount.amount < 0 or amount.quantized().amount != amount.amount):
        raise ValueError(f"{what} must be a non-negative amount in whole cents, got {amount}")


class CaseTier(StrEnum):
    """简易 / 普通 / 复杂 案件 — decides deadlines and who may approve."""

    SIMPLE = "simple"
    NORMAL = "normal"
    COMPLEX = "complex"

    @property
    def zh(self) -> str:
        return {"simple": "简易案件", "normal": "普通案件", "complex": "复杂案件"}[self.value]


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What happened, as far as tier and settlement need to know.

    >>> CaseFacts(vehicles_involved=2).vehicles_involved
    2
    """

    vehicles_involved: int = 1
    third_party_assessment: bool = False
    injuries: bool = False
    repeated_repair: bool = False
    recovered_from_third_party: Money | None = None
    """Amount the insurer recovers from a liable third party (deducted by R-SETTLE)."""

    def __post_init__(self) -> None:
        if (
            isinstance(self.vehicles_involved, bool)
            or not isinstance(self.vehicles_involved, int)
            or self.vehicles_involved < 1
        ):
            raise ValueError("vehicles_involved must be a positive int")
        _check_cents(self.recovered_from_third_party, "recovered_from_third_party")


@dataclass(frozen=True, slots=True)
class PolicyTerms:
    """The policy's deductible terms, cited when the deductible is explained.

    ``fault_deductible_rate`` is a Decimal in [0, 1) (e.g. ``Decimal("0.15")`` for 15%);
    ``clause`` is the policy clause text shown beside the deductible.

    >>> PolicyTerms(fault_deductible_rate=Decimal("0.1")).fault_deductible_rate
    Decimal('0.1')
    """

    fault_deductible_rate: Decimal = Decimal(0)
    absolute_deductible: Money | None = None
    clause: str = "机动车损失保险条款 免赔额约定"  # as the policy names it; quoted in Chinese explanations
    policy_number: str | None = None

    def __post_init__(self) -> None:
        rate = to_decimal(self.fault_deductible_rate, what="fault_deductible_rate")
        if not Decimal(0) <= rate < Decimal(1):
            raise ValueError("fault_deductible_rate must be in [0, 1)")
        object.__setattr__(self, "fault_deductible_rate", rate)
        _check_cents(self.absolute_deductible, "absolute_deductible")
