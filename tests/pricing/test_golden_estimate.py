"""A realistic estimate checked end to end against figures computed by hand.

Case: 2020 Honda Accord (mid-size), Shanghai (310000), two-vehicle accident; the other party's
insurer has paid 1,000.00 CNY; policy: 10% fault-based deductible and a 500.00 CNY absolute
deductible. Catalog: tests/pricing/factories.py GOLDEN_ROWS (rates: R&R 120, repair 120, paint 130).

Hand computation
  f1 front bumper, crack, moderate → repair first; R-REPLACE-80:
       repair 3.0 h × 120 = 360.00 < 80% × (part 1,500.00 + R&R 1.5 h × 120 = 180.00) = 1,344.00 → repair
       lines: repair 360.00, paint 3.0 h × 130 = 390.00, materials 250.00
  f2 hood, dent, severe → R-REPLACE-80: repair 20.0 h × 120 = 2,400.00 ≥ 80% × (2,600.00 + 120.00)
       = 2,176.00 → replace. Part price is the mid-size class price (no Accord row): flagged fallback.
       lines: part 2,600.00, R&R 1.0 h × 120 = 120.00, paint 3.5 h × 130 = 455.00, materials 300.00,
       salvage (steel, 3%) −78.00
  f3 front-left headlamp, lamp_broken → R-REPLACE-GLASS-LAMP: part 2,100.00 (the Accord 2018–2022
       row beats the class price 2,200.00), R&R 1.0 h × 120 = 120.00; lamps are not painted
  f4 front-left fender, scratch, minor → R-PAINT-SCRATCH: paint 2.5 h (any-class row) × 130 = 325.00,
       materials 200.00 (any-class row)
  f5 unknown part → flagged for the adjuster, not priced
  f6 rear window, glass_shatter → replace; no catalog price → part line needs manual pricing (not
       zero); R&R 1.5 h × 120 = 180.00
  R-PAINT-MULTI-80, 3 panels: paint + materials = 390 + 250 + 455 + 300 + 325 + 200 = 1,920.00
       → adjustment −20% = −384.00
  subtotals: parts 4,700.00; labour 360 + 120 + 120 + 180 = 780.00; paint 1,170.00; materials 750.00;
       adjustment −384.00; salvage −78.00
  gross 7,016.00; net (actual repair cost) 6,938.00
  R-SETTLE: (6,938.00 − 1,000.00) = 5,938.00; fault deductible 10% = 593.80;
       payable 5,938.00 − 593.80 − 500.00 = 4,844.20
  R-TIER: two vehicles → normal. Incomplete (two lines await the adjuster).
"""

from __future__ import annotations

from decimal import Decimal

from pricing import CaseTier, LineFlag, LineKind, Money, RuleId, TierReason
from tests.pricing.factories import golden_estimate

D = Decimal

EXPECTED_LINES = {
    "front_bumper/labour.repair": D("360.00"),
    "front_bumper/paint": D("390.00"),
    "front_bumper/materials": D("250.00"),
    "hood/parts": D("2600.00"),
    "hood/labour.remove_refit": D("120.00"),
    "hood/paint": D("455.00"),
    "hood/materials": D("300.00"),
    "hood/salvage": D("-78.00"),
    "front_left_light/parts": D("2100.00"),
    "front_left_light/labour.remove_refit": D("120.00"),
    "back_glass/parts": None,
    "back_glass/labour.remove_refit": D("180.00"),
    "front_left_fender/paint": D("325.00"),
    "front_left_fender/materials": D("200.00"),
    "paint/multi_panel": D("-384.00"),
    "unidentified/f5": None,
}


def test_golden_lines_in_canonical_order() -> None:
    est = golden_estimate()
    assert [(x.line_id, x.amount.amount if x.amount else None) for x in est.lines] == list(EXPECTED_LINES.items())


def test_golden_totals() -> None:
    est = golden_estimate()
    assert {k: v.amount for k, v in est.subtotals.items()} == {
        LineKind.PARTS: D("4700.00"),
        LineKind.LABOUR: D("780.00"),
        LineKind.PAINT: D("1170.00"),
        LineKind.MATERIALS: D("750.00"),
        LineKind.ADJUSTMENT: D("-384.00"),
        LineKind.SALVAGE: D("-78.00"),
        LineKind.UNIDENTIFIED: D("0.00"),
    }
    assert est.gross_repair_cost == Money.of("7016.00")
    assert est.salvage_deduction == Money.of("78.00")
    assert est.net_repair_cost == Money.of("6938.00")
    s = est.settlement
    assert (s.recovered, s.fault_deductible, s.absolute_deductible, s.payable) == (
        Money.of("1000.00"),
        Money.of("593.80"),
        Money.of("500.00"),
        Money.of("4844.20"),
    )
    assert est.tier is CaseTier.NORMAL and not est.small_loss and not est.complete
    assert (est.catalog_version, est.rules_version, est.version) == ("golden-1", "rules-2026.1", 1)


def test_golden_bases_and_flags() -> None:
    est = golden_estimate()
    hood = est.line("hood/parts")
    assert RuleId.REPLACE_80 in hood.rule_ids
    assert LineFlag.VEHICLE_CLASS_FALLBACK in hood.flags
    assert "Honda Accord" in hood.catalog_basis[0].note and "midsize" in hood.catalog_basis[0].note
    assert "2,400.00 CNY" in hood.explanation_en and "2,176.00 CNY" in hood.explanation_en
    assert "故更换" in hood.explanation_zh
    assert "价格库无 Honda Accord 的价格，按 midsize 级别价格" in hood.explanation_zh
    assert "no price for" not in hood.explanation_zh
    light = est.line("front_left_light/parts")
    assert light.catalog_basis[0].match.value == "model_year" and not light.flags
    assert light.rule_ids == (RuleId.REPLACE_GLASS_LAMP, RuleId.PRICE_BASIS)
    assert light.evidence.photo_ids == ("p1",) and light.evidence.confidence == D("0.95")
    glass = est.line("back_glass/parts")
    assert glass.amount is None and LineFlag.NEEDS_MANUAL_PRICING in glass.flags
    assert RuleId.MANUAL_PRICE in glass.rule_ids
    unknown = est.line("unidentified/f5")
    assert unknown.part is None and {LineFlag.NEEDS_ADJUSTER, LineFlag.NEEDS_MANUAL_PRICING} <= unknown.flags
    bumper = est.line("front_bumper/labour.repair")
    assert "360.00 CNY" in bumper.explanation_en and "1,344.00 CNY" in bumper.explanation_en
    assert "故修复" in bumper.explanation_zh
    fender = est.line("front_left_fender/paint")
    assert fender.catalog_basis[0].match.value == "any_class" and fender.rule_ids == (RuleId.PAINT_SCRATCH,)
    for basis in (b for x in est.lines for b in x.catalog_basis):
        assert basis.catalog_version == "golden-1" and basis.source == "test list"


def test_golden_explains_deductible_and_tier() -> None:
    est = golden_estimate()
    text = " ".join(e.en for e in est.deductible_explanations)
    for figure in ("6,938.00", "1,000.00", "593.80", "500.00", "4,844.20", "10%"):
        assert figure in text
    assert all(e.rule_id is RuleId.SETTLE for e in est.deductible_explanations)
    assert all(e.zh and e.en for e in est.deductible_explanations)
    assert est.notes[0].rule_id is RuleId.TIER and "two-party" in est.notes[0].en
    assert any(n.rule_id is RuleId.MANUAL_PRICE for n in est.notes)
    assert TierReason.TWO_PARTY.value == "two_party"
