"""Vehicle licence (机动车行驶证): main page and second page (副页)."""

from __future__ import annotations

import re

from inference.ocr.extract.common import (
    VIN_PATTERN,
    as_date,
    as_integer,
    as_name,
    as_plate,
    as_text,
    as_vin,
    field_from,
    labelled,
    narrow,
    search,
)
from inference.ocr.fields import Field
from inference.ocr.layout import LabelSpec, Page

MAIN = (
    LabelSpec("plate", ("号牌号码",)),
    LabelSpec("vehicle_type", ("车辆类型",)),
    LabelSpec("owner", ("所有人",)),
    LabelSpec("address", ("住址",)),
    LabelSpec("use_character", ("使用性质",)),
    LabelSpec("model", ("品牌型号",)),
    LabelSpec("vin", ("车辆识别代号", "识别代号")),
    LabelSpec("engine_number", ("发动机号码", "发动机号")),
    LabelSpec("registration_date", ("注册日期",)),
    LabelSpec("issue_date", ("发证日期",)),
)
SECOND = (
    LabelSpec("plate", ("号牌号码",)),
    LabelSpec("file_number", ("档案编号",)),
    LabelSpec("approved_passengers", ("核定载人数",)),
    LabelSpec("gross_mass", ("总质量",)),
    LabelSpec("curb_mass", ("整备质量",)),
    LabelSpec("rated_load", ("核定载质量",)),
    LabelSpec("dimensions", ("外廓尺寸",)),
    LabelSpec("inspection", ("检验记录",), below=True),
)
_ALNUM = re.compile(r"[A-Z0-9]+")
_DIMENSIONS = re.compile(r"(\d{3,5})\s*[X×xX*]\s*(\d{3,5})\s*[X×xX*]\s*(\d{3,5})")
_YEAR_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")


def _alnum(text: str) -> tuple[str | None, None]:
    match = _ALNUM.search(text.upper().replace(" ", ""))
    return (match.group() if match else None), None


def _dimensions(text: str) -> tuple[str | None, None]:
    match = _DIMENSIONS.search(text)
    return (f"{match[1]}X{match[2]}X{match[3]}" if match else None), None


def _year_month(text: str) -> tuple[str | None, None]:
    match = _YEAR_MONTH.search(text)
    return (f"{match[1]}-{int(match[2]):02d}" if match else None), None


def vehicle_licence(page: Page) -> dict[str, Field]:
    normalisers = (as_plate, as_text, as_name, as_text, as_text, as_text, as_vin, _alnum, as_date, as_date)
    fields = {spec.name: labelled(page, spec, norm) for spec, norm in zip(MAIN, normalisers, strict=True)}
    if fields["vin"].value is None:
        fields["vin"] = field_from("vin", narrow(search(page, VIN_PATTERN), VIN_PATTERN), as_vin)
    return fields


def vehicle_licence_second(page: Page) -> dict[str, Field]:
    normalisers = (as_plate, _alnum, as_integer, as_integer, as_integer, as_text, _dimensions, _year_month)
    fields = {spec.name: labelled(page, spec, norm) for spec, norm in zip(SECOND, normalisers, strict=True)}
    inspection = fields.pop("inspection")
    fields["inspection_valid_until"] = Field(
        "inspection_valid_until",
        inspection.value,
        inspection.confidence,
        inspection.quad,
        inspection.status,
        inspection.message,
    )
    return fields
