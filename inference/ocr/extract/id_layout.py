"""ID cards by position: values placed by the card's fixed layout when their printed label was lost.

A faint, stamped or cut label loses a value that ``Page.find`` looks up by label. The
layout does not depend on the labels: the 18-digit number line (its GB 11643 check digit
makes it a trustworthy anchor) closes the front, and above it come, in this order, the
name, sex and ethnicity, the birth date and one to three address lines, all starting in
one value column. Nothing is placed without a valid number: with no anchor the layout is
a guess, and a guess is never filled in. Birth date and sex are also encoded in the
number: they fill in a date or sex that could not be read (marked as derived) and check
one that was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from inference.ocr.extract.common import as_date, as_name, as_text, field_from
from inference.ocr.fields import Field, FieldSource, FieldStatus
from inference.ocr.layout import PUNCT, Hit, Page, merge, rows
from inference.ocr.lines import sub_quad
from inference.ocr.validate import check_id_number, id_birth_date, id_sex, normalise_id_number, parse_date, parse_period

_NUMBER = re.compile(r"\d{17}[\dX]")
_SEX = re.compile(r"[男女]")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_AUTHORITY = re.compile(r"公安|分局|派出所")
_BACK_LABEL_CHARS = set("签发机关")
CARD_HEIGHTS = 15.0  # the whole front is about 15 number-line heights tall
LEFT_LABELS = ("姓名", "性别", "出生", "住址")
LABEL_CHARS = 2  # each of them two characters wide
LABEL_ALPHABET = set("".join(LEFT_LABELS))


def id_anchor(page: Page) -> int | None:
    """Line holding an ID number whose check digit is right (top-most if several)."""
    for i in map(int, np.argsort(page.centre_y, kind="stable")):
        match = _NUMBER.search(normalise_id_number(page.text[i]))
        if match and check_id_number(match.group()).ok:
            return i
    return None


@dataclass(frozen=True)
class Columns:
    """Where the left-hand labels start, and (when a label stood apart from its value) where values start."""

    margin: float
    value_x: float | None = None
    char_width: float = 0.0


def _columns(page: Page, grouped: list[list[int]]) -> Columns | None:
    """The label and value columns, from the rows whose left-hand label was read; None when none was."""
    margins, values, widths = [], [], []
    for row in grouped:
        i = row[0]
        if not page.starts_with_label(i) or page.occurrences[i][0][2] not in LEFT_LABELS:
            continue
        margins.append(float(page.xyxy[i, 0]))
        label_only = page.occurrences[i][0][1] >= len(page.text[i].rstrip(PUNCT))
        if label_only and len(row) > 1:  # "出生" and "1997年2月2日" read as two lines: the gap is measured
            values.append(float(page.xyxy[row[1], 0]))
            widths.append(float(page.xyxy[i, 2] - page.xyxy[i, 0]) / max(len(page.text[i].strip(PUNCT)), 1))
    if not margins:
        return None
    if not values:
        return Columns(float(np.median(margins)))
    return Columns(float(np.median(margins)), float(np.median(values)), float(np.median(widths)))


def _trimmed(page: Page, i: int, columns: Columns | None) -> Hit | None:
    """Line ``i`` without its label: one read as such, or one misread or half hidden (a line at the label margin).

    A misread label is cut where the value column starts, counting characters back from the
    line's right end; without a value column, only the label's own characters are cut.
    """
    text = page.text[i]
    if page.starts_with_label(i):
        return page.hit(i, page.occurrences[i][0][1], len(text))
    start = 0
    width = float(page.xyxy[i, 2] - page.xyxy[i, 0]) / max(len(text), 1)
    if columns is not None and float(page.xyxy[i, 0]) - columns.margin < (LABEL_CHARS - 0.5) * width:
        if columns.value_x is not None and columns.char_width > 0:
            kept = int((float(page.xyxy[i, 2]) - columns.value_x) / columns.char_width + 0.3)
            start = min(max(len(text) - kept, 0), LABEL_CHARS + 1)
        else:
            while start < LABEL_CHARS and text[start] in LABEL_ALPHABET:
                start += 1
    return page.hit(i, start, len(text))


def _row_hit(page: Page, row: list[int], columns: Columns | None) -> Hit | None:
    hits = [h for h in [_trimmed(page, row[0], columns), *(page.hit(j, 0, len(page.text[j])) for j in row[1:])] if h]
    return merge(hits[0], hits[1:]) if hits else None


def _positioned(field: Field) -> Field:
    return replace(field, source=FieldSource.POSITION)


def front_by_position(page: Page, fields: dict[str, Field]) -> None:
    """Fill the front's missing fields from the rows above a valid number line (in place)."""
    anchor = id_anchor(page)
    if anchor is None:
        return
    height = max(float(page.heights[anchor]), 1.0)
    bottom = float(page.centre_y[anchor]) - 0.8 * height
    left, right = float(page.xyxy[anchor, 0]) - 10 * height, float(page.xyxy[anchor, 2])
    grouped = [
        [i for i in row if page.xyxy[i, 0] < right and page.xyxy[i, 2] > left]
        for row in rows(page, top=bottom - CARD_HEIGHTS * height, bottom=bottom)
    ]
    grouped = [row for row in grouped if row]
    columns = _columns(page, grouped)
    hits = [_row_hit(page, row, columns) for row in grouped]
    texts = [h.text if h else "" for h in hits]
    sex, birth, name = _row_roles(["".join(page.text[i] for i in row) for row in grouped])
    if name is not None and fields["name"].value is None:
        fields["name"] = _positioned(field_from("name", hits[name], as_name))
    if sex is not None and (hit := hits[sex]) is not None:
        _sex_row(page, hit, fields)
    if birth is not None and fields["birth_date"].value is None and parse_date(texts[birth]):
        fields["birth_date"] = _positioned(field_from("birth_date", hits[birth], as_date))
    after = birth if birth is not None else sex
    address = [h for h in hits[after + 1 :] if h] if after is not None else []
    if address and fields["address"].value is None:
        fields["address"] = _positioned(field_from("address", merge(address[0], address[1:]), as_text))


def _row_roles(texts: list[str]) -> tuple[int | None, int | None, int | None]:
    """Rows of sex/ethnicity, birth date and name, from what they hold and the fixed order."""
    sex = next((k for k, t in enumerate(texts) if _SEX.search(t) or "民族" in t), None)
    birth = next((k for k, t in enumerate(texts) if parse_date(t) is not None), None)
    if birth is not None and sex is not None and birth < sex:
        birth = None  # a date above the sex row is not the birth date
    if birth is None and sex is not None and sex + 1 < len(texts) and len(re.findall(r"\d", texts[sex + 1])) >= 4:
        birth = sex + 1  # the birth row, its date unreadable: keep it out of the address
    name: int | None = None
    if sex is not None:
        name = sex - 1
    elif birth is not None:
        name = birth - 1
    elif texts and not _SEX.search(texts[0]):
        name = 0
    return sex, birth, (name if name is not None and name >= 0 else None)


def _sex_row(page: Page, hit: Hit, fields: dict[str, Field]) -> None:
    match = _SEX.search(hit.text)
    if match is None:
        return
    if fields["sex"].value is None:
        quad = sub_quad(hit.quad, match.start(), match.end(), len(hit.text))
        part = Hit(match.group(), hit.confidence, quad, hit.line)
        fields["sex"] = _positioned(field_from("sex", part))
    rest = "".join(_CJK.findall(hit.text[match.end() :])).replace("民族", "").lstrip("民族").removesuffix("族")
    if rest and fields["ethnicity"].value is None:
        quad = sub_quad(hit.quad, len(hit.text) - len(rest), len(hit.text), len(hit.text))
        fields["ethnicity"] = _positioned(field_from("ethnicity", Hit(rest, hit.confidence, quad, hit.line)))


def cross_fill(fields: dict[str, Field], id_field: str) -> None:
    """Birth date and sex from a valid ID number: filled when unread, flagged when they disagree."""
    number = fields[id_field]
    if number.status is not FieldStatus.OK or number.value is None:
        return
    encoded = {"birth_date": id_birth_date(number.value), "sex": id_sex(number.value)}
    spans = {"birth_date": (6, 14), "sex": (16, 17)}
    for name, value in encoded.items():
        found = fields.get(name)
        if found is None or value is None:
            continue
        text = value if isinstance(value, str) else value.isoformat()
        if found.value is None:
            quad = None if number.quad is None else sub_quad(number.quad, *spans[name], len(number.value))
            message = "not legible on the card: taken from the ID number"
            fields[name] = Field(name, text, number.confidence, quad, FieldStatus.OK, message, FieldSource.ID_NUMBER)
        elif found.value != text:
            fields[name] = replace(found, status=FieldStatus.INVALID, message=f"ID number encodes {text}")


def back_by_position(page: Page, fields: dict[str, Field]) -> None:
    """The back's authority and validity from what they look like, when their labels were lost."""
    order = [int(i) for i in np.argsort(page.centre_y, kind="stable")]
    if fields["issuing_authority"].value is None:
        for i in order:
            text = page.text[i]
            if _AUTHORITY.search(text) and not parse_period(text)[0]:
                start = page.occurrences[i][0][1] if page.starts_with_label(i) else 0
                if not start and sum(c in _BACK_LABEL_CHARS for c in text[:4]) >= 2:
                    start = 4  # "签发机美…": a misread label glued to the value
                hit = page.hit(i, start, len(text))
                if hit:
                    fields["issuing_authority"] = _positioned(field_from("issuing_authority", hit, as_text))
                    break
    if fields["valid_from"].value is None:
        for i in order:
            begin, end = parse_period(page.text[i])
            if begin is not None and end is not None:
                hit = page.hit(i, 0, len(page.text[i]))
                assert hit is not None
                until = end if isinstance(end, str) else end.isoformat()
                for name, value in (("valid_from", begin.isoformat()), ("valid_until", until)):
                    found = Field(name, value, hit.confidence, hit.quad, FieldStatus.OK)
                    fields[name] = _positioned(found)
                break
