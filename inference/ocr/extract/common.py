"""Field builders shared by the extractors: read a labelled value, normalise it, check it."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import numpy as np

from inference.ocr.fields import Field, FieldStatus
from inference.ocr.layout import Hit, LabelSpec, Page, merge
from inference.ocr.lines import sub_quad
from inference.ocr.validate import (
    LONG_TERM,
    Check,
    check_id_number,
    check_plate,
    check_vin,
    normalise_id_number,
    normalise_plate,
    parse_amount,
    parse_date,
)

Normaliser = Callable[[str], tuple[str | None, Check | None]]
_CJK = re.compile(r"[\u4e00-\u9fff·]+")
ID_PATTERN = re.compile(r"\d{17}[\dXx×]")
_CENT = Decimal("0.01")
VIN_PATTERN = re.compile(r"(?<![A-Z0-9])[A-Z0-9]{17}(?![A-Z0-9])")


def field_from(name: str, hit: Hit | None, normalise: Normaliser | None = None) -> Field:
    """A ``Field`` for ``hit``: normalised value, and its check's verdict when there is one.

    A value that fails to normalise keeps the text as read with status ``invalid``: it is
    shown to the person confirming it, never replaced by a guess.
    """
    if hit is None:
        return Field.missing(name)
    if normalise is None:
        return Field(name, hit.text, hit.confidence, hit.quad, FieldStatus.UNCHECKED)
    value, check = normalise(hit.text)
    if value is None:
        message = check.message if check else "unreadable"
        return Field(name, hit.text, hit.confidence, hit.quad, FieldStatus.INVALID, message)
    if check is None:
        return Field(name, value, hit.confidence, hit.quad, FieldStatus.UNCHECKED)
    status = FieldStatus.OK if check.ok else FieldStatus.INVALID
    return Field(name, value, hit.confidence, hit.quad, status, check.message)


def labelled(page: Page, spec: LabelSpec, normalise: Normaliser | None = None) -> Field:
    found = page.find(spec)
    if found is None:
        return Field.missing(spec.name)
    return field_from(spec.name, merge(*found), normalise)


def search(page: Page, pattern: re.Pattern[str], *, exclude: set[int] | None = None) -> Hit | None:
    """First match of ``pattern`` in any line (top to bottom) as a hit with its sub-box."""
    order = np.argsort(page.centre_y, kind="stable")
    for i in map(int, order):
        if exclude and i in exclude:
            continue
        match = pattern.search(page.text[i])
        if match:
            return page.hit(i, match.start(), match.end())
    return None


def narrow(hit: Hit | None, pattern: re.Pattern[str]) -> Hit | None:
    """The part of ``hit`` matching ``pattern`` (e.g. the plate in "沪A12345（蓝）")."""
    if hit is None:
        return None
    match = pattern.search(hit.text)
    if not match or (match.start() == 0 and match.end() == len(hit.text)):
        return hit
    quad = sub_quad(hit.quad, match.start(), match.end(), len(hit.text))
    return Hit(match.group(), hit.confidence, quad, hit.line)


def as_name(text: str) -> tuple[str | None, Check | None]:
    found = "".join(_CJK.findall(text))
    if not 2 <= len(found) <= 6:
        return None, Check(False, "not a Chinese name of 2–6 characters")
    return found, None


def as_id_number(text: str) -> tuple[str | None, Check | None]:
    value = normalise_id_number(text)
    match = re.search(r"\d{17}[\dX]", value)
    if not match:
        return None, Check(False, "no 18-character ID number in the text")
    value = match.group()
    return value, check_id_number(value)


def as_vin(text: str) -> tuple[str | None, Check | None]:
    value = re.sub(r"[\s·.\-]", "", text).upper()
    match = re.search(r"[A-Z0-9]{17}", value)
    if not match:
        return None, Check(False, "no 17-character VIN in the text")
    value = match.group()
    return value, check_vin(value)


def as_plate(text: str) -> tuple[str | None, Check | None]:
    value = normalise_plate(text)
    value = re.sub(r"[（(].*$", "", value)  # "沪A12345(蓝)"
    if not value:
        return None, Check(False, "no plate in the text")
    return value, check_plate(value)


def as_date(text: str) -> tuple[str | None, Check | None]:
    if LONG_TERM in text:
        return LONG_TERM, Check(True)
    parsed = parse_date(text)
    if parsed is None:
        return None, Check(False, "not a date")
    return parsed.isoformat(), Check(True)


def as_amount(text: str) -> tuple[str | None, Check | None]:
    amount = parse_amount(text)
    if amount is None:
        return None, Check(False, "not an amount")
    return f"{amount.quantize(_CENT)}", Check(True)


def as_integer(text: str) -> tuple[str | None, Check | None]:
    match = re.search(r"\d+", text)
    return (match.group(), None) if match else (None, Check(False, "no number"))


def as_text(text: str) -> tuple[str | None, Check | None]:
    cleaned = text.strip().strip(":：").strip()
    return (cleaned or None), None
