"""One parametrized table per rule id, then the rules config itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing import (
    Action,
    CaseFacts,
    CaseTier,
    DamageType,
    Money,
    PartCode,
    PriceType,
    RuleId,
    Rules,
    RulesConfigError,
    Severity,
    TierReason,
)
from pricing.rules import (
    RULE_TEXT,
    case_tier,
    initial_action,
    is_small_loss,
    multi_panel_paint_adjustment,
    salvage_rate,
    salvage_value,
    settle,
    should_replace,
)

D, M = Decimal, Money.of


def test_every_rule_id_has_words_in_both_languages() -> None:
    assert set(RULE_TEXT) == set(RuleId)
    assert all(zh and en for zh, en in RULE_TEXT.values())


# R-REPLACE-80: repair cost ≥ 80% × (part + fitting) → replace
@pytest.mark.parametrize(
    ("repair", "part", "fitting", "replace"),
    [
        ("800.00", "900.00", "100.00", True),  # exactly 80% of 1,000
        ("799.99", "900.00", "100.00", False),  # just below
        ("1200.00", "900.00", "100.00", True),
        ("100.00", "2000.00", "200.00", False),
        ("1760.00", "2000.00", "200.00", True),  # 80% of 2,200
    ],
)
def test_r_replace_80(repair: str, part: str, fitting: str, replace: bool) -> None:
    assert should_replace(repair_cost=M(repair), part_price=M(part), fitting_cost=M(fitting), rules=Rules()) is replace


@pytest.mark.parametrize(
    ("damage", "severity", "action", "rule"),
    [
        # R-REPLACE-GLASS-LAMP
        (DamageType.GLASS_SHATTER, Severity.MINOR, Action.REPLACE, RuleId.REPLACE_GLASS_LAMP),
        (DamageType.GLASS_SHATTER, Severity.SEVERE, Action.REPLACE, RuleId.REPLACE_GLASS_LAMP),
        (DamageType.LAMP_BROKEN, Severity.MODERATE, Action.REPLACE, RuleId.REPLACE_GLASS_LAMP),
        # R-PAINT-SCRATCH
        (DamageType.SCRATCH, Severity.MINOR, Action.PAINT, RuleId.PAINT_SCRATCH),
        # otherwise repair, then R-REPLACE-80 compares costs
        (DamageType.SCRATCH, Severity.MODERATE, Action.REPAIR, None),
        (DamageType.DENT, Severity.SEVERE, Action.REPAIR, None),
        (DamageType.CRACK, Severity.MINOR, Action.REPAIR, None),
        (DamageType.TIRE_FLAT, Severity.MODERATE, Action.REPAIR, None),
    ],
)
def test_r_replace_glass_lamp_and_r_paint_scratch(
    damage: DamageType, severity: Severity, action: Action, rule: RuleId | None
) -> None:
    assert initial_action(damage, severity, Rules()) == (action, rule)


# R-PAINT-MULTI-80: paint on ≥ 2 panels is charged at 80% of the sum
@pytest.mark.parametrize(
    ("total", "panels", "adjustment"),
    [
        ("1000.00", 1, "0"),
        ("1000.00", 2, "-200.00"),
        ("1285.00", 2, "-257.00"),
        ("0.05", 3, "-0.01"),
        ("333.33", 4, "-66.67"),
    ],
)
def test_r_paint_multi_80(total: str, panels: int, adjustment: str) -> None:
    assert multi_panel_paint_adjustment(M(total), panels, Rules()).amount == D(adjustment)


# R-SMALL-LOSS-500
@pytest.mark.parametrize(("amount", "small"), [("0", True), ("499.99", True), ("500.00", False), ("800", False)])
def test_r_small_loss_500(amount: str, small: bool) -> None:
    assert is_small_loss(M(amount), Rules()) is small


# R-TIER
@pytest.mark.parametrize(
    ("amount", "facts", "tier", "reason"),
    [
        ("999.99", CaseFacts(), CaseTier.SIMPLE, TierReason.SINGLE_UNDER_LIMIT),
        ("1000.00", CaseFacts(), CaseTier.NORMAL, TierReason.SINGLE_OVER_LIMIT),
        ("300", CaseFacts(vehicles_involved=2), CaseTier.NORMAL, TierReason.TWO_PARTY),
        ("300", CaseFacts(third_party_assessment=True), CaseTier.NORMAL, TierReason.THIRD_PARTY_ASSESSMENT),
        ("300", CaseFacts(injuries=True), CaseTier.COMPLEX, TierReason.INJURIES),
        ("300", CaseFacts(vehicles_involved=2, repeated_repair=True), CaseTier.COMPLEX, TierReason.REPEATED_REPAIR),
        (None, CaseFacts(), CaseTier.NORMAL, TierReason.NOT_FULLY_PRICED),
        (None, CaseFacts(injuries=True), CaseTier.COMPLEX, TierReason.INJURIES),
    ],
)
def test_r_tier(amount: str | None, facts: CaseFacts, tier: CaseTier, reason: TierReason) -> None:
    assert case_tier(M(amount) if amount is not None else None, facts, Rules()) == (tier, reason)


# R-SETTLE: (cost − recovered) × (1 − rate) − absolute, floored at 0
@pytest.mark.parametrize(
    ("cost", "recovered", "rate", "absolute", "fault", "payable"),
    [
        ("5000.00", "0", "0", "0", "0.00", "5000.00"),
        ("5000.00", "1000.00", "0.10", "500.00", "400.00", "3100.00"),
        ("6938.00", "1000.00", "0.10", "500.00", "593.80", "4844.20"),
        ("1000.00", "0", "0.15", "0", "150.00", "850.00"),
        ("333.33", "0", "0.05", "0", "16.67", "316.66"),  # 16.6665 rounds half up
        ("400.00", "0", "0", "500.00", "0.00", "0.00"),  # floored at zero
        ("1000.00", "1500.00", "0.10", "0", "0.00", "0.00"),  # recovery exceeds the cost
    ],
)
def test_r_settle(cost: str, recovered: str, rate: str, absolute: str, fault: str, payable: str) -> None:
    s = settle(repair_cost=M(cost), recovered=M(recovered), fault_rate=D(rate), absolute=M(absolute))
    assert (s.fault_deductible.amount, s.payable.amount) == (D(fault), D(payable))


# R-SALVAGE
@pytest.mark.parametrize(
    ("part", "price", "salvage"),
    [
        (PartCode.HOOD, "2600.00", "78.00"),
        (PartCode.FRONT_LEFT_DOOR, "1833.33", "55.00"),
        (PartCode.WHEEL, "1100.00", "110.00"),
        (PartCode.FRONT_BUMPER, "1500.00", "0.00"),
        (PartCode.FRONT_GLASS, "1200.00", "0.00"),
        (PartCode.BACK_LEFT_LIGHT, "700.00", "0.00"),
    ],
)
def test_r_salvage(part: PartCode, price: str, salvage: str) -> None:
    assert salvage_value(part, M(price), Rules()).amount == D(salvage)


class TestRulesConfig:
    def test_defaults_are_the_seed_numbers(self) -> None:
        r = Rules()
        assert (r.replace_threshold, r.multi_panel_paint_factor, r.small_loss_limit, r.simple_case_limit) == (
            D("0.80"),
            D("0.80"),
            D("500"),
            D("1000"),
        )

    def test_override_changes_behaviour_and_needs_a_new_version(self) -> None:
        custom = Rules.from_dict(
            {
                "version": "acme-2",
                "replace_threshold": "0.70",
                "small_loss_limit": 800,
                "always_replace": ["glass_shatter"],
                "salvage_rates": {"hood": "0.05"},
                "price_type_preference": ["oem_guide"],
                "paint_only": [["scratch", "moderate"]],
            }
        )
        assert should_replace(repair_cost=M(700), part_price=M(900), fitting_cost=M(100), rules=custom)
        assert not should_replace(repair_cost=M(700), part_price=M(900), fitting_cost=M(100), rules=Rules())
        assert is_small_loss(M(700), custom) and not is_small_loss(M(700), Rules())
        assert initial_action(DamageType.LAMP_BROKEN, Severity.MINOR, custom) == (Action.REPAIR, None)
        assert initial_action(DamageType.SCRATCH, Severity.MODERATE, custom)[0] is Action.PAINT
        assert salvage_rate(PartCode.HOOD, custom) == D("0.05") and salvage_rate(PartCode.WHEEL, custom) == D("0.10")
        assert salvage_rate(PartCode.TRUNK, custom) == D("0.03")  # still the steel rate
        plastic = Rules.from_dict({"version": "acme-4", "salvage_material_rates": {"plastic": "0.02"}})
        assert salvage_value(PartCode.FRONT_BUMPER, M("1500.00"), plastic).amount == D("30.00")
        assert custom.price_type_preference == (PriceType.OEM_GUIDE,)

    @pytest.mark.parametrize(
        "data",
        [
            {"replace_threshold": "0.7"},  # same version
            {"version": "x", "colour": "red"},
            {"version": "x", "replace_threshold": "1.5"},
            {"version": "x", "replace_threshold": "zero"},
            {"version": "x", "always_replace": ["meteor"]},
            {"version": "x", "always_replace": "glass_shatter"},
            {"version": "x", "salvage_rates": {"spoiler": "0.1"}},
            {"version": "x", "salvage_rates": {"hood": "1.2"}},
            {"version": "x", "salvage_material_rates": {"wood": "0.1"}},
            {"version": "x", "multi_panel_min_panels": 1},
            {"version": "x", "price_type_preference": []},
            {"version": " "},
        ],
    )
    def test_bad_overrides_are_refused(self, data: dict[str, object]) -> None:
        with pytest.raises(RulesConfigError):
            Rules.from_dict(data)

    def test_float_in_an_override_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            Rules.from_dict({"version": "x", "replace_threshold": 0.7})

    def test_to_dict_round_trips_and_rules_are_frozen(self) -> None:
        custom = Rules.from_dict({"version": "acme-3", "multi_panel_paint_factor": "0.75"})
        data = custom.to_dict()
        assert Rules.from_dict(data) == custom
        with pytest.raises(AttributeError):
            custom.version = "y"  # type: ignore[misc]
