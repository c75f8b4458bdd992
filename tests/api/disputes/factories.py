"""Hand-built estimate snapshots and customer figures for the complaint-desk tests."""

from __future__ import annotations

from decimal import Decimal

from api.disputes.quote import CustomerFigure, CustomerLine, Operation
from api.disputes.snapshot import EstimateSnapshot, SnapshotLine
from pricing import Action, LineKind, Money, PartCode, PriceType

SOURCE = "华东配件市场价 2026Q4"
LIST_VERSION = "pl-2026.11"
CATALOG_VERSION = "cat-2026.11.2"
CLAUSE = "机动车损失保险条款第二十一条 免赔额"


def m(amount: str) -> Money:
    return Money.of(amount)


def parts(part: PartCode, unit: str, qty: str = "1", price_type: PriceType = PriceType.MARKET_ORIGINAL) -> SnapshotLine:
    amount = (Money.of(unit) * Decimal(qty)).quantized()
    return SnapshotLine(
        f"{part.value}/parts", LineKind.PARTS, part, Action.REPLACE, f"更换{part.value}", f"replace {part.value}",
        Decimal(qty), m(unit), amount, price_type, SOURCE, LIST_VERSION, ("R-PRICE-BASIS",),
    )  # fmt: skip


def labour(part: PartCode, action: Action, hours: str, rate: str = "120.00") -> SnapshotLine:
    amount = (Money.of(rate) * Decimal(hours)).quantized()
    return SnapshotLine(
        f"{part.value}/labour.{action.value}", LineKind.LABOUR, part, action, f"{part.value} {action.zh}工时",
        f"{part.value} {action.value} labour", Decimal(hours), m(rate), amount, None, "工时标准 2026",
        LIST_VERSION, ("R-REPLACE-80",),
    )  # fmt: skip


def paint(part: PartCode, hours: str, rate: str = "130.00", materials: str = "200.00") -> list[SnapshotLine]:
    amount = (Money.of(rate) * Decimal(hours)).quantized()
    return [
        SnapshotLine(
            f"{part.value}/paint", LineKind.PAINT, part, Action.PAINT, f"{part.value} 喷漆工时", "paint labour",
            Decimal(hours), m(rate), amount, None, "工时标准 2026", LIST_VERSION, ("R-PAINT-PANEL",),
        ),
        SnapshotLine(
            f"{part.value}/materials", LineKind.MATERIALS, part, Action.PAINT, f"{part.value} 喷漆材料",
            "paint materials", Decimal(1), m(materials), m(materials), None, "辅料标准 2026", LIST_VERSION,
            ("R-PAINT-PANEL",),
        ),
    ]  # fmt: skip


def salvage(part: PartCode, amount: str) -> SnapshotLine:
    return SnapshotLine(
        f"{part.value}/salvage", LineKind.SALVAGE, part, None, "旧件残值", "salvage", Decimal(1), -m(amount),
        -m(amount), None, "", "", ("R-SALVAGE",),
    )  # fmt: skip


def snapshot(
    lines: list[SnapshotLine],
    *,
    fault: str = "0",
    absolute: str = "0",
    recovered: str = "0",
    payable: str | None = None,
) -> EstimateSnapshot:
    net = Money.total(x.amount for x in lines if x.amount is not None).quantized()
    if payable is None:
        payable = str((net - m(recovered) - m(fault) - m(absolute)).max_zero().quantized().amount)
    return EstimateSnapshot(
        "claim-1", 1, "CNY", CATALOG_VERSION, "rules-2026.1", tuple(lines), m(recovered), m(fault), m(absolute),
        m(payable), CLAUSE,
    )  # fmt: skip


def line(name: str, amount: str, op: Operation | None = None, **kw: object) -> CustomerLine:
    return CustomerLine(name, m(amount), op, **kw)  # type: ignore[arg-type]


def figure(*lines: CustomerLine, price_type: PriceType | None = None) -> CustomerFigure:
    return CustomerFigure.of_lines(lines, default_price_type=price_type)
