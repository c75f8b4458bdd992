"""One document image to fields: read, turn upright, name it, extract (``upload`` decodes the file)."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import numpy.typing as npt

from inference.ocr.engine import Image, OcrEngine
from inference.ocr.extract import extract, field_names
from inference.ocr.fields import DocumentKind, Extraction, Field
from inference.ocr.kinds import detect_kind
from inference.ocr.lines import TextLines
from inference.ocr.orientation import Upright, orient, quarter_turns
from inference.ocr.prepare import prepare, red_mask
from inference.ocr.refuse import refusal
from inference.ocr.regions import split_regions

MIN_READABLE_CONFIDENCE = 0.6
NO_TEXT = "no text found: a blank page, or not a document"
NOT_A_DOCUMENT = "text found, but not a claim document this service reads"


# Documents whose reading gains from taking a red seal off a grey copy (measured on the ID-card
# hard cases: docs/benchmarks/ocr.md); any other kind is read from the image as photographed.
SEAL_REMOVAL_KINDS = frozenset({DocumentKind.ID_CARD_FRONT, DocumentKind.ID_CARD_BACK})
SEAL_NOTE = "seal"
SAME_ROW_PX = 10  # RapidOCR's own row tolerance when it orders boxes
SEAL_MIN_PIXELS = 200  # fewer red pixels together than this are not a seal (a red character, noise)
DET_MIN_SIDE = 736  # RapidOCR's detection scales an image up until its shorter side is this long


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
    if any(SEAL_NOTE in note for note in notes) and result.kind not in SEAL_REMOVAL_KINDS:
        # Seal removal is tuned on ID cards; on other documents (a repair shop's quote with its
        # seal over a line) it can erase print, so the lines a seal covers are read as photographed
        # (on a blank sheet: the rest is not recognised again).
        lines = reread_under_seals(image_rgb, lines, engine)
        return extract_lines(image_rgb, lines, engine, kind=kind) if len(lines) else result
    return replace(result, extra={**result.extra, "prepared": "; ".join(notes)}) if notes else result


def read_lines(image_rgb: Image, engine: OcrEngine) -> tuple[Image, TextLines, tuple[str, ...]]:
    """The image as read (a seal taken off a grey copy, a faded copy's contrast restored), its lines, and notes."""
    prepared, notes = prepare(image_rgb)
    return prepared, engine.read(prepared), notes


def reread_under_seals(image_rgb: Image, lines: TextLines, engine: OcrEngine) -> TextLines:
    """``lines`` (read on the seal-free image) with the seals' areas read again as photographed.

    Only red pixels differ between the two images, so only the lines a seal touches can read
    differently — or be missing, where taking the seal out erased print under it. Each seal's
    box, grown to the whole of every line it touches and a line height around, is pasted onto
    a blank sheet of the paper's colour, and that sheet is read: the detector sees the text at
    its own size, the recogniser only reads what is in those areas. The sheet is the part of the
    page that holds the areas (``sheet_window``), so the detector does not scan blank paper.
    """
    areas = _seal_areas(red_mask(image_rgb), lines)
    if not areas:
        return lines
    height, width = image_rgb.shape[:2]
    left, top, sheet_w, sheet_h = sheet_window(areas, width, height)
    paper = np.median(image_rgb.reshape(-1, 3), axis=0).astype(np.uint8)
    sheet = np.empty((sheet_h, sheet_w, 3), np.uint8)
    sheet[:] = paper
    for x1, y1, x2, y2 in areas:
        sheet[y1 - top : y2 - top, x1 - left : x2 - left] = image_rgb[y1:y2, x1:x2]
    on_sheet = engine.read(sheet)
    again = TextLines(
        on_sheet.text,
        on_sheet.quad + np.array([left, top], np.float32),
        on_sheet.confidence,
        (width, height),
        on_sheet.turns,
    )
    # Only what lies within an area: the patches' own edges on the sheet can read as a stray mark.
    inside_again = _within(again.xyxy, areas)
    keep = np.flatnonzero(~_inside(lines.center, areas))
    extra = np.flatnonzero(inside_again)
    text = tuple(lines.text[i] for i in keep) + tuple(again.text[i] for i in extra)
    turns = None
    if lines.turns is not None and again.turns is not None:
        turns = np.concatenate([lines.turns[keep], again.turns[extra]])
    merged = TextLines(
        text,
        np.concatenate([lines.quad[keep], again.quad[extra]]),
        np.concatenate([lines.confidence[keep], again.confidence[extra]]),
        lines.resolution_wh,
        turns,
    )
    return merged[_reading_order(merged)] if len(merged) else merged


def sheet_window(areas: list[tuple[int, int, int, int]], width: int, height: int) -> tuple[int, int, int, int]:
    """``(left, top, width, height)`` of the part of a ``width`` x ``height`` page that holds ``areas``.

    Its sides are at least ``DET_MIN_SIDE`` (or the page's): RapidOCR scales a smaller image
    up to that shorter side, and the text must keep the size it had on the page.

    >>> sheet_window([(900, 100, 1000, 150)], 2000, 1500)
    (900, 100, 736, 736)
    >>> sheet_window([(1900, 1400, 2000, 1500)], 2000, 1500)
    (1264, 764, 736, 736)
    >>> sheet_window([(0, 0, 10, 10)], 600, 400)
    (0, 0, 600, 400)
    """
    x1, y1 = min(a[0] for a in areas), min(a[1] for a in areas)
    x2, y2 = max(a[2] for a in areas), max(a[3] for a in areas)
    sheet_w = min(max(x2 - x1, DET_MIN_SIDE), width)
    sheet_h = min(max(y2 - y1, DET_MIN_SIDE), height)
    return min(x1, width - sheet_w), min(y1, height - sheet_h), sheet_w, sheet_h


def _reading_order(lines: TextLines) -> npt.NDArray[np.int64]:
    """Rows top to bottom (tops within ``SAME_ROW_PX`` share a row), each left to right, as the detector orders them."""
    top = lines.quad[:, 0, 1]
    by_top = np.argsort(top, kind="stable")
    row = np.concatenate([[0], np.cumsum(np.diff(top[by_top]) >= SAME_ROW_PX)])
    return by_top[np.lexsort((lines.quad[by_top, 0, 0], row))]


def _seal_areas(red: npt.NDArray[np.bool_], lines: TextLines) -> list[tuple[int, int, int, int]]:
    """``(x1, y1, x2, y2)`` of each seal that touches a line, with a line height around, grown to hold whole lines."""
    height, width = red.shape
    margin = int(np.median(lines.height)) if len(lines) else 16
    grown = cv2.dilate(red.astype(np.uint8), np.ones((9, 9), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grown)
    xyxy = lines.xyxy
    areas = []
    for x, y, w, h, pixels in stats[1:count]:
        box = np.array([x - margin, y - margin, x + w + margin, y + h + margin], np.float32)
        if pixels < SEAL_MIN_PIXELS or not _touching(xyxy, box).any():
            continue  # a seal on bare paper hides no line (and a pasted patch there reads as a stray mark)
        for _ in range(3):  # every line the area touches is read whole: the area grows to hold it
            hit = _touching(xyxy, box)
            lo, hi = np.minimum(box[:2], xyxy[hit, :2].min(axis=0)), np.maximum(box[2:], xyxy[hit, 2:].max(axis=0))
            if np.array_equal(np.concatenate([lo, hi]), box):
                break
            box = np.concatenate([lo, hi])
        x1, y1 = max(int(box[0]), 0), max(int(box[1]), 0)
        areas.append((x1, y1, min(int(np.ceil(box[2])), width), min(int(np.ceil(box[3])), height)))
    return areas


def _touching(xyxy: npt.NDArray[np.float32], box: npt.NDArray[np.float32]) -> npt.NDArray[np.bool_]:
    return (xyxy[:, 0] < box[2]) & (xyxy[:, 2] > box[0]) & (xyxy[:, 1] < box[3]) & (xyxy[:, 3] > box[1])


def _within(xyxy: npt.NDArray[np.float32], areas: list[tuple[int, int, int, int]]) -> npt.NDArray[np.bool_]:
    found = np.zeros(len(xyxy), bool)
    for x1, y1, x2, y2 in areas:
        found |= (xyxy[:, 0] >= x1 - 2) & (xyxy[:, 1] >= y1 - 2) & (xyxy[:, 2] <= x2 + 2) & (xyxy[:, 3] <= y2 + 2)
    return found


def _inside(points: npt.NDArray[np.float32], areas: list[tuple[int, int, int, int]]) -> npt.NDArray[np.bool_]:
    found = np.zeros(len(points), bool)
    for x1, y1, x2, y2 in areas:
        found |= (points[:, 0] >= x1) & (points[:, 0] < x2) & (points[:, 1] >= y1) & (points[:, 1] < y2)
    return found


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
