"""Motor insurance policy: compulsory (交强险) and commercial (商业险)."""

from __future__ import annotations

import re

import numpy as np

from inference.ocr.extract.common import (
    VIN_PATTERN,
    as_amount,
    as_id_number,
    as_name,
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
from inference.ocr.validate import parse_all_dates, parse_amount

SPECS = (
    LabelSpec("policy_number", ("保险单号", "保单号码", "保单号")),
    LabelSpec("insured", ("被保险人",)),
    LabelSpec("insured_id_number", ("身份证号码", "证件号码")),
    LabelSpec("plate", ("号牌号码", "车牌号码")),
    LabelSpec("model", ("厂牌型号", "品牌型号")),
    LabelSpec("engine_number", ("发动机号码", "发动机号")),
    LabelSpec("vin", ("车辆识别代号", "车架号", "VIN码")),
    LabelSpec("total_premium", ("保险费合计", "保费合计")),
    LabelSpec("deductible", ("绝对免赔额", "免赔额")),
    LabelSpec("period", ("保险期间", "保险期限"), below=True),
)
_POLICY_NUMBER = re.compile(r"[A-Z]{2,6}\d{10,}")
_COVER = re.compile(r"保险|限额|险")
_HEADER_CELL = re.compile(r"[（(]元[)）]|承保险种|险种名称")
_NOT_COVER = re.compile(r"承保险种|保险费合计|保费合计|保险期间|保险单号|保险人|被保险人|免赔")


def _cover_name(text: str) -> tuple[str | None, None]:
    """Chinese forms print full-width parentheses; the recogniser often returns ASCII ones."""
    return text.replace("(", "（").replace(")", "）").strip() or None, None


def _policy_number(text: str) -> tuple[str | None, None]:
    match = _POLICY_NUMBER.search(text.upper().replace(" ", ""))
    return (match.group() if match else None), None


def _period(page: Page, spec: LabelSpec, fields: dict[str, Field]) -> None:
    found = page.find(spec)
    if found is None:
        fields["period_start"], fields["period_end"] = Field.missing("period_start"), Field.missing("period_end")
        return
    hit, more = found
    text = hit.text + "".join(h.text for h in more)
    dates = parse_all_dates(text)
    for name, index in (("period_start", 0), ("period_end", 1)):
        if len(dates) > index:
            fields[name] = Field(name, dates[index].isoformat(), hit.confidence, hit.quad, FieldStatus.OK)
        else:
            fields[name] = Field(name, None, hit.confidence, hit.quad, FieldStatus.MISSING, "period not readable")
    if len(dates) >= 2 and dates[1] < dates[0]:
        fields["period_end"] = Field(
            "period_end",
            dates[1].isoformat(),
            hit.confidence,
            hit.quad,
            FieldStatus.INVALID,
            "period ends before it starts",
        )


# Header cells of the covers table's amount columns (checked in this order: "免赔" before "保险费").
_AMOUNT_COLUMNS = (
    ("deductible", re.compile(r"免赔")),
    ("premium", re.compile(r"保险费|保费")),
    ("sum_insured", re.compile(r"保险金额|责任限额|保额|限额")),
)


def _amount_columns(page: Page, header: int | None) -> dict[str, float]:
    """x of each amount column, from the header row's cells; empty when the header names none."""
    if header is None:
        return {}
    half = 0.5 * float(page.heights[header])
    centre = float(page.centre_y[header])
    found: dict[str, float] = {}
    for row in rows(page, top=centre - half, bottom=centre + half):
        for j in row:
            for name, pattern in _AMOUNT_COLUMNS:
                match = pattern.search(page.text[j])
                if match and name not in found:
                    x0, x1 = float(page.xyxy[j, 0]), float(page.xyxy[j, 2])
                    found[name] = x0 + (x1 - x0) * match.start() / max(len(page.text[j]), 1)
                    break
    return found


def _assign(page: Page, amounts: list[int], columns: dict[str, float]) -> list[tuple[str, int]]:
    """(cell name, line) for a row's amount cells: by the nearest header column, else in printed order."""
    if len(columns) < 2 or "sum_insured" not in columns:
        return list(zip(("sum_insured", "premium"), amounts, strict=False))
    names = list(columns)
    xs = np.array([columns[n] for n in names], np.float32)
    taken: dict[str, int] = {}
    for j in amounts:
        name = names[int(np.argmin(np.abs(xs - page.xyxy[j, 0])))]
        taken.setdefault(name, j)
    return list(taken.items())


def covers(page: Page) -> tuple[LineItem, ...]:
    """Rows of the covers table: cover name, sum insured (or liability limit), deductible and premium.

    Amount cells go to the column whose header they sit under ("保险金额", "免赔", "保险费");
    a table whose header was not read takes them in order (sum insured, then premium).
    """
    header = first_line(page, r"承保险种|险种名称|保险项目")
    total = first_line(page, r"保险费合计|保费合计|保险期间")
    top = float(page.centre_y[header]) if header is not None else 0.0
    bottom = float(page.centre_y[total]) if total is not None else float("inf")
    columns = _amount_columns(page, header)
    items: list[LineItem] = []
    for row in rows(page, top=top, bottom=bottom):
        name_line = row[0]
        if header is not None and name_line == header:
            continue
        text = page.text[name_line]
        if not _COVER.search(text) or _NOT_COVER.search(text):
            continue
        amounts = [j for j in row[1:] if parse_amount(page.text[j]) is not None]
        if not amounts or _HEADER_CELL.search("".join(page.text[j] for j in row)):
            continue  # the header row, or a line of prose that mentions insurance
        cells = {"cover": field_from("cover", page.hit(name_line, 0, len(text)), _cover_name)}
        for name, j in _assign(page, amounts, columns):
            cells[name] = field_from(name, page.hit(j, 0, len(page.text[j])), as_amount)
        items.append(LineItem(cells))
    return tuple(items)


def policy(page: Page) -> tuple[dict[str, Field], tuple[LineItem, ...]]:
    normalisers = (_policy_number, as_name, as_id_number, as_plate, as_text, _alnum, as_vin, as_amount, as_amount)
    fields = {spec.name: labelled(page, spec, norm) for spec, norm in zip(SPECS[:-1], normalisers, strict=True)}
    if fields["vin"].value is None:
        fields["vin"] = field_from("vin", narrow(search(page, VIN_PATTERN), VIN_PATTERN), as_vin)
    if fields["policy_number"].value is None:
        fields["policy_number"] = field_from(
            "policy_number", narrow(search(page, _POLICY_NUMBER), _POLICY_NUMBER), _policy_number
        )
    _period(page, SPECS[-1], fields)
    return fields, covers(page)


def _alnum(text: str) -> tuple[str | None, None]:
    match = re.search(r"[A-Z0-9]+", text.upper().replace(" ", ""))
    return (match.group() if match else None), None
