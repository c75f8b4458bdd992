"""Behaviour of build_estimate beyond the golden case: one line per part, fallbacks, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing import (
    CaseFacts,
    CaseTier,
    CurrencyMismatchError,
    Estimate,
    Finding,
    LineFlag,
    LineKind,
    Money,
    PolicyTerms,
    RuleId,
    Rules,
    Vehicle,
    VehicleClass,
    build_estimate,
    import_price_list,
    load_sample_catalog,
)
from tests.pricing.factories import GOLDEN_ROWS, golden_catalog, price_list

SAMPLE = load_sample_catalog()


def estimate(*findings: Finding, vehicle: Vehicle | None = None, region: str = "310000", **kw: object) -> Estimate:
    return build_estimate(
        findings=list(findings),
        vehicle=vehicle or Vehicle(VehicleClass.COMPACT),
        catalog=kw.pop("catalog", SAMPLE),  # type: ignore[arg-type]
        rules=kw.pop("rules", Rules()),  # type: ignore[arg-type]
        region=region,
        policy_terms=kw.pop("policy_terms", PolicyTerms()),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_several_findings_on_one_part_make_one_set_of_lines_with_the_strongest_action() -> None:
    est = estimate(
        Finding("b", "front_bumper", "scratch", "minor", ("p2",), Decimal("0.7")),
        Finding("a", "front_bumper", "dent", "moderate", ("p1",), Decimal("0.9")),
    )
    ids = [x.line_id for x in est.lines]
    assert ids == ["front_bumper/labour.repair", "front_bumper/paint", "front_bumper/materials"]
    paint = est.line("front_bumper/paint")
    assert paint.evidence.finding_ids == ("a", "b") and paint.evidence.photo_ids == ("p1", "p2")
    assert paint.evidence.confidence == Decimal("0.7000")  # the weakest finding


def test_a_single_panel_gets_no_multi_panel_adjustment() -> None:
    est = estimate(Finding("a", "hood", "scratch", "minor"))
    assert all(x.kind is not LineKind.ADJUSTMENT for x in est.lines)


def test_lamps_and_glass_are_not_painted() -> None:
    est = estimate(
        Finding("a", "front_glass", "glass_shatter", "minor"), Finding("b", "back_left_light", "scratch", "minor")
    )
    assert not any(x.kind in (LineKind.PAINT, LineKind.MATERIALS) for x in est.lines)
    assert est.line("back_left_light/labour.repair").amount is not None


def test_a_scratch_under_500_is_a_small_simple_case() -> None:
    est = estimate(Finding("a", "left_mirror", "scratch", "minor"))
    assert est.net_repair_cost < Money.of(500)
    assert est.small_loss and est.tier is CaseTier.SIMPLE and est.complete
    assert any(n.rule_id is RuleId.SMALL_LOSS_500 for n in est.notes)


def test_injuries_make_a_complex_case_whatever_the_amount() -> None:
    est = estimate(Finding("a", "left_mirror", "scratch", "minor"), case_facts=CaseFacts(injuries=True))
    assert est.tier is CaseTier.COMPLEX


def test_missing_prices_are_marked_for_manual_pricing_never_zero() -> None:
    bare = import_price_list(price_list(*GOLDEN_ROWS[:1]), version="bare")
    est = estimate(
        Finding("a", "front_bumper", "dent", "moderate"),
        Finding("b", "trunk", "crack", "minor"),
        Finding("c", "front_glass", "glass_shatter", "minor"),
        vehicle=Vehicle(VehicleClass.MIDSIZE),
        catalog=bare,
    )
    unpriced = [x for x in est.lines if x.amount is None]
    assert unpriced and all(LineFlag.NEEDS_MANUAL_PRICING in x.flags for x in unpriced)
    assert all(x.amount is None or x.amount.amount != 0 for x in est.lines)
    repair = est.line("front_bumper/labour.repair")
    assert {LineFlag.RULE_NOT_EVALUATED, LineFlag.NEEDS_ADJUSTER} <= repair.flags
    assert "not zero" in est.line("front_glass/parts").explanation_en
    assert not est.complete and est.tier is CaseTier.NORMAL and not est.small_loss


def test_region_fallback_is_flagged_and_explained() -> None:
    est = estimate(Finding("a", "hood", "scratch", "minor"), region="510100")
    paint = est.line("hood/paint")
    assert LineFlag.REGION_FALLBACK in paint.flags
    assert "used default" in paint.explanation_en and "已回退" in paint.explanation_zh


def test_vehicle_class_fallback_is_flagged() -> None:
    est = estimate(
        Finding("a", "back_left_light", "lamp_broken", "minor"),
        vehicle=Vehicle(VehicleClass.SUV, make="BYD", model="Song", year=2023),
    )
    line = est.line("back_left_light/parts")
    assert LineFlag.VEHICLE_CLASS_FALLBACK in line.flags and "BYD Song" in line.explanation_en


def test_model_price_is_used_when_the_preferred_price_type_allows() -> None:
    rules = Rules.from_dict({"version": "oem-first", "price_type_preference": ["oem_guide", "market_original"]})
    corolla = Vehicle(VehicleClass.COMPACT, make="Toyota", model="Corolla", year=2021)
    est = estimate(Finding("a", "front_left_light", "lamp_broken", "minor"), vehicle=corolla, rules=rules)
    line = est.line("front_left_light/parts")
    assert line.amount == Money.of("1900.00") and not line.flags
    assert line.catalog_basis[0].match.value == "model_year"


def test_unknown_part_is_flagged_and_never_priced() -> None:
    est = estimate(Finding("x", "unknown", "dent", "severe", ("p9",), Decimal("0.3")))
    (line,) = est.lines
    assert line.kind is LineKind.UNIDENTIFIED and line.amount is None and line.part is None
    assert LineFlag.NEEDS_ADJUSTER in line.flags and line.evidence.photo_ids == ("p9",)
    assert est.net_repair_cost == Money.zero().quantized()


def test_estimate_currency_must_match_the_catalog() -> None:
    with pytest.raises(CurrencyMismatchError):
        estimate(Finding("a", "hood", "dent", "minor"), currency="USD")


def test_policy_deductible_in_another_currency_is_refused() -> None:
    with pytest.raises(CurrencyMismatchError):
        estimate(
            Finding("a", "hood", "dent", "minor"), policy_terms=PolicyTerms(absolute_deductible=Money.of(100, "USD"))
        )


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Finding("a", "spoiler", "dent", "minor"),
        lambda: Finding("a", "hood", "melted", "minor"),
        lambda: Finding("a", "hood", "dent", "extreme"),
        lambda: Finding("a", "hood", "dent", "minor", confidence=Decimal("1.5")),
        lambda: Finding("", "hood", "dent", "minor"),
    ],
)
def test_bad_findings_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]


def test_duplicate_finding_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        estimate(Finding("a", "hood", "dent", "minor"), Finding("a", "trunk", "dent", "minor"))


def test_detector_float_confidence_becomes_decimal() -> None:
    assert Finding("a", "hood", "dent", "minor", confidence=0.912345).confidence == Decimal("0.9123")


def test_estimates_are_frozen_and_record_versions() -> None:
    est = build_estimate(
        findings=[],
        vehicle=Vehicle(VehicleClass.ECONOMY),
        catalog=golden_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(),
    )
    assert (est.catalog_version, est.rules_version) == ("golden-1", "rules-2026.1")
    with pytest.raises(AttributeError):
        est.version = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    "build",
    [
        lambda: PolicyTerms(absolute_deductible=Money.of("-1")),
        lambda: PolicyTerms(absolute_deductible=Money.of("100.005")),
        lambda: PolicyTerms(fault_deductible_rate=Decimal("1")),
        lambda: CaseFacts(recovered_from_third_party=Money.of("-5")),
        lambda: CaseFacts(vehicles_involved=0),
    ],
)
def test_bad_terms_and_facts_are_refused(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


def test_subtotals_cannot_be_changed_in_place() -> None:
    est = estimate(Finding("a", "hood", "scratch", "minor"))
    with pytest.raises(TypeError):
        est.subtotals[LineKind.PARTS] = Money.of(1)  # type: ignore[index]
