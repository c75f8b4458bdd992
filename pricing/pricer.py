"""Pricing one damaged part: the rules pick the action, the catalog gives every figure, and each
line carries its basis. A missing figure leaves the line unpriced (manual pricing), never zero."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing.catalog import Basis, LabourKind, MatchLevel, PartsCatalog, Vehicle
from pricing.explain import (
    LABOUR_EN,
    labour_text,
    materials_text,
    part_text,
    replace_80_text,
    rules_text,
)
from pricing.lines import EstimateLine, Evidence, Finding, LineFlag, LineKind
from pricing.money import Money
from pricing.parts import DAMAGE_ZH, PART_NAMES, Action, PartCode, Severity
from pricing.rules import RuleId, Rules, initial_action, should_replace


@dataclass(frozen=True)
class PricingContext:
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


def _labour_line(
    ctx: PricingContext,
    part: PartCode,
    kind: LabourKind,
    severity: Severity | None,
    action: Action,
    evidence: Evidence,
    rule_ids: tuple[RuleId, ...],
    extra: tuple[str, str] = ("", ""),
    extra_flags: frozenset[LineFlag] = frozenset(),
) -> EstimateLine:
    hours = ctx.catalog.labour_hours(part, ctx.vehicle, kind, severity)
    rate = ctx.catalog.labour_rate(ctx.region, kind)
    amount = (rate.value * hours.value).quantized() if hours and rate else None
    bases = tuple(q.basis for q in (hours, rate) if q is not None)
    line_kind = LineKind.PAINT if kind is LabourKind.PAINT else LineKind.LABOUR
    line_id = f"{part.value}/paint" if kind is LabourKind.PAINT else f"{part.value}/labour.{kind.value}"
    name = PART_NAMES[part]
    zh, en = labour_text(part, kind, hours, rate, ctx.region)
    if amount is None:
        rule_ids = (*rule_ids, RuleId.MANUAL_PRICE)
    rules_zh, rules_en = rules_text(rule_ids)
    return EstimateLine(
        line_id,
        line_kind,
        part,
        action,
        f"{name.zh}{kind.zh}工时",
        f"{name.en} {LABOUR_EN[kind]} labour",
        hours.value if hours else Decimal(0),
        rate.value if rate else None,
        amount,
        bases,
        rule_ids,
        evidence,
        "；".join(t for t in (zh, extra[0], rules_zh) if t),
        "; ".join(t for t in (en, extra[1], rules_en) if t),
        _flags(bases, ctx.rules, amount) | extra_flags,
    )


def price_part(ctx: PricingContext, part: PartCode, group: Sequence[Finding]) -> list[EstimateLine]:
    """The lines for one damaged part, from all the findings on it (before derived lines).

    >>> from pricing.price_list import load_sample_catalog
    >>> from pricing.catalog import VehicleClass
    >>> ctx = PricingContext(load_sample_catalog(), Vehicle(VehicleClass.COMPACT), "310000", Rules(), "CNY")
    >>> [x.line_id for x in price_part(ctx, PartCode.HOOD, [Finding("f1", "hood", "dent", "minor")])]
    ['hood/labour.repair', 'hood/paint', 'hood/materials']
    """
    name, rules = PART_NAMES[part], ctx.rules
    decisions = [initial_action(f.damage_type, f.severity, rules) for f in group]
    action = max((a for a, _ in decisions), key=lambda a: a.rank)
    rule_ids = sorted({r for a, r in decisions if r is not None and a is action})
    if action is Action.PAINT and not name.painted:
        action = Action.REPAIR  # a lens or a tyre is not painted: a minor scratch is a repair
        rule_ids = []
    severity = max((f.severity for f in group), key=lambda s: s.rank)
    evidence = Evidence.of(group)
    damage = "、".join(sorted({DAMAGE_ZH[f.damage_type] for f in group}))
    lines: list[EstimateLine] = []
    why: tuple[str, str] | None = None  # R-REPLACE-80's comparison, in words
    price = None
    if action in (Action.REPLACE, Action.REPAIR):
        price = ctx.catalog.part_price(part, ctx.vehicle, rules.price_type_preference)
    if action is Action.REPAIR:
        repair = _labour_line(ctx, part, LabourKind.REPAIR, severity, Action.REPAIR, evidence, ())
        fitting = _labour_line(ctx, part, LabourKind.REMOVE_REFIT, None, Action.REMOVE_REFIT, evidence, ())
        if repair.amount is not None and fitting.amount is not None and price is not None:
            replaced = should_replace(
                repair_cost=repair.amount,
                part_price=price.value,
                fitting_cost=fitting.amount,
                rules=rules,
            )
            why = replace_80_text(
                repair_cost=repair.amount,
                part_price=price.value,
                fitting_cost=fitting.amount,
                rules=rules,
                replaced=replaced,
            )
            rule_ids.append(RuleId.REPLACE_80)
            if replaced:
                action = Action.REPLACE
            else:
                lines.append(
                    _labour_line(
                        ctx,
                        part,
                        LabourKind.REPAIR,
                        severity,
                        Action.REPAIR,
                        evidence,
                        (RuleId.REPLACE_80,),
                        why,
                    )
                )
        else:
            note = (
                "未能比较修复与更换费用（价格库缺项），请定损员确认",
                f"{RuleId.REPLACE_80.value} not evaluated (catalog gaps); adjuster to confirm",
            )
            lines.append(
                _labour_line(
                    ctx,
                    part,
                    LabourKind.REPAIR,
                    severity,
                    Action.REPAIR,
                    evidence,
                    (RuleId.REPLACE_80,),
                    note,
                    frozenset({LineFlag.RULE_NOT_EVALUATED, LineFlag.NEEDS_ADJUSTER}),
                )
            )
    cited = tuple(sorted(set(rule_ids)))
    if action is Action.REPLACE:
        part_ids = (*cited, RuleId.PRICE_BASIS) if price else (*cited, RuleId.MANUAL_PRICE)
        zh, en = part_text(part, price)
        rules_zh, rules_en = rules_text(part_ids)
        amount = price.value.quantized() if price else None
        bases = (price.basis,) if price else ()
        lines.append(
            EstimateLine(
                f"{part.value}/parts",
                LineKind.PARTS,
                part,
                Action.REPLACE,
                f"更换{name.zh}（{damage}）",
                f"replace {name.en}",
                Decimal(1),
                amount,
                amount,
                bases,
                part_ids,
                evidence,
                "；".join(t for t in (zh, why[0] if why else "", rules_zh) if t),
                "; ".join(t for t in (en, why[1] if why else "", rules_en) if t),
                _flags(bases, rules, amount),
            )
        )
        lines.append(_labour_line(ctx, part, LabourKind.REMOVE_REFIT, None, Action.REMOVE_REFIT, evidence, cited))
    if name.painted:
        paint_ids = (*cited, RuleId.PAINT_PANEL) if RuleId.PAINT_SCRATCH not in cited else cited
        lines.extend(paint_lines(ctx, part, evidence, paint_ids))
    return lines


def paint_lines(ctx: PricingContext, part: PartCode, evidence: Evidence, ids: tuple[RuleId, ...]) -> list[EstimateLine]:
    """Painting one part: the paint labour line and the paint materials line, priced from the
    catalog (materials go to manual pricing when the catalog has none for this part)."""
    paint = _labour_line(ctx, part, LabourKind.PAINT, None, Action.PAINT, evidence, ids)
    material = ctx.catalog.paint_material(part, ctx.vehicle)
    amount = material.value.quantized() if material else None
    bases = (material.basis,) if material else ()
    material_ids = ids if material else (*ids, RuleId.MANUAL_PRICE)
    zh, en = materials_text(part, material, material_ids)
    name = PART_NAMES[part]
    materials = EstimateLine(
        f"{part.value}/materials",
        LineKind.MATERIALS,
        part,
        Action.PAINT,
        f"{name.zh}喷漆材料",
        f"{name.en} paint materials",
        Decimal(1),
        amount,
        amount,
        bases,
        material_ids,
        evidence,
        zh,
        en,
        _flags(bases, ctx.rules, amount),
    )
    return [paint, materials]


def unidentified_line(finding: Finding) -> EstimateLine:
    """A finding on an unknown part: flagged for the adjuster, never priced by guessing.

    >>> line = unidentified_line(Finding("f9", "unknown", "dent", "minor"))
    >>> line.line_id, line.amount, sorted(f.value for f in line.flags)
    ('unidentified/f9', None, ['needs_adjuster', 'needs_manual_pricing'])
    """
    ids = (RuleId.UNKNOWN_PART,)
    return EstimateLine(
        f"unidentified/{finding.finding_id}",
        LineKind.UNIDENTIFIED,
        None,
        None,
        f"未识别部位的{DAMAGE_ZH[finding.damage_type]}",
        f"{finding.damage_type.value} on an unidentified part",
        Decimal(1),
        None,
        None,
        (),
        ids,
        Evidence.of([finding]),
        "未能识别损伤所在部位，不作推测定价，交定损员人工确认部位与金额",
        "the damaged part could not be identified; not priced by guessing — the adjuster decides",
        frozenset({LineFlag.NEEDS_ADJUSTER, LineFlag.NEEDS_MANUAL_PRICING}),
    )
