"""The itemized estimate (定损单): a pure function of findings, vehicle, catalog, rules and terms.

:func:`build_estimate` prices each damaged part once (one line per part and charge), lets the
rules decide repair / paint / replace, and records the basis of every figure. Derived lines
(salvage, the multi-panel paint adjustment) and the totals are recomputed from the primary lines
by :func:`assemble`, which :func:`pricing.revision.revise_estimate` reuses for version n+1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from pricing.case import CaseFacts, CaseTier, PolicyTerms
from pricing.catalog import PartsCatalog, Vehicle
from pricing.errors import CurrencyMismatchError
from pricing.explain import (
    deductible_explanations,
    money_text,
    status_notes,
)
from pricing.history import Revision
from pricing.lines import (
    EstimateLine,
    Evidence,
    Explanation,
    Finding,
    LineFlag,
    LineKind,
    canonical_order,
)
from pricing.money import DEFAULT_CURRENCY, Money
from pricing.parts import PART_NAMES, Action, PartCode
from pricing.pricer import PricingContext, price_part, unidentified_line
from pricing.rules import (
    RuleId,
    Rules,
    Settlement,
    case_tier,
    is_small_loss,
    multi_panel_paint_adjustment,
    salvage_rate,
    salvage_value,
    settle,
)

DERIVED_KINDS = frozenset({LineKind.SALVAGE, LineKind.ADJUSTMENT})
MULTI_PANEL_LINE_ID = "paint/multi_panel"


@dataclass(frozen=True)
class Estimate:
    """A frozen, versioned estimate. ``net_repair_cost`` is the sum of every priced line;
    ``settlement.payable`` is what is paid after recovery and deductibles (R-SETTLE).
    ``complete`` is False while any line needs manual pricing or the adjuster's review."""

    version: int
    currency: str
    vehicle: Vehicle
    region: str
    lines: tuple[EstimateLine, ...]
    subtotals: Mapping[LineKind, Money]
    gross_repair_cost: Money
    salvage_deduction: Money
    net_repair_cost: Money
    settlement: Settlement
    deductible_explanations: tuple[Explanation, ...]
    notes: tuple[Explanation, ...]
    tier: CaseTier
    small_loss: bool
    complete: bool
    catalog_version: str
    rules_version: str
    policy_terms: PolicyTerms
    case_facts: CaseFacts
    rules: Rules = field(repr=False, compare=False)
    revision: Revision | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "subtotals", MappingProxyType(dict(self.subtotals)))

    def line(self, line_id: str) -> EstimateLine:
        """The line with ``line_id`` (KeyError if absent).

        >>> from pricing.price_list import load_sample_catalog
        >>> from pricing.catalog import VehicleClass
        >>> est = build_estimate(findings=[Finding("f1", "hood", "scratch", "minor")],
        ...     vehicle=Vehicle(VehicleClass.COMPACT), catalog=load_sample_catalog(), rules=Rules(),
        ...     region="default", policy_terms=PolicyTerms())
        >>> str(est.line("hood/paint").amount)
        '350.00 CNY'
        """
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise KeyError(line_id)


def derive_lines(primary: Sequence[EstimateLine], rules: Rules, currency: str) -> list[EstimateLine]:
    """Salvage lines (R-SALVAGE) for replaced parts and the multi-panel paint adjustment
    (R-PAINT-MULTI-80), computed from the primary lines."""
    derived: list[EstimateLine] = []
    for line in primary:
        if line.kind is LineKind.PARTS and line.part is not None and line.amount is not None:
            value = salvage_value(line.part, line.amount, rules)
            if value.amount > 0:
                rate = f"{(salvage_rate(line.part, rules) * 100).normalize():f}%"
                name = PART_NAMES[line.part]
                derived.append(
                    EstimateLine(
                        f"{line.part.value}/salvage",
                        LineKind.SALVAGE,
                        line.part,
                        None,
                        f"{name.zh}旧件残值",
                        f"{name.en} salvage",
                        Decimal(1),
                        -value,
                        -value,
                        (),
                        (RuleId.SALVAGE,),
                        line.evidence,
                        f"更换下的旧件有残值：{money_text(line.amount)} × {rate} = {money_text(value)}，"
                        f"予以扣除（{RuleId.SALVAGE.value}）",
                        f"the replaced part keeps value: {money_text(line.amount)} × {rate} = "
                        f"{money_text(value)}, deducted ({RuleId.SALVAGE.value})",
                    )
                )
    paint = [x for x in primary if x.kind in (LineKind.PAINT, LineKind.MATERIALS) and x.amount is not None]
    panels = len({x.part for x in primary if x.kind is LineKind.PAINT})
    total = Money.total((x.amount for x in paint if x.amount is not None), currency)
    adjustment = multi_panel_paint_adjustment(total, panels, rules)
    if adjustment.amount != 0:
        pct = f"{(rules.multi_panel_paint_factor * 100).normalize():f}%"
        evidence = Evidence(
            tuple(sorted({p for x in paint for p in x.evidence.photo_ids})),
            tuple(sorted({f for x in paint for f in x.evidence.finding_ids})),
            None,
        )
        derived.append(
            EstimateLine(
                MULTI_PANEL_LINE_ID,
                LineKind.ADJUSTMENT,
                None,
                Action.PAINT,
                f"多面喷漆折算（{panels} 面）",
                f"multi-panel paint adjustment ({panels} panels)",
                Decimal(panels),
                None,
                adjustment,
                (),
                (RuleId.PAINT_MULTI_80,),
                evidence,
                f"{panels} 个面同时喷漆，喷漆及材料合计 {money_text(total)} 按 {pct} 计，"
                f"调整 {money_text(adjustment)}（{RuleId.PAINT_MULTI_80.value}）",
                f"{panels} panels painted together: paint and materials {money_text(total)} at {pct}, "
                f"adjusted by {money_text(adjustment)} ({RuleId.PAINT_MULTI_80.value})",
            )
        )
    return derived


def assemble(
    *,
    primary: Sequence[EstimateLine],
    version: int,
    currency: str,
    vehicle: Vehicle,
    region: str,
    catalog_version: str,
    rules: Rules,
    policy_terms: PolicyTerms,
    case_facts: CaseFacts,
    revision: Revision | None = None,
) -> Estimate:
    """Add derived lines, order the lines canonically and compute every total."""
    base = [x for x in primary if x.kind not in DERIVED_KINDS]
    lines = canonical_order([*base, *derive_lines(base, rules, currency)])
    subtotals = {
        k: Money.total((x.amount for x in lines if x.kind is k and x.amount is not None), currency).quantized()
        for k in LineKind
    }
    salvage = -subtotals[LineKind.SALVAGE]
    net = Money.total(subtotals.values(), currency)
    complete = not any(x.flags & {LineFlag.NEEDS_MANUAL_PRICING, LineFlag.NEEDS_ADJUSTER} for x in lines)
    recovered = case_facts.recovered_from_third_party or Money.zero(currency)
    absolute = policy_terms.absolute_deductible or Money.zero(currency)
    settlement = settle(
        repair_cost=net,
        recovered=recovered,
        fault_rate=policy_terms.fault_deductible_rate,
        absolute=absolute,
    )
    tier, reason = case_tier(net if complete else None, case_facts, rules)
    small = complete and is_small_loss(net, rules)
    return Estimate(
        version,
        currency,
        vehicle,
        region,
        lines,
        subtotals,
        net + salvage,
        salvage,
        net,
        settlement,
        deductible_explanations(settlement, policy_terms),
        status_notes(tier=tier, tier_reason=reason, small_loss=small, complete=complete, rules=rules),
        tier,
        small,
        complete,
        catalog_version,
        rules.version,
        policy_terms,
        case_facts,
        rules,
        revision,
    )


def build_estimate(
    *,
    findings: Sequence[Finding],
    vehicle: Vehicle,
    catalog: PartsCatalog,
    rules: Rules,
    region: str,
    policy_terms: PolicyTerms,
    currency: str = DEFAULT_CURRENCY,
    case_facts: CaseFacts | None = None,
) -> Estimate:
    """Price findings into a frozen, itemized estimate (version 1).

    >>> from pricing.price_list import load_sample_catalog
    >>> from pricing.catalog import VehicleClass
    >>> est = build_estimate(
    ...     findings=[Finding("f1", "front_left_light", "lamp_broken", "moderate", ("p1",), 0.9)],
    ...     vehicle=Vehicle(VehicleClass.COMPACT), catalog=load_sample_catalog(), rules=Rules(),
    ...     region="310000", policy_terms=PolicyTerms())
    >>> [line.line_id for line in est.lines]
    ['front_left_light/parts', 'front_left_light/labour.remove_refit']
    >>> str(est.settlement.payable)
    '1620.00 CNY'
    """
    if catalog.currency != currency:
        raise CurrencyMismatchError(f"catalog is in {catalog.currency}, estimate in {currency}")
    ids = [f.finding_id for f in findings]
    if len(ids) != len(set(ids)):
        raise ValueError("finding ids must be unique")
    ctx = PricingContext(catalog, vehicle, region, rules, currency)
    by_part: dict[PartCode, list[Finding]] = {}
    primary: list[EstimateLine] = []
    for finding in findings:
        if finding.part is None:
            primary.append(unidentified_line(finding))
        else:
            by_part.setdefault(finding.part, []).append(finding)
    for part, group in by_part.items():
        primary.extend(price_part(ctx, part, sorted(group, key=lambda f: f.finding_id)))
    return assemble(
        primary=primary,
        version=1,
        currency=currency,
        vehicle=vehicle,
        region=region,
        catalog_version=catalog.version,
        rules=rules,
        policy_terms=policy_terms,
        case_facts=case_facts or CaseFacts(),
    )
