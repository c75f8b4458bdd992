"""Vehicle licence (机动车行驶证): main page and second page (副页)."""

from __future__ import annotations

import re
from dataclasses import replace

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
from inference.ocr.fields import Field, FieldStatus
from inference.ocr.layout import LabelSpec, Page
from inference.ocr.validate import Check

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
    LabelSpec("issuing_authority", ("发证机关",)),
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
# 发证机关: printed beside its label on some cards, otherwise the wording of the card's red seal.
AUTHORITY = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:公安局交通警察(?:总队|支队|大队)|公安局交通管理局|车辆管理所)")


def _alnum(text: str) -> tuple[str | None, None]:
    match = _ALNUM.search(text.upper().replace(" ", ""))
    return (match.group() if match else None), None


def _dimensions(text: str) -> tuple[str | None, None]:
    match = _DIMENSIONS.search(text)
    return (f"{match[1]}X{match[2]}X{match[3]}" if match else None), None


def _year_month(text: str) -> tuple[str | None, None]:
    match = _YEAR_MONTH.search(text)
    return (f"{match[1]}-{int(match[2]):02d}" if match else None), None


def as_authority(text: str) -> tuple[str | None, Check | None]:
    """A traffic police authority's name; other text is kept as read and marked invalid.

    >>> as_authority("深圳市公安局交通警察支队")
    ('深圳市公安局交通警察支队', Check(ok=True, message=''))
    """
    cleaned = re.sub(r"[\s:：]", "", text)
    match = AUTHORITY.search(cleaned)
    if match is None:
        return (cleaned or None), Check(False, "not the name of a traffic police authority")
    return match.group(), Check(True)


def _passengers(text: str) -> tuple[str | None, Check | None]:
    value, _ = as_integer(text)
    if value is None:
        return None, Check(False, "no number")
    return value, Check(1 <= int(value) <= 99, "" if 1 <= int(value) <= 99 else "not a seat count (1–99)")


def _mass(text: str) -> tuple[str | None, Check | None]:
    value, _ = as_integer(text)
    if value is None:
        return None, Check(False, "no number")
    ok = 100 <= int(value) <= 100_000
    return value, Check(ok, "" if ok else "not a vehicle mass in kg (100–100000)")


def _both_read(first: Field, second: Field) -> bool:
    return first.status is FieldStatus.OK and second.status is FieldStatus.OK and bool(first.value and second.value)


def vehicle_licence(page: Page) -> dict[str, Field]:
    normalisers = (as_plate, as_text, as_name, as_text, as_text, as_text, as_vin, _alnum, as_date, as_date)
    fields = {spec.name: labelled(page, spec, norm) for spec, norm in zip(MAIN, normalisers, strict=False)}
    if fields["vin"].value is None:
        fields["vin"] = field_from("vin", narrow(search(page, VIN_PATTERN), VIN_PATTERN), as_vin)
    fields["issuing_authority"] = labelled(page, MAIN[-1], as_authority)
    if fields["issuing_authority"].status is not FieldStatus.OK:
        found = narrow(search(page, AUTHORITY), AUTHORITY)
        if found is not None:
            fields["issuing_authority"] = field_from("issuing_authority", found, as_authority)
    registered, issued = fields["registration_date"], fields["issue_date"]
    if _both_read(registered, issued) and str(issued.value) < str(registered.value):
        fields["issue_date"] = replace(issued, status=FieldStatus.INVALID, message="issued before registration")
    return fields


def vehicle_licence_second(page: Page) -> dict[str, Field]:
    normalisers = (as_plate, _alnum, _passengers, _mass, _mass, as_text, _dimensions, _year_month)
    fields = {spec.name: labelled(page, spec, norm) for spec, norm in zip(SECOND, normalisers, strict=True)}
    inspection = fields.pop("inspection")
    fields["inspection_valid_until"] = replace(inspection, name="inspection_valid_until")
    gross, curb = fields["gross_mass"], fields["curb_mass"]
    if _both_read(gross, curb) and int(str(curb.value)) > int(str(gross.value)):
        fields["curb_mass"] = replace(curb, status=FieldStatus.INVALID, message="curb mass above the gross mass")
    return fields
