"""Cards on one image: an ID card's front and back, two people's cards, a vehicle licence's two pages.

Text lines are cut at an empty band across the whole image (a horizontal or vertical
gap between line boxes, wider than a line is tall); a cut is kept only when each side
holds a complete card by itself: a front's number line with a valid check digit, or a
back's validity period with its issuing authority. A single card's own gaps (between its
address and its number, between its title and its fields) leave one side without its
anchor, so a card is never split in two. The cut is made in the image's own frame,
before anything is turned: each region then finds its own "up".
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from inference.ocr.lines import TextLines
from inference.ocr.validate import check_id_number, check_vin, normalise_id_number, parse_period

MIN_GAP_HEIGHTS = 1.5  # an empty band at least this many line heights wide
MAX_DEPTH = 2  # at most four regions
_NUMBER = re.compile(r"\d{17}[\dX]")
_AUTHORITY = re.compile(r"签发机关|公安|分局")
# A policy or a repair quote also prints a VIN: only a vehicle licence prints these beside it.
_VEHICLE_LABELS = re.compile(r"行驶证|注册日期|使用性质")
_SECOND_PAGE_LABELS = re.compile(r"整备质量|外廓尺寸")
_VIN = re.compile(r"(?<![A-Z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Z0-9])")

Index = npt.NDArray[np.int64]


def card_anchor(texts: tuple[str, ...] | list[str]) -> str | None:
    """'front' (a valid ID number: an ID card's front, a driving licence), 'back' (a validity period
    and an authority), 'vehicle' (a valid VIN with a vehicle licence's own label), 'vehicle_second'
    (the second page's seat count with its masses or size) or None."""
    for text in texts:
        match = _NUMBER.search(normalise_id_number(text))
        if match and check_id_number(match.group()).ok:
            return "front"
    period = any(all(parse_period(t)) for t in texts)
    if period and any(_AUTHORITY.search(t) for t in texts):
        return "back"
    joined = "".join(texts)
    if _VEHICLE_LABELS.search(joined) and any(_has_valid_vin(t) for t in texts):
        return "vehicle"
    if "核定载人数" in joined and _SECOND_PAGE_LABELS.search(joined):
        return "vehicle_second"
    return None


def _has_valid_vin(text: str) -> bool:
    return any(check_vin(m).ok for m in _VIN.findall(text.upper().replace(" ", "")))


def split_regions(lines: TextLines) -> list[Index]:
    """Indices of the lines in each region, top-left region first (one region when no cut holds)."""
    return _split(lines, np.arange(len(lines)), MAX_DEPTH)


def _split(lines: TextLines, index: Index, depth: int) -> list[Index]:
    if depth == 0 or len(index) < 2:
        return [index]
    best: tuple[float, Index, Index] | None = None
    xyxy = lines.xyxy[index]
    size = xyxy[:, 2:] - xyxy[:, :2]
    line_height = float(np.median(size.min(axis=1)))
    for axis in (0, 1):
        for cut, width in _gaps(xyxy[:, axis], xyxy[:, axis + 2], MIN_GAP_HEIGHTS * line_height):
            centre = (xyxy[:, axis] + xyxy[:, axis + 2]) / 2
            first, second = index[centre < cut], index[centre >= cut]
            if best is not None and width <= best[0]:
                continue
            if card_anchor([lines.text[i] for i in first]) and card_anchor([lines.text[i] for i in second]):
                best = (width, first, second)
    if best is None:
        return [index]
    return [*_split(lines, best[1], depth - 1), *_split(lines, best[2], depth - 1)]


def _gaps(start: npt.NDArray[np.float32], end: npt.NDArray[np.float32], min_width: float) -> list[tuple[float, float]]:
    """(middle, width) of each empty band between intervals ``[start, end]`` at least ``min_width`` wide."""
    order = np.argsort(start)
    reach = float(end[order[0]])
    found = []
    for i in order[1:]:
        if float(start[i]) - reach >= min_width:
            found.append(((reach + float(start[i])) / 2, float(start[i]) - reach))
        reach = max(reach, float(end[i]))
    return found
