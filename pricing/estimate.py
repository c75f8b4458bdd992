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

from pricing.case import CaseFacts, CaseTier, PolicyTerms
from pricing.catalog import Basis, LabourKind, MatchLevel, PartsCatalog, Quote, Vehicle
from pricing.errors import CurrencyMismatchError
from pricing.explain import (
    deductible_explanations, labour_text, money_text, part_text, replace_80_text, rules_text,
    status_notes,
)
from pricing.history import Revision
from pricing.lines import (
    Evidence, EstimateLine, Explanation, Finding, LineFlag, LineKind, canonical_order,
)
from pricing.money import DEFAULT_CURRENCY, Money
from pricing.parts import DAMAGE_ZH, PART_NAMES, Action, PartCode, Severity
from pricing.rules import (
    RuleId, Rules, Settlement, case_tier, initial_action, is_small_loss,
    multi_panel_paint_adjustment, salvage_value, settle, should_replace,
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

    def line(self, line_id: str) -> EstimateLine:
        """The line with ``line_id`` (KeyError if absent)."""
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise KeyError(line_id)


@dataclass(frozen=True)
class _Ctx:
    catalog: PartsCatalog
    vehicle: Vehicle
    region: str
    rules: Rules
    currency: str


def _flags(bases: Sequence[Basis], rules: Rules, amount: Money | None) -> frozenset[LineFlag]:
    flags: set[LineFlag] = set()
    if amount is None:
        flags.add(LineFlag.NEEDS_MANUAL_PRICING)
    for basis in bases:
        if basis.fell_back and basis.match in (MatchLevel.VEHICLE_CLASS, MatchLevel.ANY_CLASS):
            flags.add(LineFlag.VEHICLE_CLASS_FALLBACK)
        if basis.match in (MatchLevel.PARENT_REGION, MatchLevel.DEFAULT_REGION):
            flags.add(LineFlag.REGION_FALLBACK)
        if basis.price_type is not None and basis.price_type is not rules.price_type_preference[0]:
            flags.add(LineFlag.PRICE_TYPE_FALLBACK)
    return frozenset(flags)


def _labour_line(ctx: _Ctx, part: PartCode, kind: LabourKind, severity: Severity | None,
                 action: Action, evidence: Evidence, rule_ids: tuple[RuleId, ...],
                 extra: tuple[str, str] = ("", ""), extra_flags: frozenset[LineFlag] = frozenset(),
                 ) -> EstimateLine:
    hours = ctx.catalog.labour_hours(part, ctx.vehicle, kind, severity)
    rate = ctx.catalog.labour_rate(ctx.region, kind)
    amount = (rate.value * hours.value).quantized() if hours and rate else None
    bases = tuple(q.basis for q in (hours, rate) if q is not None)
    line_kind = LineKind.PAINT if kind is LabourKind.PAINT else LineKind.LABOUR
    line_id = f"{part.value}/paint" if kind is LabourKind.PAINT else f"{part.value}/labour.{kind.value}"
    name = PART_NAMES[part]
    zh, en = labour_text(part, kind, hours, rate, ctx.region)
    rules_zh, rules_en = rules_text(rule_ids)
    return EstimateLine(
        line_id, line_kind, part, action,
        f"{name.zh} {action.zh if kind is not LabourKind.REMOVE_REFIT else Action.REMOVE_REFIT.zh}工时",
        f"{name.en} {kind.value} labour",
        hours.value if hours else Decimal(0), rate.value if rate else None, amount, bases, rule_ids,
        evidence, "；".join(t for t in (zh, extra[0], rules_zh) if t),
        "; ".join(t for t in (en, extra[1], rules_en) if t),
        _flags(bases, ctx.rules, amount) | extra_flags,
    )


def _price_part(ctx: _Ctx, part: PartCode, group: Sequence[Finding]) -> list[EstimateLine]:
    name, rules = PART_NAMES[part], ctx.rules
    decisions = [initial_action(f.damage_type, f.severity, rules) for f in group]
    action = max((a for a, _ in decisions), key=lambda a: a.rank)
    rule_ids = sorted({r for _, r in decisions if r is not None})
    if action is Action.PAINT and not name.painted:
        action = Action.REPAIR  # a lens or a tyre is not painted: a minor scratch is a repair
        rule_ids = []
    severity = max((f.severity for f in group), key=lambda s: s.rank)
    evidence = Evidence.of(group)
    damage = "、".join(sorted({DAMAGE_ZH[f.damage_type] for f in group}))
    lines: list[EstimateLine] = []
    price = None
    if action in (Action.REPLACE, Action.REPAIR):
        price = ctx.catalog.part_price(part, ctx.vehicle, rules.price_type_preference)
    if action is Action.REPAIR:
        repair = _labour_line(ctx, part, LabourKind.REPAIR, severity, Action.REPAIR, evidence, ())
        fitting = _labour_line(ctx, part, LabourKind.REMOVE_REFIT, None, Action.REMOVE_REFIT, evidence, ())
        if repair.amount is not None and fitting.amount is not None and price is not None:
            replaced = should_replace(repair_cost=repair.amount, part_price=price.value,
                                      fitting_cost=fitting.amount, rules=rules)
            why = replace_80_text(repair_cost=repair.amount, part_price=price.value,
                                  fitting_cost=fitting.amount, rules=rules, replaced=replaced)
            rule_ids.append(RuleId.REPLACE_80)
            if replaced:
                action = Action.REPLACE
            else:
                lines.append(_labour_line(ctx, part, LabourKind.REPAIR, severity, Action.REPAIR,
                                          evidence, (RuleId.REPLACE_80,), why))
        else:
            note = ("未能比较修复与更换费用（价格库缺项），请定损员确认",
                    f"{RuleId.REPLACE_80.value} not evaluated (catalog gaps); adjuster to confirm")
            lines.append(_labour_line(ctx, part, LabourKind.REPAIR, severity, Action.REPAIR, evidence, (),
                                      note, frozenset({LineFlag.RULE_NOT_EVALUATED, LineFlag.NEEDS_ADJUSTER})))
    cited = tuple(sorted(set(rule_ids)))
    if action is Action.REPLACE:
        part_ids = (*cited, RuleId.PRICE_BASIS) if price else (*cited, RuleId.MANUAL_PRICE)
        zh, en = part_text(part, price)
        rules_zh, rules_en = rules_text(part_ids)
        amount = price.value.quantized() if price else None
        bases = (price.basis,) if price else ()
        lines.append(EstimateLine(
            f"{part.value}/parts", LineKind.PARTS, part, Action.REPLACE, f"更换{name.zh}（{damage}）",
            f"replace {name.en}", Decimal(1), amount, amount, bases, part_ids, evidence,
            f"{zh}；{rules_zh}", f"{en}; {rules_en}", _flags(bases, rules, amount)))
        lines.append(_labour_line(ctx, part, LabourKind.REMOVE_REFIT, None, Action.REMOVE_REFIT,
                                  evidence, cited))
    if name.painted:
        lines.append(_labour_line(ctx, part, LabourKind.PAINT, None, Action.PAINT, evidence, cited))
        material = ctx.catalog.paint_material(part, ctx.vehicle)
        amount = material.value.quantized() if material else None
        bases = (material.basis,) if material else ()
        text = (f"{name.zh}喷漆材料（油漆、辅料）按每面 {money_text(material.value)}",
                f"{name.en} paint materials at {money_text(material.value)} per panel") if material else (
                f"{name.zh}喷漆材料：价格库无价格，需人工核价", f"{name.en} paint materials: no catalog price")
        lines.append(EstimateLine(
            f"{part.value}/materials", LineKind.MATERIALS, part, Action.PAINT, f"{name.zh}喷漆材料",
            f"{name.en} paint materials", Decimal(1), amount, amount, bases, cited, evidence,
            text[0], text[1], _flags(bases, rules, amount)))
    return lines


def _unidentified_line(finding: Finding) -> EstimateLine:
    ids = (RuleId.UNKNOWN_PART,)
    return EstimateLine(
        f"unidentified/{finding.finding_id}", LineKind.UNIDENTIFIED, None, None,
        f"未识别部位的{DAMAGE_ZH[finding.damage_type]}", f"{finding.damage_type.value} on an unidentified part",
        Decimal(1), None, None, (), ids, Evidence.of([finding]),
        "未能识别损伤所在部位，不作推测定价，交定损员人工确认部位与金额",
        "the damaged part could not be identified; not priced by guessing — the adjuster decides",
        frozenset({LineFlag.NEEDS_ADJUSTER, LineFlag.NEEDS_MANUAL_PRICING}))


def derive_lines(primary: Sequence[EstimateLine], rules: Rules, currency: str) -> list[EstimateLine]:
    """Salvage lines (R-SALVAGE) for replaced parts and the multi-panel paint adjustment
    (R-PAINT-MULTI-80), computed from the primary lines."""
    derived: list[EstimateLine] = []
    for line in primary:
        if line.kind is LineKind.PARTS and line.part is not None and line.amount is not None:
            value = salvage_value(line.part, line.amount, rules)
            if value.amount > 0:
                rate = f"{(rules.salvage_rates[line.part] * 100).normalize():f}%"
                name = PART_NAMES[line.part]
                derived.append(EstimateLine(
                    f"{line.part.value}/salvage", LineKind.SALVAGE, line.part, None,
                    f"{name.zh}旧件残值", f"{name.en} salvage", Decimal(1), -value, -value, (),
                    (RuleId.SALVAGE,), line.evidence,
                    f"更换下的旧件有残值：{money_text(line.amount)} × {rate} = {money_text(value)}，予以扣除",
                    f"the replaced part keeps value: {money_text(line.amount)} × {rate} = "
                    f"{money_text(value)}, deducted"))
    paint = [x for x in primary if x.kind in (LineKind.PAINT, LineKind.MATERIALS) and x.amount is not None]
    panels = len({x.part for x in primary if x.kind is LineKind.PAINT})
    total = Money.total((x.amount for x in paint if x.amount is not None), currency)
    adjustment = multi_panel_paint_adjustment(total, panels, rules)
    if adjustment.amount != 0:
        pct = f"{(rules.multi_panel_paint_factor * 100).normalize():f}%"
        evidence = Evidence(tuple(sorted({p for x in paint for p in x.evidence.photo_ids})),
                            tuple(sorted({f for x in paint for f in x.evidence.finding_ids})), None)
        derived.append(EstimateLine(
            MULTI_PANEL_LINE_ID, LineKind.ADJUSTMENT, None, Action.PAINT, f"多面喷漆优惠（{panels} 面）",
            f"multi-panel paint ({panels} panels)", Decimal(panels), None, adjustment, (),
            (RuleId.PAINT_MULTI_80,), evidence,
            f"{panels} 个面同时喷漆，喷漆及材料合计 {money_text(total)} 按 {pct} 计，调整 {money_text(adjustment)}",
            f"{panels} panels painted together: paint and materials {money_text(total)} at {pct}, "
            f"adjusted by {money_text(adjustment)}"))
    return derived


def assemble(*, primary: Sequence[EstimateLine], version: int, currency: str, vehicle: Vehicle,
             region: str, catalog_version: str, rules: Rules, policy_terms: PolicyTerms,
             case_facts: CaseFacts, revision: Revision | None = None) -> Estimate:
    """Add derived lines, order the lines canonically and compute every total."""
    base = [x for x in primary if x.kind not in DERIVED_KINDS]
    lines = canonical_order([*base, *derive_lines(base, rules, currency)])
    subtotals = {k: Money.total((x.amount for x in lines if x.kind is k and x.amount is not None), currency)
                 for k in LineKind}
    salvage = -subtotals[LineKind.SALVAGE]
    net = Money.total(subtotals.values(), currency)
    complete = not any(x.flags & {LineFlag.NEEDS_MANUAL_PRICING, LineFlag.NEEDS_ADJUSTER} for x in lines)
    recovered = case_facts.recovered_from_third_party or Money.zero(currency)
    absolute = policy_terms.absolute_deductible or Money.zero(currency)
    settlement = settle(repair_cost=net, recovered=recovered,
                        fault_rate=policy_terms.fault_deductible_rate, absolute=absolute)
    tier, reason = case_tier(net if complete else None, case_facts, rules)
    small = complete and is_small_loss(net, rules)
    return Estimate(
        version, currency, vehicle, region, lines, subtotals, net + salvage, salvage, net, settlement,
        deductible_explanations(settlement, policy_terms),
        status_notes(tier=tier, tier_reason=reason, small_loss=small, complete=complete, rules=rules),
        tier, small, complete, catalog_version, rules.version, policy_terms, case_facts, rules, revision)


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
    ctx = _Ctx(catalog, vehicle, region, rules, currency)
    by_part: dict[PartCode, list[Finding]] = {}
    primary: list[EstimateLine] = []
    for finding in findings:
        if finding.part is None:
            primary.append(_unidentified_line(finding))
        else:
            by_part.setdefault(finding.part, []).append(finding)
    for part, group in by_part.items():
        primary.extend(_price_part(ctx, part, sorted(group, key=lambda f: f.finding_id)))
    return assemble(primary=primary, version=1, currency=currency, vehicle=vehicle, region=region,
                    catalog_version=catalog.version, rules=rules, policy_terms=policy_terms,
                    case_facts=case_facts or CaseFacts())
