"""What the 定损单 shows, computed once from an estimate; the HTML and PDF renderers only lay it out.

Everything here is plain text already in words (Chinese first, as on a paper 定损单), so both
renderers show the same figures and the same basis for each line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Final

from api.reports.photos import ORIGIN_ZH, ReportPhoto
from pricing import Estimate, EstimateLine, LineFlag, LineKind, Money, ReasonCode, VehicleClass
from pricing.explain import money_text

TITLE_ZH: Final = "机动车辆损失定损单"
TITLE_EN: Final = "Motor vehicle loss estimate"

KIND_ZH: Final = {
    LineKind.PARTS: "配件",
    LineKind.LABOUR: "工时",
    LineKind.PAINT: "喷漆",
    LineKind.MATERIALS: "辅料",
    LineKind.ADJUSTMENT: "调整",
    LineKind.SALVAGE: "残值",
    LineKind.UNIDENTIFIED: "待确认",
}
FLAG_ZH: Final = {
    LineFlag.NEEDS_MANUAL_PRICING: "待人工核价",
    LineFlag.NEEDS_ADJUSTER: "待定损员确认",
    LineFlag.VEHICLE_CLASS_FALLBACK: "按车辆级别取价",
    LineFlag.REGION_FALLBACK: "按上级/默认地区费率",
    LineFlag.PRICE_TYPE_FALLBACK: "改用其他价格类型",
    LineFlag.RULE_NOT_EVALUATED: "规则未能评估",
    LineFlag.EDITED: "已人工调整",
}
REASON_ZH: Final = {
    ReasonCode.MANUAL_PRICING: "人工核价",
    ReasonCode.PRICE_CORRECTION: "价格更正",
    ReasonCode.HOURS_CORRECTION: "工时更正",
    ReasonCode.PART_IDENTIFIED: "已确认部件",
    ReasonCode.HIDDEN_DAMAGE: "隐蔽损失",
    ReasonCode.NOT_ACCIDENT_DAMAGE: "非本次事故损失",
    ReasonCode.DUPLICATE_LINE: "重复项目",
    ReasonCode.REPAIR_INSTEAD_OF_REPLACE: "改为修复",
    ReasonCode.REPLACE_INSTEAD_OF_REPAIR: "改为更换",
    ReasonCode.THIRD_PARTY_REASSESSMENT: "第三方重新定损",
    ReasonCode.FINDING_CORRECTED: "损伤识别更正",
    ReasonCode.OTHER: "其他",
    ReasonCode.RECOMPUTED: "随相关项目重新计算",
}
CHANGE_ZH: Final = {"added": "新增", "removed": "删除", "changed": "修改"}
CLASS_ZH: Final = {
    VehicleClass.ECONOMY: "经济型",
    VehicleClass.COMPACT: "紧凑型",
    VehicleClass.MIDSIZE: "中型",
    VehicleClass.SUV: "SUV",
    VehicleClass.LUXURY: "豪华型",
    VehicleClass.NEW_ENERGY: "新能源",
}
ROLE_ZH: Final = {
    "customer": "客户",
    "junior_adjuster": "初级定损员",
    "senior_adjuster": "高级定损员",
    "complaint_handler": "投诉处理员",
    "supervisor": "主管",
}
MANUAL_PRICE_ZH: Final = "待人工核价"
SAMPLE_WARNING: Final = "示例价格库（sample data），金额仅供演示，不得用于实际理赔结算"


def stamp(moment: datetime, tz: tzinfo | None = None) -> str:
    """A time as the 定损单 prints it, with its zone named by its UTC offset (the claim's zone
    when ``tz`` is given, else the zone ``moment`` carries): ``2026-11-20 17:30 UTC+08:00``; a
    naive time is printed without a zone.

    >>> from zoneinfo import ZoneInfo
    >>> stamp(datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("UTC")), ZoneInfo("Asia/Shanghai"))
    '2026-11-20 17:30 UTC+08:00'
    """
    local = moment.astimezone(tz) if tz is not None else moment
    zone = offset_label(local)
    return f"{local:%Y-%m-%d %H:%M} {zone}" if zone else f"{local:%Y-%m-%d %H:%M}"


def offset_label(moment: datetime) -> str:
    """The UTC offset ``moment`` carries as ``UTC+08:00``; empty for a naive time."""
    offset = moment.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    """Who and what the estimate is for, as printed in its header. All optional but the reference;
    anything the caller leaves out is printed as "—"."""

    claim_ref: str
    policy_number: str | None = None
    accident_at: datetime | None = None
    plate: str | None = None
    vin: str | None = None
    insured: str | None = None
    status: str | None = None  # e.g. "草稿 draft" or "已核准 approved 2026-11-25"
    issued_at: datetime | None = None
    notes: tuple[str, ...] = ()  # pricing assumptions for the adjuster (staff copies only)
    # The customer's signature of this version: who, when, the content hash's prefix (None: unsigned).
    signature: str | None = None


@dataclass(frozen=True, slots=True)
class LineOrigin:
    """Where a line came from (``ai``, ``adjuster``, ``customer_reported``) and each change to it
    as (version, change, reason code, role of who made it). ``added_by`` names who brought in a
    line that is not the AI's: a role code, and the person on staff copies (``senior_adjuster``,
    ``adj@example.test``)."""

    origin: str
    changes: tuple[tuple[int, str, str, str], ...] = ()
    added_by: tuple[str, str] | None = None


def added_text(origin: LineOrigin) -> str:
    """``定损员新增（高级定损员 adj@example.test）``: the origin of a line a person brought in, with
    who, where an AI line shows its confidence (a person's finding has none)."""
    label = ORIGIN_ZH.get(origin.origin, origin.origin)
    if origin.added_by is None:
        return label
    role, person = origin.added_by
    who = " ".join(x for x in (ROLE_ZH.get(role, role), person) if x)
    return f"{label}（{who}）" if who else label


def origin_text(origin: LineOrigin) -> str:
    """``项目来源：AI 识别；第3版 高级定损员修改（改为更换）``: the line's origin and who changed it, why."""
    reasons = {r.value: text for r, text in REASON_ZH.items()}
    changes = [
        f"第{version}版 {ROLE_ZH.get(role, role)}{CHANGE_ZH.get(change, change)}（{reasons.get(reason, reason)}）"
        for version, change, reason, role in origin.changes
    ]
    return "；".join([f"项目来源：{ORIGIN_ZH.get(origin.origin, origin.origin)}", *changes])


@dataclass(frozen=True, slots=True)
class RowView:
    number: int
    line_id: str
    item: str
    kind: str
    action: str
    quantity: str
    unit_price: str
    amount: str
    manual: bool
    basis: str
    rules: str
    evidence: str
    flags: tuple[str, ...]
    origin: str = ""


@dataclass(frozen=True, slots=True)
class TotalView:
    label: str
    amount: str
    strong: bool = False


@dataclass(frozen=True, slots=True)
class DiffView:
    line_id: str
    change: str
    reason: str
    before: str
    after: str
    note: str


@dataclass(frozen=True, slots=True)
class ReportView:
    title: str
    subtitle: str
    header: tuple[tuple[str, str], ...]
    rows: tuple[RowView, ...]
    subtotals: tuple[TotalView, ...]
    totals: tuple[TotalView, ...]
    deductible: tuple[str, ...]
    notes: tuple[str, ...]
    diffs: tuple[DiffView, ...]
    revision_note: str
    photos: tuple[ReportPhoto, ...]
    warnings: tuple[str, ...] = field(default=())
    footer: str = ""


def _minus(amount: Money) -> str:
    """A deduction shown with its sign ("-300.00 CNY"); zero stays "0.00 CNY", never "-0.00"."""
    return money_text(-amount) if amount.amount != 0 else money_text(amount.quantized())


def _dash(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def _decimal_text(value: object) -> str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def _evidence_text(line: EstimateLine, labels: dict[str, str], origin: LineOrigin | None) -> str:
    """The photos and findings behind a line; the detector's confidence for an AI line only: a
    line from a person's finding (or a line a person added) names its origin and who instead."""
    ev = line.evidence
    parts = []
    if ev.photo_ids:
        parts.append("、".join(labels.get(p, p) for p in ev.photo_ids))
    if ev.finding_ids:
        parts.append(f"识别结果 {len(ev.finding_ids)} 处")
    if origin is not None and origin.origin != "ai":
        parts.append(added_text(origin))
    elif ev.confidence is not None:
        parts.append(f"置信度 {ev.confidence:.2f}")
    return "；".join(parts)


def _row(
    number: int, line: EstimateLine, labels: dict[str, str], *, internal: bool, origin: LineOrigin | None
) -> RowView:
    flags = sorted(line.flags, key=list(LineFlag).index)
    shown = [FLAG_ZH[f] for f in flags if internal or f in (LineFlag.NEEDS_MANUAL_PRICING, LineFlag.EDITED)]
    return RowView(
        number=number,
        line_id=line.line_id,
        item=line.description_zh,
        kind=KIND_ZH[line.kind],
        action=line.action.zh if line.action is not None else "",
        quantity=_decimal_text(line.quantity),
        unit_price=money_text(line.unit_price) if line.unit_price is not None else "",
        amount=money_text(line.amount) if line.amount is not None else MANUAL_PRICE_ZH,
        manual=line.amount is None,
        basis=line.explanation_zh,
        rules=" ".join(r.value for r in line.rule_ids),
        evidence=_evidence_text(line, labels, origin),
        flags=tuple(shown),
        origin=origin_text(origin) if origin is not None else "",
    )


def build_view(
    estimate: Estimate,
    *,
    claim_info: ClaimInfo,
    photos: Sequence[ReportPhoto] = (),
    internal: bool = False,
    origins: Mapping[str, LineOrigin] | None = None,
) -> ReportView:
    """The report's content. ``internal`` adds the adjuster's flags (fallbacks, review marks);
    a customer's copy shows only "to be priced by hand" and "edited". ``origins`` (by line id)
    prints where each line came from and who changed it."""
    labels = {p.photo_id: p.label for p in photos}
    v = estimate.vehicle
    vehicle = " ".join(x for x in (v.make, v.model, str(v.year) if v.year else None) if x)
    accident = stamp(claim_info.accident_at) if claim_info.accident_at else None
    issued = stamp(claim_info.issued_at) if claim_info.issued_at else None
    header = (
        ("报案号 Claim", claim_info.claim_ref),
        ("保单号 Policy", _dash(claim_info.policy_number)),
        ("被保险人 Insured", _dash(claim_info.insured)),
        ("出险时间 Accident", _dash(accident)),
        ("号牌号码 Plate", _dash(claim_info.plate)),
        ("车辆识别代号 VIN", _dash(claim_info.vin)),
        ("品牌型号 Make/model", _dash(vehicle or None)),
        ("车辆级别 Class", CLASS_ZH.get(v.vehicle_class, str(v.vehicle_class))),
        ("地区 Region", estimate.region),
        ("定损单版本 Version", str(estimate.version)),
        ("状态 Status", _dash(claim_info.status)),
        ("出具时间 Issued", _dash(issued)),
    ) + ((("客户签署 Signed", claim_info.signature),) if claim_info.signature else ())
    known = origins or {}
    rows = tuple(
        _row(n, line, labels, internal=internal, origin=known.get(line.line_id))
        for n, line in enumerate(estimate.lines, 1)
    )
    subtotals = tuple(
        TotalView(KIND_ZH[k], money_text(amount)) for k, amount in estimate.subtotals.items() if amount.amount != 0
    )
    s = estimate.settlement
    totals = (
        TotalView("修理费用合计 Gross repair cost", money_text(estimate.gross_repair_cost)),
        TotalView("残值扣除 Salvage", _minus(estimate.salvage_deduction)),
        TotalView("核定损失 Net repair cost", money_text(estimate.net_repair_cost), strong=True),
        TotalView("第三方追偿 Recovered", _minus(s.recovered)),
        TotalView("事故责任免赔 Fault deductible", _minus(s.fault_deductible)),
        TotalView("绝对免赔额 Absolute deductible", _minus(s.absolute_deductible)),
        TotalView("应赔付 Payable", money_text(s.payable), strong=True),
    )
    revision = estimate.revision
    diffs: tuple[DiffView, ...] = ()
    if revision is not None:
        diffs = tuple(
            DiffView(
                d.line_id,
                CHANGE_ZH[d.change.value],
                REASON_ZH[d.reason],
                money_text(d.before) if d.before is not None else "—",
                money_text(d.after) if d.after is not None else "—",
                d.note,
            )
            for d in revision.diffs
        )
    warnings = [f"定价假设 assumption: {note}" for note in claim_info.notes]
    if estimate.catalog_version.startswith("sample"):
        warnings.append(SAMPLE_WARNING)
    if not estimate.complete:
        warnings.append("本定损单尚有项目待人工核价或确认，合计金额为暂定 — totals are provisional")
    return ReportView(
        title=TITLE_ZH,
        subtitle=TITLE_EN,
        header=header,
        rows=rows,
        subtotals=subtotals,
        totals=totals,
        deductible=tuple(e.zh for e in estimate.deductible_explanations),
        notes=tuple(e.zh for e in estimate.notes),
        diffs=diffs,
        revision_note=(
            f"由第 {revision.parent_version} 版修订（{revision.actor_role.value}）{revision.note}".strip()
            if revision is not None
            else ""
        ),
        photos=tuple(photos),
        warnings=tuple(warnings),
        footer=(
            f"价格库 {estimate.catalog_version} · 规则 {estimate.rules_version} · 币种 {estimate.currency}"
            " · 每项金额的依据见“依据”一栏，规则编号可在定损规则表中查到"
        ),
    )
