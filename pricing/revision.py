"""Adjuster edits: an estimate is never changed; an edit makes version n+1 with a per-line diff.

Derived lines (salvage, the multi-panel paint adjustment) cannot be edited directly: they are
recomputed from the edited lines and appear in the diff with reason ``recomputed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from pricing.errors import EstimateRevisionError
from pricing.estimate import DERIVED_KINDS, MULTI_PANEL_LINE_ID, Estimate, assemble
from pricing.explain import money_text
from pricing.history import EDITING_ROLES, REASON_ZH, ROLE_ZH, ChangeKind, LineDiff, ReasonCode, Revision, Role
from pricing.lines import EstimateLine, Evidence, LineFlag, LineKind
from pricing.money import Money, to_decimal
from pricing.parts import Action, PartCode

CLEARED_BY_EDIT = frozenset({LineFlag.NEEDS_MANUAL_PRICING, LineFlag.NEEDS_ADJUSTER, LineFlag.RULE_NOT_EVALUATED})


@dataclass(frozen=True, slots=True)
class LineEdit:
    """Change one existing line: set its ``amount``, or its ``quantity`` (hours; the amount
    becomes quantity × unit price), or ``remove`` it. Exactly one of the three."""

    line_id: str
    reason: ReasonCode
    amount: Money | None = None
    quantity: Decimal | None = None
    remove: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class AddLine:
    """Add a line the assessment missed (hidden damage, an identified part)."""

    line_id: str
    kind: LineKind
    part: PartCode | None
    action: Action | None
    description_zh: str
    description_en: str
    amount: Money
    reason: ReasonCode
    quantity: Decimal = Decimal(1)
    note: str = ""


def _edited(line: EstimateLine, edit: LineEdit, role: Role) -> EstimateLine:
    chosen = sum([edit.amount is not None, edit.quantity is not None, edit.remove])
    if chosen != 1:
        raise EstimateRevisionError(f"{edit.line_id}: give exactly one of amount, quantity, remove")
    unit: Money | None
    if edit.quantity is not None:
        quantity = to_decimal(edit.quantity, what="quantity")
        if line.unit_price is None or quantity <= 0:
            raise EstimateRevisionError(f"{edit.line_id}: quantity needs a unit price and must be positive")
        amount, unit = (line.unit_price * quantity).quantized(), line.unit_price
    else:
        assert edit.amount is not None
        quantity, amount = line.quantity, edit.amount.quantized()
        # a lump sum on a multi-unit line no longer equals quantity × unit price: drop the unit price
        unit = amount if line.quantity == 1 else None
    if amount.amount < 0:
        raise EstimateRevisionError(f"{edit.line_id}: amount cannot be negative")
    zh = f"{ROLE_ZH[role]}调整为 {money_text(amount)}，原因：{REASON_ZH[edit.reason]}" + (
        f"，备注：{edit.note}" if edit.note else ""
    )
    en = f"adjusted by {role.value} to {money_text(amount)}, reason: {edit.reason.value}" + (
        f", note: {edit.note}" if edit.note else ""
    )
    return replace(
        line,
        quantity=quantity,
        unit_price=unit,
        amount=amount,
        explanation_zh=f"{line.explanation_zh}；{zh}" if line.explanation_zh else zh,
        explanation_en=f"{line.explanation_en}; {en}" if line.explanation_en else en,
        flags=(line.flags - CLEARED_BY_EDIT) | {LineFlag.EDITED},
    )


def revise_estimate(
    estimate: Estimate,
    *,
    edits: Sequence[LineEdit | AddLine],
    actor_role: Role,
    actor_id: str | None = None,
    note: str = "",
) -> Estimate:
    """Apply adjuster edits and return version n+1 with a per-line diff and reason codes.

    >>> from pricing.money import Money
    >>> from pricing.estimate import build_estimate
    >>> from pricing.lines import Finding
    >>> from pricing.catalog import Vehicle, VehicleClass
    >>> from pricing.case import PolicyTerms
    >>> from pricing.rules import Rules
    >>> from pricing.price_list import load_sample_catalog
    >>> v1 = build_estimate(findings=[Finding("f1", "unknown", "dent", "minor")],
    ...     vehicle=Vehicle(VehicleClass.SUV), catalog=load_sample_catalog(), rules=Rules(),
    ...     region="110000", policy_terms=PolicyTerms())
    >>> v2 = revise_estimate(v1, edits=[LineEdit("unidentified/f1", ReasonCode.MANUAL_PRICING,
    ...     amount=Money.of(300))], actor_role=Role.SENIOR_ADJUSTER)
    >>> v2.version, v2.complete, str(v2.net_repair_cost)
    (2, True, '300.00 CNY')
    """
    if actor_role not in EDITING_ROLES:
        raise EstimateRevisionError(f"role {actor_role.value} may not edit an estimate")
    if not edits:
        raise EstimateRevisionError("a revision needs at least one edit")
    lines = {x.line_id: x for x in estimate.lines if x.kind not in DERIVED_KINDS}
    derived_ids = {x.line_id for x in estimate.lines if x.kind in DERIVED_KINDS}
    diffs: list[LineDiff] = []
    seen: set[str] = set()
    for edit in edits:
        if edit.line_id in seen:
            raise EstimateRevisionError(f"{edit.line_id}: edited twice in one revision")
        seen.add(edit.line_id)
        if edit.reason is ReasonCode.RECOMPUTED:
            raise EstimateRevisionError("reason 'recomputed' is reserved for derived lines")
        if edit.line_id in derived_ids:
            raise EstimateRevisionError(f"{edit.line_id} is derived; edit the lines it comes from")
        if isinstance(edit, AddLine):
            reserved = edit.line_id.endswith("/salvage") or edit.line_id == MULTI_PANEL_LINE_ID
            if edit.line_id in lines or reserved or edit.kind in DERIVED_KINDS | {LineKind.UNIDENTIFIED}:
                raise EstimateRevisionError(f"{edit.line_id}: cannot add this line")
            if edit.amount.amount < 0:
                raise EstimateRevisionError(f"{edit.line_id}: amount cannot be negative")
            amount = edit.amount.quantized()
            lines[edit.line_id] = EstimateLine(
                edit.line_id,
                edit.kind,
                edit.part,
                edit.action,
                edit.description_zh,
                edit.description_en,
                edit.quantity,
                None,
                amount,
                (),
                (),
                Evidence(),
                f"{ROLE_ZH[actor_role]}新增，原因：{REASON_ZH[edit.reason]} {edit.note}".strip(),
                f"added by {actor_role.value}, reason: {edit.reason.value} {edit.note}".strip(),
                frozenset({LineFlag.EDITED}),
            )
            diffs.append(LineDiff(edit.line_id, ChangeKind.ADDED, edit.reason, None, amount, edit.note))
            continue
        if edit.line_id not in lines:
            raise EstimateRevisionError(f"{edit.line_id}: no such line in version {estimate.version}")
        before = lines[edit.line_id]
        if edit.remove and edit.amount is None and edit.quantity is None:
            del lines[edit.line_id]
            diffs.append(LineDiff(edit.line_id, ChangeKind.REMOVED, edit.reason, before.amount, None, edit.note))
            continue
        after = _edited(before, edit, actor_role)
        lines[edit.line_id] = after
        diffs.append(
            LineDiff(
                edit.line_id,
                ChangeKind.CHANGED,
                edit.reason,
                before.amount,
                after.amount,
                edit.note,
            )
        )
    revised = assemble(
        primary=list(lines.values()),
        version=estimate.version + 1,
        currency=estimate.currency,
        vehicle=estimate.vehicle,
        region=estimate.region,
        catalog_version=estimate.catalog_version,
        rules=estimate.rules,
        policy_terms=estimate.policy_terms,
        case_facts=estimate.case_facts,
    )
    old = {x.line_id: x.amount for x in estimate.lines if x.kind in DERIVED_KINDS}
    new = {x.line_id: x.amount for x in revised.lines if x.kind in DERIVED_KINDS}
    for line_id in sorted(old.keys() | new.keys()):
        if old.get(line_id) != new.get(line_id):
            change = (
                ChangeKind.ADDED
                if line_id not in old
                else ChangeKind.REMOVED
                if line_id not in new
                else ChangeKind.CHANGED
            )
            diffs.append(LineDiff(line_id, change, ReasonCode.RECOMPUTED, old.get(line_id), new.get(line_id)))
    revision = Revision(estimate.version, actor_role, actor_id, tuple(diffs), note)
    return replace(revised, revision=revision)
