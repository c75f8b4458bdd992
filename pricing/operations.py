"""The adjuster chooses the operation on a part (repair / paint / replace / remove-and-refit) and,
where it is labour, the hours: the part's lines are priced again from the catalog for that
operation, each with its basis. A part with no lines yet (a hidden part, no photo) is added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from pricing.catalog import LabourKind, PartsCatalog
from pricing.errors import EstimateRevisionError
from pricing.estimate import DERIVED_KINDS, Estimate, assemble
from pricing.explain import part_text, rules_text
from pricing.history import ChangeKind, LineDiff, ReasonCode
from pricing.lines import EstimateLine, Evidence, LineFlag, LineKind
from pricing.parts import PART_NAMES, Action, PartCode, Severity
from pricing.pricer import PricingContext, _flags, _labour_line, paint_lines
from pricing.rules import RuleId

LABOUR_OF = {Action.REPAIR: LabourKind.REPAIR, Action.REMOVE_REFIT: LabourKind.REMOVE_REFIT}


@dataclass(frozen=True, slots=True)
class PartOperation:
    """Price ``part`` for ``action``; ``hours`` overrides the catalog's hours of the repair or
    remove-and-refit labour, ``quantity`` the number of parts replaced."""

    part: PartCode
    action: Action
    reason: ReasonCode
    hours: Decimal | None = None
    quantity: Decimal = Decimal(1)
    note: str = ""


def _hours(line: EstimateLine, hours: Decimal | None) -> EstimateLine:
    if hours is None:
        return line
    if hours <= 0:
        raise EstimateRevisionError(f"{line.line_id}: hours must be positive")
    amount = (line.unit_price * hours).quantized() if line.unit_price is not None else None
    flags = line.flags | {LineFlag.EDITED}
    if amount is not None:
        flags -= {LineFlag.NEEDS_MANUAL_PRICING}
    return replace(line, quantity=hours, amount=amount, flags=flags)


def _parts_line(ctx: PricingContext, op: PartOperation, evidence: Evidence) -> EstimateLine:
    price = ctx.catalog.part_price(op.part, ctx.vehicle, ctx.rules.price_type_preference)
    ids = (RuleId.PRICE_BASIS,) if price else (RuleId.MANUAL_PRICE,)
    zh, en = part_text(op.part, price)
    rules_zh, rules_en = rules_text(ids)
    unit = price.value.quantized() if price else None
    amount = (unit * op.quantity).quantized() if unit is not None else None
    bases = (price.basis,) if price else ()
    name = PART_NAMES[op.part]
    return EstimateLine(
        f"{op.part.value}/parts",
        LineKind.PARTS,
        op.part,
        Action.REPLACE,
        f"更换{name.zh}",
        f"replace {name.en}",
        op.quantity,
        unit,
        amount,
        bases,
        ids,
        evidence,
        "；".join(t for t in (zh, rules_zh) if t),
        "; ".join(t for t in (en, rules_en) if t),
        _flags(bases, ctx.rules, amount) | {LineFlag.EDITED},
    )


def _paint_lines(ctx: PricingContext, part: PartCode, evidence: Evidence) -> list[EstimateLine]:
    return paint_lines(ctx, part, evidence, (RuleId.PAINT_PANEL,))


def operation_lines(
    ctx: PricingContext, op: PartOperation, evidence: Evidence, severity: Severity = Severity.MODERATE
) -> list[EstimateLine]:
    """The lines of one part for the chosen operation, priced from the catalog.

    >>> from pricing.price_list import load_sample_catalog
    >>> from pricing.catalog import Vehicle, VehicleClass
    >>> from pricing.rules import Rules
    >>> ctx = PricingContext(load_sample_catalog(), Vehicle(VehicleClass.COMPACT), "310000", Rules(), "CNY")
    >>> op = PartOperation(PartCode.FRONT_BUMPER, Action.REPLACE, ReasonCode.REPLACE_INSTEAD_OF_REPAIR)
    >>> [x.line_id for x in operation_lines(ctx, op, Evidence())]
    ['front_bumper/parts', 'front_bumper/labour.remove_refit', 'front_bumper/paint', 'front_bumper/materials']
    """
    if op.quantity <= 0:
        raise EstimateRevisionError(f"{op.part.value}: quantity must be positive")
    painted = PART_NAMES[op.part].painted
    if op.action is Action.PAINT and not painted:
        raise EstimateRevisionError(f"{op.part.value} is not painted; choose repair, replace or remove_refit")
    lines: list[EstimateLine] = []
    if op.action is Action.REPLACE:
        lines.append(_parts_line(ctx, op, evidence))
        fitting = _labour_line(ctx, op.part, LabourKind.REMOVE_REFIT, None, Action.REMOVE_REFIT, evidence, ())
        lines.append(_hours(fitting, op.hours))
    elif op.action in LABOUR_OF:
        kind = LABOUR_OF[op.action]
        labour = _labour_line(
            ctx, op.part, kind, severity if kind is LabourKind.REPAIR else None, op.action, evidence, ()
        )
        lines.append(_hours(labour, op.hours))
    if painted and op.action is not Action.REMOVE_REFIT:
        lines.extend(_paint_lines(ctx, op.part, evidence))
    return [replace(x, flags=x.flags | {LineFlag.EDITED}) for x in lines]


def apply_operations(
    estimate: Estimate, operations: Sequence[PartOperation], catalog: PartsCatalog
) -> tuple[list[EstimateLine], dict[str, tuple[ReasonCode, str]]]:
    """The primary lines after the operations, and the reason of each line they touched."""
    if catalog.version != estimate.catalog_version:
        raise EstimateRevisionError(
            f"the estimate was priced from catalog {estimate.catalog_version}, not {catalog.version}: price it again"
        )
    ctx = PricingContext(catalog, estimate.vehicle, estimate.region, estimate.rules, estimate.currency)
    primary = [x for x in estimate.lines if x.kind not in DERIVED_KINDS]
    reasons: dict[str, tuple[ReasonCode, str]] = {}
    seen: set[PartCode] = set()
    for op in operations:
        if op.part in seen:
            raise EstimateRevisionError(f"{op.part.value}: one operation per part in a revision")
        seen.add(op.part)
        # the part's priced lines; an adjuster's own line that names the part stays
        old = [x for x in primary if x.part is op.part and x.line_id.startswith(f"{op.part.value}/")]
        evidence = _merged(old)
        primary = [x for x in primary if x not in old]
        new = operation_lines(ctx, op, evidence)
        primary.extend(new)
        for line_id in {x.line_id for x in old} | {x.line_id for x in new}:
            reasons[line_id] = (op.reason, op.note)
    return primary, reasons


def diffs_between(
    old: Sequence[EstimateLine],
    new: Sequence[EstimateLine],
    reasons: Mapping[str, tuple[ReasonCode, str]],
    *,
    default: ReasonCode = ReasonCode.OTHER,
) -> list[LineDiff]:
    """Per-line diff of two versions; each changed line with its reason from ``reasons`` (else
    ``default``; derived lines: recomputed)."""
    before = {x.line_id: x for x in old}
    after = {x.line_id: x for x in new}
    diffs: list[LineDiff] = []
    for line_id in sorted(before.keys() | after.keys()):
        a, b = before.get(line_id), after.get(line_id)
        line = a if a is not None else b
        assert line is not None
        if a is not None and b is not None and (a.amount, a.quantity, a.action) == (b.amount, b.quantity, b.action):
            continue
        reason, note = (
            (ReasonCode.RECOMPUTED, "") if line.kind in DERIVED_KINDS else reasons.get(line_id, (default, ""))
        )
        change = ChangeKind.ADDED if a is None else ChangeKind.REMOVED if b is None else ChangeKind.CHANGED
        diffs.append(LineDiff(line_id, change, reason, a.amount if a else None, b.amount if b else None, note))
    return diffs


def _merged(lines: Sequence[EstimateLine]) -> Evidence:
    confidences = [x.evidence.confidence for x in lines if x.evidence.confidence is not None]
    return Evidence(
        tuple(sorted({p for x in lines for p in x.evidence.photo_ids})),
        tuple(sorted({f for x in lines for f in x.evidence.finding_ids})),
        min(confidences) if confidences else None,
    )


def rebuild(estimate: Estimate, primary: Sequence[EstimateLine]) -> Estimate:
    """``estimate`` with other primary lines (same version; derived lines and totals recomputed)."""
    return assemble(
        primary=primary,
        version=estimate.version,
        currency=estimate.currency,
        vehicle=estimate.vehicle,
        region=estimate.region,
        catalog_version=estimate.catalog_version,
        rules=estimate.rules,
        policy_terms=estimate.policy_terms,
        case_facts=estimate.case_facts,
    )
