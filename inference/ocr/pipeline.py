"""One document image to fields: read, turn upright, name it, extract (``upload`` decodes the file)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from inference.ocr.engine import Image, OcrEngine
from inference.ocr.extract import extract, field_names
from inference.ocr.fields import DocumentKind, Extraction, Field
from inference.ocr.kinds import detect_kind
from inference.ocr.lines import TextLines
from inference.ocr.orientation import Upright, orient, quarter_turns
from inference.ocr.prepare import prepare
from inference.ocr.refuse import refusal
from inference.ocr.regions import split_regions

MIN_READABLE_CONFIDENCE = 0.6
NO_TEXT = "no text found: a blank page, or not a document"
NOT_A_DOCUMENT = "text found, but not a claim document this service reads"


def read_document(image_rgb: Image, engine: OcrEngine, *, kind: DocumentKind | None = None) -> Extraction:
    """Fields of one upright-or-not document image; ``kind`` is detected when not given.

    Nothing is invented: a field that was not read has ``value=None``, confidence 0
    and a message; checks that fail are reported on the field, never corrected.

    >>> from tests.inference.ocr.fakes import FakeOcrEngine  # doctest: +SKIP
    >>> read_document(np.full((400, 600, 3), 255, np.uint8), FakeOcrEngine([])).messages  # doctest: +SKIP
    ('no text found: a blank page, or not a document',)
    """
    height, width = image_rgb.shape[:2]
    prepared, lines, notes = read_lines(image_rgb, engine)
    if not len(lines):
        fields = _all_missing(kind, NO_TEXT)
        return Extraction(kind or DocumentKind.UNKNOWN, 0.0, fields, messages=(NO_TEXT,), resolution_wh=(width, height))
    result = extract_lines(prepared, lines, engine, kind=kind)
    return replace(result, extra={**result.extra, "prepared": "; ".join(notes)}) if notes else result


def read_lines(image_rgb: Image, engine: OcrEngine) -> tuple[Image, TextLines, tuple[str, ...]]:
    """The image as read (a seal taken off a grey copy, a faded copy's contrast restored), its lines, and notes."""
    prepared, notes = prepare(image_rgb)
    return prepared, engine.read(prepared), notes


def extract_lines(
    image_rgb: Image, lines: TextLines, engine: OcrEngine, *, kind: DocumentKind | None = None
) -> Extraction:
    """Fields from lines already read: each card region turned upright on its own, then extracted."""
    regions = split_regions(lines)
    if len(regions) == 1:
        page = orient(lines, quarter_turns(image_rgb, lines, engine))
        return extract_document(page, kind=kind, line_count=len(lines))
    parts = []
    for index in regions:
        region = lines[index]
        parts.append(extract_document(orient(region, quarter_turns(image_rgb, region, engine)), line_count=len(region)))
    return _combined(parts, len(lines))


def _combined(parts: list[Extraction], line_count: int) -> Extraction:
    """One reading of several documents: the first ID front (else the first part) leads, the others add fields."""
    lead = next((p for p in parts if p.kind is DocumentKind.ID_CARD_FRONT), parts[0])
    fields = dict(lead.fields)
    for part in parts:
        for name, found in part.fields.items():
            if part is not lead and (name not in fields or fields[name].value is None):
                fields[name] = found
    kinds = ", ".join(p.kind.value for p in parts)
    messages = [f"{len(parts)} documents on one image ({kinds}): each was turned and read on its own"]
    messages += [m for p in parts for m in p.messages if m not in messages]
    return Extraction(
        kind=lead.kind,
        kind_confidence=lead.kind_confidence,
        fields=fields,
        items=lead.items,
        messages=tuple(messages),
        quarter_turns=lead.quarter_turns,
        skew_degrees=lead.skew_degrees,
        resolution_wh=lead.resolution_wh,
        line_count=line_count,
        parts=tuple(parts),
    )


def extract_document(page: Upright, *, kind: DocumentKind | None = None, line_count: int = 0) -> Extraction:
    """Fields of a page whose lines are already read and turned upright (cheap: no model runs)."""
    lines = page.lines
    width, height = lines.resolution_wh
    detected, kind_confidence = detect_kind(page.layout.text)
    messages: list[str] = []
    if kind is None:
        kind = detected
    elif detected not in (kind, DocumentKind.UNKNOWN):
        messages.append(f"uploaded as {kind.value} but it reads like {detected.value}")
        kind_confidence = 0.0
    else:
        kind_confidence = max(kind_confidence, 0.5)
    refused = refusal(page.layout.text, kind)
    if refused is not None:
        code, reason = refused
        message = f"{code}: {reason}"
        return Extraction(
            kind=DocumentKind.UNKNOWN,
            kind_confidence=0.0,
            fields=_all_missing(kind, message),
            messages=(message,),
            quarter_turns=page.quarter_turns,
            resolution_wh=(width, height),
            line_count=line_count or len(lines),
            refused=code,
        )
    fields, items, notes = extract(page, kind)
    messages.extend(notes)
    if kind is DocumentKind.UNKNOWN:
        messages.append(NOT_A_DOCUMENT)
    elif not any(f.value is not None for f in fields.values()):
        messages.append("no field could be read: retake the photo flat, in focus and well lit")
    elif float(np.mean(lines.confidence)) < MIN_READABLE_CONFIDENCE:
        messages.append("the text is hard to read: check every field, or retake the photo")
    return Extraction(
        kind=kind,
        kind_confidence=kind_confidence,
        fields=fields,
        items=items,
        messages=tuple(messages),
        quarter_turns=page.quarter_turns,
        skew_degrees=round(page.skew_degrees, 2),
        resolution_wh=(width, height),
        line_count=line_count or len(lines),
    )


def _all_missing(kind: DocumentKind | None, message: str) -> dict[str, Field]:
    """Every field a read page of ``kind`` returns, each missing with ``message``."""
    if kind is None:
        return {}
    return {name: Field.missing(name, message) for name in field_names(kind)}
