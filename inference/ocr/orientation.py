"""Put a document's lines upright: quarter turns voted by the lines (or read again), then deskew.

The engine reads each line correctly whatever the photo's rotation (its angle
classifier turns each crop), but the page layout — which label sits left of
which value — needs the page's own "up". When the engine reports how it turned
each line, the lines vote (no model runs); otherwise the largest lines are cropped
in the two turns their shape allows and read again, and the turn read more
confidently wins.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from inference.ocr.engine import Image, OcrEngine
from inference.ocr.lines import TextLines

SAMPLE_LINES = 3
SAMPLE_CHARS = 8  # a window this many heights wide is enough to tell up from down
TALL_RATIO = 1.5  # the engine turns crops this much taller than wide


@dataclass(frozen=True)
class Upright:
    """Lines in two frames with the same row order.

    ``lines`` keep the original image's pixels (what the user uploaded) with points in
    reading order; ``layout`` has the same lines turned upright and deskewed, for
    reasoning about rows and columns only.
    """

    lines: TextLines
    layout: TextLines
    quarter_turns: int  # np.rot90(image, k) makes the page upright
    skew_degrees: float


def crop_quad(image_rgb: Image, quad: npt.NDArray[np.float32]) -> Image:
    """The quad's pixels warped to a rectangle, the quad's point 0 at the top-left."""
    width = int(max(float(np.linalg.norm(quad[0] - quad[1])), float(np.linalg.norm(quad[3] - quad[2])), 2.0))
    height = int(max(float(np.linalg.norm(quad[0] - quad[3])), float(np.linalg.norm(quad[1] - quad[2])), 2.0))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(np.asarray(quad, np.float32), target)
    crop = cv2.warpPerspective(
        image_rgb, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return np.ascontiguousarray(crop)


def quarter_turns(image_rgb: Image, lines: TextLines, engine: OcrEngine) -> int:
    """How many ``np.rot90`` turns make the page upright (0 for an upright page).

    When the engine said how it turned each line (``lines.turns``: RapidOCR's angle
    classifier, already run on every line), the lines vote and nothing is read again.
    Otherwise:
    Lines the engine found are mostly wide on an upright or upside-down page and
    mostly tall on a page turned a quarter; the sampled crops are then read both
    ways and the more confident reading decides.
    """
    if not len(lines):
        return 0
    if lines.turns is not None:
        voted = voted_turns(lines)
        if voted is not None:
            return voted
    size = lines.xyxy[:, 2:] - lines.xyxy[:, :2]
    weights = np.array([len(t) for t in lines.text], np.float32)
    tall = size[:, 1] > size[:, 0] * TALL_RATIO
    sideways = float(weights[tall].sum()) > float(weights[~tall].sum())
    keep = tall if sideways else ~tall
    candidates = np.flatnonzero(keep & (weights >= 2))
    if not len(candidates):
        return 1 if sideways else 0
    order = candidates[np.argsort(-lines.confidence[candidates])][:SAMPLE_LINES]
    crops = [_window(crop_quad(image_rgb, lines.quad[i])) for i in order]
    if sideways:
        first = [np.ascontiguousarray(np.rot90(c, 1)) for c in crops]  # page needs one turn
        second = [np.ascontiguousarray(np.rot90(c, 3)) for c in crops]  # page needs three
        turns = (1, 3)
    else:
        first = crops
        second = [np.ascontiguousarray(np.rot90(c, 2)) for c in crops]
        turns = (0, 2)
    read = engine.recognize(first + second)
    score_first = sum(score for _, score in read[: len(first)])
    score_second = sum(score for _, score in read[len(first) :])
    return turns[0] if score_first >= score_second else turns[1]


def voted_turns(lines: TextLines) -> int | None:
    """The page's turn voted by its lines' own turns (``TextLines.turns``), or None without votes.

    Each line of two or more characters votes for the turn that made it readable, weighted
    by its length and recognition confidence: a misread or misclassified line is short,
    unsure, or both. No model runs.

    >>> q = np.zeros((3, 4, 2), np.float32)
    >>> lines = TextLines(("姓名张三", "住址某地", "X"), q, np.ones(3, np.float32), (9, 9), np.array([2, 2, 0]))
    >>> voted_turns(lines)
    2
    """
    if lines.turns is None:
        return None
    weights = np.array([len(t) for t in lines.text], np.float32) * lines.confidence
    weights[np.array([len(t) < 2 for t in lines.text], bool)] = 0.0
    votes = np.bincount(lines.turns.astype(np.int64) % 4, weights=weights, minlength=4)
    if float(votes.sum()) <= 0.0:
        return None
    return int(np.argmax(votes))


def _window(crop: Image) -> Image:
    """At most ``SAMPLE_CHARS`` text heights of the crop's long side, from its middle."""
    tall = crop.shape[0] > crop.shape[1]
    short, long = (crop.shape[1], crop.shape[0]) if tall else (crop.shape[0], crop.shape[1])
    keep = SAMPLE_CHARS * short
    if long <= keep:
        return crop
    start = (long - keep) // 2
    return np.ascontiguousarray(crop[start : start + keep] if tall else crop[:, start : start + keep])


def skew_degrees(layout: TextLines) -> float:
    """Median angle of the lines' top edges, weighted by length, in degrees (y down)."""
    if not len(layout):
        return 0.0
    edge = layout.quad[:, 1] - layout.quad[:, 0]
    length = np.linalg.norm(edge, axis=1)
    angles = np.degrees(np.arctan2(edge[:, 1], edge[:, 0]))
    ok = (length > 0) & (np.abs(angles) < 30)
    if not ok.any():
        return 0.0
    angles, length = angles[ok], length[ok]
    order = np.argsort(angles)
    cumulative = np.cumsum(length[order])
    return float(angles[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def upright(image_rgb: Image, lines: TextLines, engine: OcrEngine) -> Upright:
    """Both frames of ``lines``: original pixels in reading order, and upright + deskewed."""
    return orient(lines, quarter_turns(image_rgb, lines, engine))


def orient(lines: TextLines, k: int) -> Upright:
    """Both frames of ``lines`` for a page that ``np.rot90(image, k)`` makes upright."""
    layout = lines.rot90(k)
    # Points came in image-corner order; after k turns the text's top-left is point k.
    layout = layout.roll_points(k) if k else layout
    reading = lines.roll_points(k) if k else lines
    # Re-sort each quad so point 0 is the upright top-left (the engine's order can start anywhere).
    layout, reading = _canonical_order(layout, reading)
    skew = skew_degrees(layout)
    if abs(skew) > 0.5:
        layout = layout.rotate(skew)
    return Upright(lines=reading, layout=layout, quarter_turns=k, skew_degrees=skew)


def _canonical_order(layout: TextLines, reading: TextLines) -> tuple[TextLines, TextLines]:
    """Roll each quad so that in the upright frame point 0 is the top-left (smallest x + y)."""
    if not len(layout):
        return layout, reading
    first = np.argmin(layout.quad.sum(axis=2), axis=1)
    idx = (first[:, None] + np.arange(4)[None, :]) % 4
    rows = np.arange(len(layout))[:, None]
    return (
        TextLines(layout.text, layout.quad[rows, idx], layout.confidence, layout.resolution_wh),
        TextLines(reading.text, reading.quad[rows, idx], reading.confidence, reading.resolution_wh),
    )
