"""A repair shop's quote (维修估价单): header fields, line items and totals."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np

from inference.ocr.extract.common import (
    VIN_PATTERN,
    as_amount,
    as_date,
    as_integer,
    as_plate,
    as_text,
    as_vin,
    field_from,
    labelled,
    narrow,
    search,
)
from inference.ocr.fields import Field, FieldStatus, LineItem
from inference.ocr.layout import LabelSpec, Page, first_line, rows
from inference.ocr.validate import parse_amount

SPECS = (
    LabelSpec("shop", ("维修企业", "维修单位", "修理厂名称", "承修单位")),
    LabelSpec("plate", ("车牌号码", "号牌号码", "车牌号")),
    LabelSpec("vin", ("VIN", "车架号", "车辆识别代号")),
    LabelSpec("quote_date", ("估价日期", "报价日期", "日期")),
    LabelSpec("parts_total", ("配件合计", "材料费合计", "配件费合计")),
    LabelSpec("labour_total", ("工时费合计", "工时合计", "工时费")),
    LabelSpec("total", ("总计", "合计金额", "估价总额", "合计")),
)
COLUMNS = {
    "index": ("序号",),
    "part": ("项目名称", "项目", "配件名称", "名称"),
    "operation": ("维修方式", "作业", "方式", "维修类别"),
    "quantity": ("数量",),
    "unit_price": ("单价",),
    "amount": ("金额", "小计"),
}
_OPERATIONS = ("更换", "修复", "喷漆", "拆装", "钣金", "维修")


def _columns(page: Page, header: int) -> dict[str, float]:
    """x of each column from the header row (cells of one line split by their characters)."""
    found: dict[str, float] = {}
    half = 0.5 * float(page.heights[header])
    for j in rows(page, top=float(page.centre_y[header]) - half, bottom=float(page.centre_y[header]) + half)[0]:
        text = page.text[j]
        x0, x1 = float(page.xyxy[j, 0]), float(page.xyxy[j, 2])
        for name, heads in COLUMNS.items():
            for head in heads:
                at = text.find(head)
                if at >= 0 and name not in found:
                    found[name] = x0 + (x1 - x0) * at / max(len(text), 1)
                    break
    return found


def line_items(page: Page) -> tuple[LineItem, ...]:
    header = first_line(page, r"项目名称|配件名称|维修项目")
    if header is None:
        return ()
    end = first_line(page, r"配件合计|工时费合计|工时合计|总计|合计")
    bottom = float(page.centre_y[end]) if end is not None else float("inf")
    columns = _columns(page, header)
    if "part" not in columns:
        return ()
    names = list(columns)
    xs = np.array([columns[n] for n in names], np.float32)
    items: list[LineItem] = []
    for row in rows(page, top=float(page.centre_y[header] + 0.6 * page.heights[header]), bottom=bottom):
        cells: dict[str, Field] = {}
        for j in row:
            column = names[int(np.argmin(np.abs(xs - page.xyxy[j, 0])))]
            if column == "part" and page.text[j].strip().isdigit():
                column = "index"  # a row number read where the header put the part column
            if column in cells or column == "index":
                continue
            hit = page.hit(j, 0, len(page.text[j]))
            norm = {"quantity": as_integer, "unit_price": as_amount, "amount": as_amount}.get(column, as_text)
            cells[column] = field_from(column, hit, norm)
        if "part" in cells and ("amount" in cells or "unit_price" in cells):
            items.append(LineItem(_check_amount(cells)))
    return tuple(items)


def _check_amount(cells: dict[str, Field]) -> dict[str, Field]:
    """Mark a line's amount invalid when it is not quantity × unit price (all three read)."""
    amount, quantity, unit = (cells.get(n) for n in ("amount", "quantity", "unit_price"))
    if amount is None or quantity is None or unit is None:
        return cells
    values = [parse_amount(f.value or "") for f in (amount, quantity, unit)]
    if any(v is None for v in values) or amount.status is FieldStatus.INVALID:
        return cells
    total, count, price = values
    expected = (count * price).quantize(Decimal("0.01"))  # type: ignore[operator]
    if total != expected:
        message = f"quantity × unit price is {expected}"
        return {**cells, "amount": replace(amount, status=FieldStatus.INVALID, message=message)}
    return cells


def quote(page: Page) -> tuple[dict[str, Field], tuple[LineItem, ...], list[str]]:
    normalisers = (as_text, as_plate, as_vin, as_date, as_amount, as_amount, as_amount)
    fields = {spec.name: labelled(page, spec, norm) for spec, norm in zip(SPECS, normalisers, strict=True)}
    if fields["vin"].value is None:
        fields["vin"] = field_from("vin", narrow(search(page, VIN_PATTERN), VIN_PATTERN), as_vin)
    items = line_items(page)
    messages: list[str] = []
    amounts = [parse_amount(i.cells["amount"].value or "") for i in items if "amount" in i.cells]
    total = fields["total"].value
    if total is not None and amounts and all(a is not None for a in amounts):
        listed = sum(a for a in amounts if a is not None)
        if parse_amount(total) != listed:
            messages.append(f"line amounts add up to {listed:.2f}, the quote's total says {total}")
    for item in items:
        operation = item.cells.get("operation")
        if operation and operation.value and not any(op in operation.value for op in _OPERATIONS):
            messages.append(f"unknown operation '{operation.value}'")
    return fields, items, messages
