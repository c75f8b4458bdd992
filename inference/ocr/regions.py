"""Cards on one image: a photocopy of an ID card's front and back, or two people's cards.

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
from inference.ocr.validate import check_id_number, normalise_id_number, parse_period

MIN_GAP_HEIGHTS = 1.5  # an empty band at least this many line heights wide
MAX_DEPTH = 2  # at most four regions
_NUMBER = re.compile(r"\d{17}[\dX]")
_AUTHORITY = re.compile(r"签发机关|公安|分局")

Index = npt.NDArray[np.int64]


def card_anchor(texts: tuple[str, ...] | list[str]) -> str | None:
    """'front' (a valid ID number), 'back' (a validity period and an authority) or None."""
    for text in texts:
        match = _NUMBER.search(normalise_id_number(text))
        if match and check_id_number(match.group()).ok:
            return "front"
    period = any(all(parse_period(t)) for t in texts)
    if period and any(_AUTHORITY.search(t) for t in texts):
        return "back"
    return None


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
