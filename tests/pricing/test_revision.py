"""Estimate versions: edits make version n+1 with a per-line diff; approval by role, tier and amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing import (
    DEFAULT_LIMITS,
    Action,
    AddLine,
    CaseFacts,
    CaseTier,
    ChangeKind,
    Estimate,
    EstimateRevisionError,
    Finding,
    LineEdit,
    LineFlag,
    LineKind,
    Money,
    PartCode,
    PolicyTerms,
    ReasonCode,
    Role,
    RoleLimit,
    Rules,
    Vehicle,
    VehicleClass,
    build_estimate,
    can_approve,
    load_sample_catalog,
    revise_estimate,
)
from tests.pricing.factories import golden_estimate

M = Money.of


def priced_golden() -> Estimate:
    """The golden estimate with its two open lines settled by a senior adjuster."""
    return revise_estimate(
        golden_estimate(),
        edits=[
            LineEdit("back_glass/parts", ReasonCode.MANUAL_PRICING, amount=M("1350.00"), note="4S quote Q-17"),
            LineEdit("unidentified/f5", ReasonCode.NOT_ACCIDENT_DAMAGE, remove=True),
        ],
        actor_role=Role.SENIOR_ADJUSTER,
        actor_id="adj-7",
    )


def test_an_edit_makes_version_n_plus_1_and_leaves_version_n_alone() -> None:
    v1 = golden_estimate()
    v2 = priced_golden()
    assert (v1.version, v2.version) == (1, 2)
    assert v1.line("back_glass/parts").amount is None and not v1.complete
    # hand check: net 6,938.00 + 1,350.00 = 8,288.00; base 7,288.00; 10% = 728.80; payable 6,059.20
    assert v2.net_repair_cost == M("8288.00") and v2.settlement.payable == M("6059.20")
    assert v2.complete and v2.tier is CaseTier.NORMAL
    glass = v2.line("back_glass/parts")
    assert LineFlag.EDITED in glass.flags and LineFlag.NEEDS_MANUAL_PRICING not in glass.flags
    assert "manual_pricing" in glass.explanation_en and "4S quote Q-17" in glass.explanation_zh
    with pytest.raises(KeyError):
        v2.line("unidentified/f5")
    assert v2.revision is not None
    assert (v2.revision.parent_version, v2.revision.actor_role, v2.revision.actor_id) == (
        1,
        Role.SENIOR_ADJUSTER,
        "adj-7",
    )
    assert [(d.line_id, d.change, d.reason, d.before, d.after) for d in v2.revision.diffs] == [
        ("back_glass/parts", ChangeKind.CHANGED, ReasonCode.MANUAL_PRICING, None, M("1350.00")),
        ("unidentified/f5", ChangeKind.REMOVED, ReasonCode.NOT_ACCIDENT_DAMAGE, None, None),
    ]


def test_derived_lines_are_recomputed_and_shown_in_the_diff() -> None:
    v3 = revise_estimate(
        priced_golden(),
        edits=[LineEdit("hood/parts", ReasonCode.PRICE_CORRECTION, amount=M("2500.00"))],
        actor_role=Role.JUNIOR_ADJUSTER,
    )
    assert v3.version == 3
    assert v3.line("hood/salvage").amount == M("-75.00")  # 3% of 2,500.00
    assert v3.revision is not None
    assert [(d.line_id, d.reason, d.before, d.after) for d in v3.revision.diffs] == [
        ("hood/parts", ReasonCode.PRICE_CORRECTION, M("2600.00"), M("2500.00")),
        ("hood/salvage", ReasonCode.RECOMPUTED, M("-78.00"), M("-75.00")),
    ]
    assert v3.net_repair_cost == M("8191.00")  # 8,288.00 − 100.00 + 3.00


def test_editing_hours_reprices_at_the_line_rate() -> None:
    v2 = revise_estimate(
        golden_estimate(),
        edits=[LineEdit("front_bumper/labour.repair", ReasonCode.HOURS_CORRECTION, quantity=Decimal("4.5"))],
        actor_role=Role.SENIOR_ADJUSTER,
    )
    line = v2.line("front_bumper/labour.repair")
    assert (line.quantity, line.amount) == (Decimal("4.5"), M("540.00"))


def test_removing_a_painted_panel_drops_the_multi_panel_adjustment_when_one_panel_is_left() -> None:
    v1 = build_estimate(
        findings=[Finding("a", "hood", "scratch", "minor"), Finding("b", "trunk", "scratch", "minor")],
        vehicle=Vehicle(VehicleClass.COMPACT),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(),
    )
    assert v1.line("paint/multi_panel").amount is not None
    v2 = revise_estimate(
        v1,
        edits=[
            LineEdit("trunk/paint", ReasonCode.DUPLICATE_LINE, remove=True),
            LineEdit("trunk/materials", ReasonCode.DUPLICATE_LINE, remove=True),
        ],
        actor_role=Role.SENIOR_ADJUSTER,
    )
    assert all(x.kind is not LineKind.ADJUSTMENT for x in v2.lines)
    assert v2.revision is not None
    assert v2.revision.diffs[-1].line_id == "paint/multi_panel"
    assert v2.revision.diffs[-1].change is ChangeKind.REMOVED


def test_adding_a_line_for_hidden_damage() -> None:
    v2 = revise_estimate(
        priced_golden(),
        edits=[
            AddLine(
                "front_left_door/parts",
                LineKind.PARTS,
                PartCode.FRONT_LEFT_DOOR,
                Action.REPLACE,
                "更换左前门",
                "replace front left door",
                M("2700.00"),
                ReasonCode.HIDDEN_DAMAGE,
            )
        ],
        actor_role=Role.SUPERVISOR,
    )
    assert v2.line("front_left_door/parts").amount == M("2700.00")
    # a replaced steel door keeps 3% salvage: 81.00 — the derived line appears
    assert v2.line("front_left_door/salvage").amount == M("-81.00")
    assert v2.revision is not None and v2.revision.diffs[0].change is ChangeKind.ADDED
    # the customer reads the basis: who and why in Chinese, no role or reason key
    assert v2.line("front_left_door/parts").explanation_zh == "主管新增，原因：隐藏损伤"


def test_an_edited_lines_chinese_basis_names_the_role_and_reason_in_chinese() -> None:
    basis = priced_golden().line("back_glass/parts").explanation_zh
    assert basis.endswith("；高级定损员调整为 1,350.00 CNY，原因：人工定价，备注：4S quote Q-17"), basis
    assert "senior_adjuster" not in basis and "manual_pricing" not in basis


@pytest.mark.parametrize(
    ("edits", "role", "message"),
    [
        ([LineEdit("hood/parts", ReasonCode.OTHER, amount=M(1))], Role.CUSTOMER, "may not edit"),
        ([LineEdit("hood/parts", ReasonCode.OTHER, amount=M(1))], Role.COMPLAINT_HANDLER, "may not edit"),
        ([], Role.SENIOR_ADJUSTER, "at least one"),
        ([LineEdit("roof/parts", ReasonCode.OTHER, amount=M(1))], Role.SENIOR_ADJUSTER, "no such line"),
        ([LineEdit("hood/salvage", ReasonCode.OTHER, amount=M(1))], Role.SENIOR_ADJUSTER, "derived"),
        ([LineEdit("hood/parts", ReasonCode.RECOMPUTED, amount=M(1))], Role.SENIOR_ADJUSTER, "reserved"),
        ([LineEdit("hood/parts", ReasonCode.OTHER)], Role.SENIOR_ADJUSTER, "exactly one"),
        ([LineEdit("hood/parts", ReasonCode.OTHER, amount=M(1), remove=True)], Role.SENIOR_ADJUSTER, "exactly one"),
        ([LineEdit("hood/parts", ReasonCode.OTHER, amount=M(-1))], Role.SENIOR_ADJUSTER, "negative"),
        ([LineEdit("back_glass/parts", ReasonCode.OTHER, quantity=Decimal(2))], Role.SENIOR_ADJUSTER, "unit price"),
        (
            [
                LineEdit("hood/parts", ReasonCode.OTHER, amount=M(1)),
                LineEdit("hood/parts", ReasonCode.OTHER, remove=True),
            ],
            Role.SENIOR_ADJUSTER,
            "twice",
        ),
        (
            [AddLine("wheel/salvage", LineKind.PARTS, PartCode.WHEEL, None, "x", "x", M(1), ReasonCode.OTHER)],
            Role.SENIOR_ADJUSTER,
            "cannot add",
        ),
        (
            [AddLine("hood/parts", LineKind.PARTS, PartCode.HOOD, None, "x", "x", M(1), ReasonCode.OTHER)],
            Role.SENIOR_ADJUSTER,
            "cannot add",
        ),
        (
            [AddLine("x/fee", LineKind.SALVAGE, None, None, "x", "x", M(1), ReasonCode.OTHER)],
            Role.SENIOR_ADJUSTER,
            "cannot add",
        ),
    ],
)
def test_illegal_edits_are_refused(edits: list[LineEdit | AddLine], role: Role, message: str) -> None:
    with pytest.raises(EstimateRevisionError, match=message):
        revise_estimate(golden_estimate(), edits=edits, actor_role=role)


def small_simple_estimate() -> Estimate:
    return build_estimate(
        findings=[Finding("a", "left_mirror", "scratch", "minor")],
        vehicle=Vehicle(VehicleClass.COMPACT),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(),
    )


def big_simple_tier_estimate() -> Estimate:
    """Complete, single vehicle, over 5,000 CNY (so the tier is normal by amount)."""
    return build_estimate(
        findings=[
            Finding("a", "hood", "dent", "severe"),
            Finding("b", "front_glass", "glass_shatter", "severe"),
            Finding("c", "front_left_light", "lamp_broken", "minor"),
        ],
        vehicle=Vehicle(VehicleClass.LUXURY),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(),
    )


@pytest.mark.parametrize(
    ("role", "which", "tier", "allowed", "reason"),
    [
        (Role.JUNIOR_ADJUSTER, "small", CaseTier.SIMPLE, True, ""),
        (Role.JUNIOR_ADJUSTER, "small", CaseTier.COMPLEX, False, "complex case"),
        (Role.JUNIOR_ADJUSTER, "small", CaseTier.NORMAL, False, "normal case"),
        (Role.JUNIOR_ADJUSTER, "big", CaseTier.SIMPLE, False, "above the junior_adjuster limit"),
        (Role.SENIOR_ADJUSTER, "small", CaseTier.COMPLEX, True, ""),
        (Role.SENIOR_ADJUSTER, "big", CaseTier.NORMAL, True, ""),
        (Role.SENIOR_ADJUSTER, "open", CaseTier.NORMAL, False, "manual pricing"),
        (Role.SUPERVISOR, "big", CaseTier.COMPLEX, True, ""),
        (Role.CUSTOMER, "small", CaseTier.SIMPLE, False, "may not approve"),
        (Role.COMPLAINT_HANDLER, "small", CaseTier.SIMPLE, False, "may not approve"),
    ],
)
def test_can_approve(role: Role, which: str, tier: CaseTier, allowed: bool, reason: str) -> None:
    est = {"small": small_simple_estimate, "big": big_simple_tier_estimate, "open": golden_estimate}[which]()
    check = can_approve(role, est, tier, DEFAULT_LIMITS)
    assert bool(check) is allowed and check.allowed is allowed
    assert (reason in " ".join(check.reasons)) if reason else not check.reasons


def test_the_estimates_own_tier_applies_when_stricter() -> None:
    est = build_estimate(
        findings=[Finding("a", "left_mirror", "scratch", "minor")],
        vehicle=Vehicle(VehicleClass.COMPACT),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(),
        case_facts=CaseFacts(injuries=True),
    )
    assert not can_approve(Role.JUNIOR_ADJUSTER, est, CaseTier.SIMPLE)


def test_limits_are_configurable() -> None:
    limits = {Role.JUNIOR_ADJUSTER: RoleLimit(frozenset({CaseTier.SIMPLE, CaseTier.NORMAL}), M(100))}
    check = can_approve(Role.JUNIOR_ADJUSTER, small_simple_estimate(), CaseTier.NORMAL, limits)
    assert not check and "limit of 100.00 CNY" in check.reasons[0]


def test_a_lump_sum_on_an_hours_line_drops_the_unit_price_but_keeps_the_hours() -> None:
    v2 = revise_estimate(
        golden_estimate(),
        edits=[LineEdit("front_bumper/paint", ReasonCode.PRICE_CORRECTION, amount=M("420.00"))],
        actor_role=Role.SENIOR_ADJUSTER,
    )
    line = v2.line("front_bumper/paint")
    assert (line.quantity, line.unit_price, line.amount) == (Decimal("3.0"), None, M("420.00"))
    # the multi-panel adjustment follows: (1,920.00 + 30.00) × 20% = 390.00
    assert v2.line("paint/multi_panel").amount == M("-390.00")
