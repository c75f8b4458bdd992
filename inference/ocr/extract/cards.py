"""Resident ID card (front and back) and driving licence."""

from __future__ import annotations

import re

from inference.ocr.extract.common import (
    ID_PATTERN,
    as_date,
    as_id_number,
    as_name,
    as_text,
    field_from,
    labelled,
    narrow,
    search,
)
from inference.ocr.extract.id_layout import back_by_position, cross_fill, front_by_position
from inference.ocr.fields import Field, FieldStatus
from inference.ocr.layout import LabelSpec, Page
from inference.ocr.validate import LONG_TERM, id_birth_date, id_sex, parse_period

ID_FRONT = (
    LabelSpec("name", ("姓名",)),
    LabelSpec("sex", ("性别",)),
    LabelSpec("ethnicity", ("民族",)),
    LabelSpec("birth_date", ("出生",)),
    LabelSpec("address", ("住址",), multiline=True),
    LabelSpec("id_number", ("公民身份号码",), below=True),
)
ID_BACK = (
    LabelSpec("issuing_authority", ("签发机关",)),
    LabelSpec("validity", ("有效期限",), below=True),
)
DRIVING = (
    LabelSpec("licence_number", ("证号",)),
    LabelSpec("name", ("姓名",)),
    LabelSpec("sex", ("性别",)),
    LabelSpec("nationality", ("国籍",)),
    LabelSpec("address", ("住址",), multiline=True),
    LabelSpec("birth_date", ("出生日期",)),
    LabelSpec("first_issue_date", ("初次领证日期", "初次领证")),
    LabelSpec("licence_class", ("准驾车型",)),
    LabelSpec("validity", ("有效期限", "有效期")),
)
_SEX = re.compile(r"[男女]")
_CLASS = re.compile(r"(?:A[123]|B[12]|C[1-6]|[DEFMNP])+")


def _sex(text: str) -> tuple[str | None, None]:
    match = _SEX.search(text)
    return (match.group() if match else None), None


def _ethnicity(text: str) -> tuple[str | None, None]:
    found = "".join(re.findall(r"[\u4e00-\u9fff]+", text)).removesuffix("族")
    return (found or None), None


def _licence_class(text: str) -> tuple[str | None, None]:
    match = _CLASS.search(text.upper().replace(" ", ""))
    return (match.group() if match else None), None


def _agree(fields: dict[str, Field], id_field: str) -> None:
    """Note (never fix) a birth date or sex that contradicts the ID number."""
    number = fields[id_field]
    if number.status is not FieldStatus.OK or number.value is None:
        return
    born, sex = fields.get("birth_date"), fields.get("sex")
    encoded = id_birth_date(number.value)
    if born and born.value and encoded and born.value != encoded.isoformat():
        fields["birth_date"] = _flag(born, f"ID number encodes {encoded.isoformat()}")
    if sex and sex.value and sex.value != id_sex(number.value):
        fields["sex"] = _flag(sex, f"ID number encodes {id_sex(number.value)}")


def _flag(field: Field, message: str) -> Field:
    return Field(field.name, field.value, field.confidence, field.quad, FieldStatus.INVALID, message)


def _validity(page: Page, spec: LabelSpec, fields: dict[str, Field]) -> None:
    found = page.find(spec)
    hit = found[0] if found else None
    if hit is None:
        fields["valid_from"], fields["valid_until"] = Field.missing("valid_from"), Field.missing("valid_until")
        return
    start, end = parse_period(hit.text)
    for name, value in (("valid_from", start), ("valid_until", end)):
        if value is None:
            fields[name] = Field(name, None, hit.confidence, hit.quad, FieldStatus.MISSING, f"no date in '{hit.text}'")
        else:
            text = value if value == LONG_TERM else value.isoformat()  # type: ignore[union-attr]
            fields[name] = Field(name, str(text), hit.confidence, hit.quad, FieldStatus.OK)


def id_card_front(page: Page) -> dict[str, Field]:
    fields = {
        "name": labelled(page, ID_FRONT[0], as_name),
        "sex": labelled(page, ID_FRONT[1], _sex),
        "ethnicity": labelled(page, ID_FRONT[2], _ethnicity),
        "birth_date": labelled(page, ID_FRONT[3], as_date),
        "address": labelled(page, ID_FRONT[4], as_text),
        "id_number": labelled(page, ID_FRONT[5], as_id_number),
    }
    if fields["id_number"].value is None:  # the number stands alone when its label was not read
        fields["id_number"] = field_from("id_number", narrow(search(page, ID_PATTERN), ID_PATTERN), as_id_number)
    front_by_position(page, fields)
    cross_fill(fields, "id_number")
    return fields


def id_card_back(page: Page) -> dict[str, Field]:
    fields = {"issuing_authority": labelled(page, ID_BACK[0], as_text)}
    _validity(page, ID_BACK[1], fields)
    back_by_position(page, fields)
    return fields


def driving_licence(page: Page) -> dict[str, Field]:
    fields = {
        "licence_number": labelled(page, DRIVING[0], as_id_number),
        "name": labelled(page, DRIVING[1], as_name),
        "sex": labelled(page, DRIVING[2], _sex),
        "nationality": labelled(page, DRIVING[3], as_text),
        "address": labelled(page, DRIVING[4], as_text),
        "birth_date": labelled(page, DRIVING[5], as_date),
        "first_issue_date": labelled(page, DRIVING[6], as_date),
        "licence_class": labelled(page, DRIVING[7], _licence_class),
    }
    if fields["licence_number"].value is None:
        fields["licence_number"] = field_from(
            "licence_number", narrow(search(page, ID_PATTERN), ID_PATTERN), as_id_number
        )
    _validity(page, DRIVING[8], fields)
    _agree(fields, "licence_number")
    _in_order(fields, "birth_date", "first_issue_date", "first licence dated before the holder's birth")
    _in_order(fields, "valid_from", "valid_until", "validity ends before it starts")
    return fields


def _in_order(fields: dict[str, Field], earlier: str, later: str, message: str) -> None:
    """Mark ``later`` invalid when both dates were read and it comes before ``earlier``."""
    first, second = fields.get(earlier), fields.get(later)
    if first is None or second is None or not first.value or not second.value or second.value == LONG_TERM:
        return
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", first.value) and second.value < first.value:
        fields[later] = _flag(second, message)
