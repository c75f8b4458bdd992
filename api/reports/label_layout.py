"""Where each finding's label goes over a photo (the review workspace, the 定损单's photos), so that
no two labels cover each other: a photo with nine scratches close together was unreadable when
every label sat at its box's top-left corner.

Each label (in the workspace two lines: number, type, confidence; part, side, severity) is tried
above its box, inside its top, below it and inside its bottom, from the box's left edge or from its right one. The
first place on the photo that meets no label already placed wins, in the findings' order. Where
none is free, the label shrinks to its number (``#3``), placed the same way or a few lines further
out, and the whole text stays in the box's tooltip and in the table under the photos. In the
workspace widths are estimated (a CJK character is one em, any other 0.6 em), which is what keeps
this on the server and testable; the PDF's photos measure them with their font
(:mod:`api.reports.photos`).

>>> texts = [("#1 Dent", "Hood"), ("#2 Dent", "Hood")]
>>> [(b.full, b.top < 50) for b in place_labels([(0, 50, 50, 100), (0, 50, 50, 100)], texts, 400, 300)]
[(True, True), (True, False)]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

SIZE_SHARE: Final = 0.03  # the font size as a share of the photo's height (photo pixels)
MIN_SIZE: Final = 10.0
LINE: Final = 1.2  # line height in ems
PAD: Final = 4.0  # from the box's edge, photo pixels
NUMBER_REACH: Final = 4  # a number alone may sit up to this many lines further above or below its box

Box = tuple[float, float, float, float]
Rect = tuple[float, float, float, float]
Measure = Callable[[str, float], float]


@dataclass(frozen=True, slots=True)
class BoxLabel:
    """A label's lines (``full``) or just its number; where it goes (``rect``: left, top, right,
    bottom), the x its text is anchored at (``anchor``: ``start`` or ``end``) and each line's baseline."""

    lines: tuple[str, ...]
    rect: Rect
    anchor: str
    size: float
    full: bool

    @property
    def top(self) -> float:
        return self.rect[1]

    @property
    def x(self) -> float:
        return self.rect[0] if self.anchor == "start" else self.rect[2]

    @property
    def baselines(self) -> tuple[float, ...]:
        return tuple(self.rect[1] + self.size * (LINE * i + 1.0) for i in range(len(self.lines)))


def is_wide(char: str) -> bool:
    """Whether a character is set one em wide (CJK and other wide or full-width characters).

    >>> is_wide("前"), is_wide("？"), is_wide("a")
    (True, True, False)
    """
    return unicodedata.east_asian_width(char) in "WF"


def text_width(text: str, size: float) -> float:
    """The estimated width of ``text`` at font ``size``: wide characters one em each, others 0.6 em.

    >>> text_width("ab", 10), text_width("前门", 10)
    (12.0, 20.0)
    """
    return sum(1.0 if is_wide(c) else 0.6 for c in text) * size


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _places(box: Box, width: float, height: float, *, reach: int = 0) -> list[tuple[Rect, str]]:
    """Candidate places for a ``width`` × ``height`` label around ``box``: above it, inside its top,
    below it, inside its bottom; then ``reach`` more steps of one label further up and down."""
    x1, y1, x2, y2 = box
    tops = [y1 - height - PAD / 2, y1 + PAD / 2, y2 + PAD / 2, y2 - height - PAD / 2]
    for step in range(1, reach + 1):
        tops += [y1 - (step + 1) * height - PAD / 2, y2 + step * height + PAD / 2]
    lefts = ((x1 + PAD, "start"), (x2 - PAD - width, "end"))
    return [((left, top, left + width, top + height), anchor) for top in tops for left, anchor in lefts]


def _fit(
    box: Box,
    lines: Sequence[str],
    placed: list[Rect],
    photo: tuple[float, float],
    size: float,
    measure: Measure,
    *,
    reach: int = 0,
) -> tuple[Rect, str] | None:
    width = max(measure(line, size) for line in lines)
    for rect, anchor in _places(box, width, len(lines) * LINE * size, reach=reach):
        inside = rect[0] >= 0 and rect[1] >= 0 and rect[2] <= photo[0] and rect[3] <= photo[1]
        if inside and not any(_overlaps(rect, other) for other in placed):
            return rect, anchor
    return None


def place_labels(
    boxes: Sequence[Box],
    texts: Sequence[Sequence[str]],
    width: int,
    height: int,
    *,
    size: float | None = None,
    measure: Measure = text_width,
) -> list[BoxLabel]:
    """One label per box (``texts[i]``: its lines, the first starting with ``#n``), in order, on a
    ``width`` × ``height`` photo; a label with no free place is its number alone, and a number with
    no free place sits inside its box's top-left corner all the same. ``size``: the font size
    (default: a share of the photo's height); ``measure(text, size)``: a line's width.

    >>> crowded = place_labels([(10, 20, 30, 40)] * 3, [("#1 Scratch 40%", "Rear bumper · Minor")] * 3, 200, 50)
    >>> [(b.full, b.lines[0]) for b in crowded]
    [(True, '#1 Scratch 40%'), (False, '#1'), (False, '#1')]
    """
    size = size or max(height * SIZE_SHARE, MIN_SIZE)
    photo = (float(width), float(height))
    placed: list[Rect] = []
    labels = []
    for box, lines in zip(boxes, texts, strict=True):
        found = _fit(box, lines, placed, photo, size, measure)
        full = found is not None
        shown: Sequence[str] = lines
        if found is None:
            shown = (lines[0].split(" ", 1)[0],)
            found = _fit(box, shown, placed, photo, size, measure, reach=NUMBER_REACH)
        if found is None:
            left, top = box[0] + PAD, box[1] + PAD / 2
            found = ((left, top, left + measure(shown[0], size), top + LINE * size), "start")
        rect, anchor = found
        placed.append(rect)
        labels.append(BoxLabel(tuple(shown), rect, anchor, size, full))
    return labels
