"""Repair and settlement rules: a frozen, versioned config plus the pure functions that apply it.

Every rule has a stable id (:class:`RuleId`) that estimate lines and explanations cite. The id
stays the same when a parameter is overridden (``R-REPLACE-80`` with a 75% threshold); the rules
``version`` tells the two apart, and every estimate records it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from pricing.case import CaseFacts, CaseTier
from pricing.catalog import PriceType
from pricing.errors import RulesConfigError
from pricing.money import Money, to_decimal
from pricing.parts import PART_NAMES, Action, DamageType, Material, PartCode, Severity


class RuleId(StrEnum):
    """Stable rule ids cited by estimate lines."""

    REPLACE_80 = "R-REPLACE-80"
    REPLACE_GLASS_LAMP = "R-REPLACE-GLASS-LAMP"
    PAINT_SCRATCH = "R-PAINT-SCRATCH"
    PAINT_PANEL = "R-PAINT-PANEL"
    PAINT_MULTI_80 = "R-PAINT-MULTI-80"
    SMALL_LOSS_500 = "R-SMALL-LOSS-500"
    TIER = "R-TIER"
    SETTLE = "R-SETTLE"
    SALVAGE = "R-SALVAGE"
    PRICE_BASIS = "R-PRICE-BASIS"
    UNKNOWN_PART = "R-UNKNOWN-PART"
    MANUAL_PRICE = "R-MANUAL-PRICE"


RULE_TEXT: Final[Mapping[RuleId, tuple[str, str]]] = MappingProxyType(
    {
        RuleId.REPLACE_80: (
            "修复费用达到配件价格(含拆装)的80%及以上时更换",
            "replace when repair cost reaches 80% of the part price including fitting",
        ),
        RuleId.REPLACE_GLASS_LAMP: (
            "玻璃破碎、灯具破损直接更换",
            "shattered glass and broken lamps are replaced",
        ),
        RuleId.PAINT_SCRATCH: ("轻度划痕仅需喷漆", "a minor scratch needs paint only"),
        RuleId.PAINT_PANEL: ("修复或更换的车身覆盖件需喷漆", "a repaired or replaced body panel is repainted"),
        RuleId.PAINT_MULTI_80: (
            "多个面喷漆按合计的80%计算",
            "multi-panel paint is charged at 80% of the sum",
        ),
        RuleId.SMALL_LOSS_500: (
            "损失低于500元，凭照片即可定损，无需维修报价",
            "loss under 500 CNY: photos suffice, no repair quote needed",
        ),
        RuleId.TIER: ("按金额与案情确定案件类别", "case tier from amount and case facts"),
        RuleId.SETTLE: (
            "赔付=(实际修理费用−第三方追偿金额)×(1−事故责任免赔率)−绝对免赔额，最低为0",
            "payable = (repair cost − third-party recovery) × (1 − fault deductible rate)"
            " − absolute deductible, not below 0",
        ),
        RuleId.SALVAGE: (
            "更换下的旧件有残值的，按比例扣除残值",
            "salvage value of replaced parts is deducted",
        ),
        RuleId.PRICE_BASIS: (
            "配件价格按约定价格类型从价格库取价",
            "parts are priced from the catalog by price type",
        ),
        RuleId.UNKNOWN_PART: (
            "无法识别部位的损伤交由定损员人工确认",
            "damage on an unidentified part goes to the adjuster",
        ),
        RuleId.MANUAL_PRICE: ("价格库无此价格，需人工核价", "no catalog price: priced by hand"),
    }
)

_DEFAULT_SALVAGE_BY_MATERIAL: Final = {
    # steel panels keep scrap value, alloy wheels more; plastics, glass and electrical parts none
    Material.STEEL: Decimal("0.03"),
    Material.ALLOY: Decimal("0.10"),
}


@dataclass(frozen=True)
class Rules:
    """The rules config. Defaults are the seed document's numbers; override with :meth:`from_dict`.

    >>> Rules().replace_threshold
    Decimal('0.80')
    >>> Rules.from_dict({"version": "acme-1", "replace_threshold": "0.75"}).replace_threshold
    Decimal('0.75')
    """

    version: str = "rules-2026.1"
    replace_threshold: Decimal = Decimal("0.80")
    always_replace: frozenset[DamageType] = frozenset({DamageType.GLASS_SHATTER, DamageType.LAMP_BROKEN})
    paint_only: frozenset[tuple[DamageType, Severity]] = frozenset({(DamageType.SCRATCH, Severity.MINOR)})
    multi_panel_paint_factor: Decimal = Decimal("0.80")
    multi_panel_min_panels: int = 2
    small_loss_limit: Decimal = Decimal("500")
    simple_case_limit: Decimal = Decimal("1000")
    salvage_material_rates: Mapping[Material, Decimal] = field(
        default_factory=lambda: MappingProxyType(dict(_DEFAULT_SALVAGE_BY_MATERIAL))
    )
    salvage_rates: Mapping[PartCode, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    """Per-part overrides of the material rate."""
    price_type_preference: tuple[PriceType, ...] = (
        PriceType.MARKET_ORIGINAL,
        PriceType.OEM_GUIDE,
        PriceType.BRAND_AFTERMARKET,
    )

    def __post_init__(self) -> None:
        for name in ("replace_threshold", "multi_panel_paint_factor"):
            value = to_decimal(getattr(self, name), what=name)
            if not Decimal(0) < value <= Decimal(1):
                raise RulesConfigError(f"{name} must be in (0, 1], got {value}")
            object.__setattr__(self, name, value)
        for name in ("small_loss_limit", "simple_case_limit"):
            value = to_decimal(getattr(self, name), what=name)
            if value < 0:
                raise RulesConfigError(f"{name} cannot be negative")
            object.__setattr__(self, name, value)
        by_part = {PartCode(k): to_decimal(v, what=f"salvage rate of {k}") for k, v in self.salvage_rates.items()}
        by_material = {
            Material(k): to_decimal(v, what=f"salvage rate of {k}") for k, v in self.salvage_material_rates.items()
        }
        if any(not Decimal(0) <= r < Decimal(1) for r in (*by_part.values(), *by_material.values())):
            raise RulesConfigError("salvage rates must be in [0, 1)")
        object.__setattr__(self, "salvage_rates", MappingProxyType(by_part))
        object.__setattr__(self, "salvage_material_rates", MappingProxyType(by_material))
        if not self.price_type_preference:
            raise RulesConfigError("price_type_preference cannot be empty")
        if self.multi_panel_min_panels < 2:
            raise RulesConfigError("multi_panel_min_panels must be at least 2")
        if not self.version.strip():
            raise RulesConfigError("version cannot be blank")

    @classmethod
    def from_dict(cls, data: Mapping[str, object], *, base: Rules | None = None) -> Rules:
        """Override ``base`` (default: the built-in rules) from plain data (JSON/YAML-shaped).

        Decimals come as strings or ints (a float is a TypeError); the salvage rate mappings
        merge over the base's; any change needs a new ``version``.

        >>> Rules.from_dict({"replace_threshold": "0.7"})
        Traceback (most recent call last):
        ...
        pricing.errors.RulesConfigError: overriding rules needs a new 'version'
        """
        base = base or cls()
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise RulesConfigError(f"unknown rule settings {unknown}")
        values: dict[str, object] = {f.name: getattr(base, f.name) for f in fields(cls)}
        try:
            for key, raw in data.items():
                if key == "always_replace":
                    values[key] = frozenset(DamageType(str(v)) for v in _items(raw, key))
                elif key == "paint_only":
                    values[key] = frozenset(
                        (DamageType(str(d)), Severity(str(s))) for d, s in (_pair(v, key) for v in _items(raw, key))
                    )
                elif key in ("salvage_rates", "salvage_material_rates"):
                    if not isinstance(raw, Mapping):
                        raise RulesConfigError(f"{key} must be a mapping")
                    kind = PartCode if key == "salvage_rates" else Material
                    values[key] = {**getattr(base, key), **{kind(str(k)): v for k, v in raw.items()}}
                elif key == "price_type_preference":
                    values[key] = tuple(PriceType(str(v)) for v in _items(raw, key))
                elif key == "multi_panel_min_panels":
                    if isinstance(raw, bool) or not isinstance(raw, int):
                        raise RulesConfigError("multi_panel_min_panels must be an int")
                    values[key] = raw
                elif key == "version":
                    values[key] = str(raw)
                else:
                    values[key] = to_decimal(raw, what=key)
        except ValueError as exc:
            raise RulesConfigError(str(exc)) from None
        result = cls(**values)  # type: ignore[arg-type]
        if result.version == base.version and result != base:
            raise RulesConfigError("overriding rules needs a new 'version'")
        return result

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form (Decimals as strings); ``from_dict`` of it round-trips.

        >>> Rules().to_dict()["replace_threshold"]
        '0.80'
        """
        return {
            "version": self.version,
            "replace_threshold": str(self.replace_threshold),
            "always_replace": sorted(d.value for d in self.always_replace),
            "paint_only": sorted([d.value, s.value] for d, s in self.paint_only),
            "multi_panel_paint_factor": str(self.multi_panel_paint_factor),
            "multi_panel_min_panels": self.multi_panel_min_panels,
            "small_loss_limit": str(self.small_loss_limit),
            "simple_case_limit": str(self.simple_case_limit),
            "salvage_material_rates": {k.value: str(v) for k, v in sorted(self.salvage_material_rates.items())},
            "salvage_rates": {k.value: str(v) for k, v in sorted(self.salvage_rates.items())},
            "price_type_preference": [p.value for p in self.price_type_preference],
        }


def _items(raw: object, key: str) -> list[object]:
    if isinstance(raw, str) or not isinstance(raw, list | tuple | set | frozenset):
        raise RulesConfigError(f"{key} must be a list")
    return list(raw)


def _pair(raw: object, key: str) -> tuple[object, object]:
    if isinstance(raw, str) or not isinstance(raw, list | tuple) or len(raw) != 2:
        raise RulesConfigError(f"each {key} item must be a [damage_type, severity] pair")
    return raw[0], raw[1]


DEFAULT_RULES: Final = Rules()


def initial_action(damage: DamageType, severity: Severity, rules: Rules) -> tuple[Action, RuleId | None]:
    """The action a finding asks for before costs are compared, and the rule that decided it.

    >>> initial_action(DamageType.GLASS_SHATTER, Severity.MINOR, Rules())
    (<Action.REPLACE: 'replace'>, <RuleId.REPLACE_GLASS_LAMP: 'R-REPLACE-GLASS-LAMP'>)
    >>> initial_action(DamageType.DENT, Severity.MODERATE, Rules())
    (<Action.REPAIR: 'repair'>, None)
    """
    if damage in rules.always_replace:
        return Action.REPLACE, RuleId.REPLACE_GLASS_LAMP
    if (damage, severity) in rules.paint_only:
        return Action.PAINT, RuleId.PAINT_SCRATCH
    return Action.REPAIR, None


def should_replace(*, repair_cost: Money, part_price: Money, fitting_cost: Money, rules: Rules) -> bool:
    """R-REPLACE-80: replace when repair cost ≥ threshold × (part price + fitting labour).

    Paint is left out of both sides: a repaired panel and a new panel are both painted.

    >>> should_replace(repair_cost=Money.of(800), part_price=Money.of(900),
    ...                fitting_cost=Money.of(100), rules=Rules())
    True
    """
    return repair_cost >= (part_price + fitting_cost) * rules.replace_threshold


def multi_panel_paint_adjustment(paint_total: Money, panels: int, rules: Rules) -> Money:
    """R-PAINT-MULTI-80: the (negative) adjustment that brings multi-panel paint to sum × factor.

    >>> multi_panel_paint_adjustment(Money.of("1000"), 2, Rules()).amount
    Decimal('-200.00')
    >>> multi_panel_paint_adjustment(Money.of("1000"), 1, Rules()).amount
    Decimal('0')
    """
    if panels < rules.multi_panel_min_panels:
        return Money.zero(paint_total.currency)
    return (-(paint_total * (Decimal(1) - rules.multi_panel_paint_factor))).quantized()


def is_small_loss(amount: Money, rules: Rules) -> bool:
    """R-SMALL-LOSS-500: a loss under the limit is assessed on photos alone.

    >>> is_small_loss(Money.of("499.99"), Rules()), is_small_loss(Money.of(500), Rules())
    (True, False)
    """
    return amount.amount < rules.small_loss_limit


class TierReason(StrEnum):
    """Why R-TIER chose a tier (worded in :mod:`pricing.explain`)."""

    INJURIES = "injuries"
    REPEATED_REPAIR = "repeated_repair"
    TWO_PARTY = "two_party"
    THIRD_PARTY_ASSESSMENT = "third_party_assessment"
    NOT_FULLY_PRICED = "not_fully_priced"
    SINGLE_UNDER_LIMIT = "single_vehicle_under_limit"
    SINGLE_OVER_LIMIT = "single_vehicle_over_limit"


def case_tier(amount: Money | None, facts: CaseFacts, rules: Rules) -> tuple[CaseTier, TierReason]:
    """R-TIER: the case tier and why. ``amount`` None means "not fully priced", which can never
    be a simple case.

    >>> case_tier(Money.of(800), CaseFacts(), Rules())
    (<CaseTier.SIMPLE: 'simple'>, <TierReason.SINGLE_UNDER_LIMIT: 'single_vehicle_under_limit'>)
    >>> case_tier(Money.of(800), CaseFacts(injuries=True), Rules())[0]
    <CaseTier.COMPLEX: 'complex'>
    """
    if facts.injuries:
        return CaseTier.COMPLEX, TierReason.INJURIES
    if facts.repeated_repair:
        return CaseTier.COMPLEX, TierReason.REPEATED_REPAIR
    if facts.vehicles_involved >= 2:
        return CaseTier.NORMAL, TierReason.TWO_PARTY
    if facts.third_party_assessment:
        return CaseTier.NORMAL, TierReason.THIRD_PARTY_ASSESSMENT
    if amount is None:
        return CaseTier.NORMAL, TierReason.NOT_FULLY_PRICED
    if amount.amount < rules.simple_case_limit:
        return CaseTier.SIMPLE, TierReason.SINGLE_UNDER_LIMIT
    return CaseTier.NORMAL, TierReason.SINGLE_OVER_LIMIT


def salvage_value(part: PartCode, part_price: Money, rules: Rules) -> Money:
    """R-SALVAGE: residual value of a replaced part (part price × the part's rate), quantized.

    >>> salvage_value(PartCode.WHEEL, Money.of(1100), Rules()).amount
    Decimal('110.00')
    >>> salvage_value(PartCode.FRONT_GLASS, Money.of(1200), Rules()).amount
    Decimal('0.00')
    """
    return (part_price * salvage_rate(part, rules)).quantized()


def salvage_rate(part: PartCode, rules: Rules) -> Decimal:
    """The part's own salvage rate if set, else its material's (0 when neither is set).

    >>> salvage_rate(PartCode.HOOD, Rules()), salvage_rate(PartCode.FRONT_BUMPER, Rules())
    (Decimal('0.03'), Decimal('0'))
    """
    if part in rules.salvage_rates:
        return rules.salvage_rates[part]
    return rules.salvage_material_rates.get(PART_NAMES[part].material, Decimal(0))


@dataclass(frozen=True, slots=True)
class Settlement:
    """R-SETTLE, each amount quantized once."""

    repair_cost: Money
    recovered: Money
    fault_deductible: Money
    absolute_deductible: Money
    payable: Money


def settle(*, repair_cost: Money, recovered: Money, fault_rate: Decimal, absolute: Money) -> Settlement:
    """R-SETTLE: (repair cost − recovered) × (1 − fault rate) − absolute deductible, floored at 0.

    >>> settle(repair_cost=Money.of(5000), recovered=Money.of(1000), fault_rate=Decimal("0.1"),
    ...        absolute=Money.of(500)).payable.amount
    Decimal('3100.00')
    """
    base = (repair_cost - recovered).max_zero()
    fault = (base * fault_rate).quantized()
    payable = (base - fault - absolute).max_zero().quantized()
    return Settlement(repair_cost.quantized(), recovered.quantized(), fault, absolute.quantized(), payable)
