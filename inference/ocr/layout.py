"""Find labelled values on an upright page: "号牌号码 沪A12345" in one line or across lines.

The recogniser drops spaces, so a label and its value often come back as one
line ("姓名张三"), and a table row may come back as one line holding two pairs
("号牌号码沪A12345车辆类型小型轿车"). Lines are cut at every known label; what
follows a label up to the next one is its value. A label with nothing after it
takes the nearest line to its right on the same row, then (for ``below=True``
labels) the line under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from inference.ocr.lines import sub_quad
from inference.ocr.orientation import Upright

_SKIP = re.compile(r"[\s:：]")
PUNCT = ":：;；,，、 "


@dataclass(frozen=True)
class Hit:
    """A value's text and where it was read: line index and character span in that line."""

    text: str
    confidence: float
    quad: npt.NDArray[np.float32]  # in the uploaded image's pixels
    line: int


@dataclass(frozen=True)
class LabelSpec:
    name: str
    labels: tuple[str, ...]
    below: bool = False  # the value may sit on the next line instead of beside the label
    multiline: bool = False  # the value may continue on following lines (addresses)


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim separators from ``text[start:end]``; returns the trimmed span."""
    while start < end and (text[start] in PUNCT or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in PUNCT or text[end - 1].isspace()):
        end -= 1
    return start, end


class Page:
    """An upright page's lines, with label occurrences found once for a set of labels."""

    def __init__(self, upright: Upright, specs: tuple[LabelSpec, ...]) -> None:
        self.upright = upright
        self.specs = specs
        layout = upright.layout
        self.text = layout.text
        self.xyxy = layout.xyxy
        self.heights = layout.height
        self.centre_y = layout.center[:, 1] if len(layout) else np.zeros(0, np.float32)
        all_labels = sorted({lab for spec in specs for lab in spec.labels}, key=len, reverse=True)
        # occurrences[i] = sorted (start, end, label) in line i, longest label first at each place
        self.occurrences: list[list[tuple[int, int, str]]] = []
        for text in self.text:
            found: list[tuple[int, int, str]] = []
            taken = np.zeros(len(text), bool)
            for label in all_labels:
                for match in re.finditer(re.escape(label), text):
                    if not taken[match.start() : match.end()].any():
                        found.append((match.start(), match.end(), label))
                        taken[match.start() : match.end()] = True
            self.occurrences.append(sorted(found))

    def starts_with_label(self, i: int) -> bool:
        occ = self.occurrences[i]
        return bool(occ) and _span(self.text[i], 0, occ[0][0])[1] == _span(self.text[i], 0, occ[0][0])[0]

    def hit(self, i: int, start: int, end: int) -> Hit | None:
        """The value in line ``i`` characters ``[start, end)``, trimmed; None when empty."""
        start, end = _span(self.text[i], start, end)
        if start >= end:
            return None
        quad = sub_quad(self.upright.lines.quad[i], start, end, len(self.text[i]))
        return Hit(self.text[i][start:end], float(self.upright.lines.confidence[i]), quad, i)

    def value_after(self, i: int, occurrence: int) -> Hit | None:
        """Text after occurrence ``occurrence`` of a label in line ``i`` up to the next label."""
        occ = self.occurrences[i]
        end = occ[occurrence + 1][0] if occurrence + 1 < len(occ) else len(self.text[i])
        return self.hit(i, occ[occurrence][1], end)

    def right_of(self, i: int) -> int | None:
        """Nearest line starting right of line ``i`` on the same row, not itself a label."""
        x1 = self.xyxy[i, 2]
        same_row = np.abs(self.centre_y - self.centre_y[i]) < 0.6 * max(self.heights[i], 1.0)
        # boxes of neighbours may overlap a little (perspective, stamps): start right of the label's middle
        centre_x = (self.xyxy[i, 0] + x1) / 2
        right = same_row & (self.xyxy[:, 0] > centre_x) & ((self.xyxy[:, 0] + self.xyxy[:, 2]) / 2 > x1)
        right[i] = False
        for j in np.flatnonzero(right)[np.argsort(self.xyxy[right, 0])]:
            if not self.starts_with_label(int(j)):
                return int(j)
            return None
        return None

    def below(self, i: int, *, x_from: float, max_gap: float = 1.8) -> int | None:
        """Nearest line under line ``i`` that starts near ``x_from`` and is not a label."""
        height = max(float(self.heights[i]), 1.0)
        dy = self.centre_y - self.centre_y[i]
        near = (
            (dy > 0.6 * height) & (dy < max_gap * height + height) & (np.abs(self.xyxy[:, 0] - x_from) < 2.5 * height)
        )
        for j in np.flatnonzero(near)[np.argsort(dy[near])]:
            return None if self.starts_with_label(int(j)) else int(j)
        return None

    def find(self, spec: LabelSpec) -> tuple[Hit, list[Hit]] | None:
        """First value for ``spec``'s labels (top to bottom) and any continuation lines."""
        order = np.argsort(self.centre_y, kind="stable")
        for i in map(int, order):
            for k, (_, _, label) in enumerate(self.occurrences[i]):
                if label not in spec.labels:
                    continue
                value = self.value_after(i, k)
                line = i
                if value is None and k + 1 == len(self.occurrences[i]):
                    j = self.right_of(i)
                    if j is None and spec.below:
                        j = self.below(i, x_from=float(self.xyxy[i, 0]))
                    if j is not None:
                        first = self.occurrences[j][0][0] if self.occurrences[j] else len(self.text[j])
                        value, line = self.hit(j, 0, first), j
                if value is None:
                    continue
                more: list[Hit] = []
                if spec.multiline:
                    x_from = (
                        float(self.upright.layout.quad[line, 0, 0])
                        if value.line != i
                        else float(
                            sub_quad(
                                self.upright.layout.quad[i],
                                self.text[i].find(value.text),
                                len(self.text[i]),
                                len(self.text[i]),
                            )[0, 0]
                        )
                    )
                    current = line
                    while (nxt := self.below(current, x_from=x_from, max_gap=0.9)) is not None and len(more) < 3:
                        if self.occurrences[nxt]:
                            break
                        extra = self.hit(nxt, 0, len(self.text[nxt]))
                        if extra is None:
                            break
                        more.append(extra)
                        current = nxt
                return value, more
        return None


def merge(first: Hit, more: list[Hit]) -> Hit:
    """One hit from a value and its continuation lines: joined text, lowest confidence, bounding quad."""
    if not more:
        return first
    hits = [first, *more]
    points = np.concatenate([h.quad for h in hits])
    lo, hi = points.min(axis=0), points.max(axis=0)
    quad = np.array([[lo[0], lo[1]], [hi[0], lo[1]], [hi[0], hi[1]], [lo[0], hi[1]]], np.float32)
    return Hit("".join(h.text for h in hits), min(h.confidence for h in hits), quad, first.line)


def rows(page: Page, *, top: float, bottom: float) -> list[list[int]]:
    """Lines whose centre lies between ``top`` and ``bottom`` (upright y), grouped into rows, left to right."""
    inside = [i for i in range(len(page.text)) if top < page.centre_y[i] < bottom]
    inside.sort(key=lambda i: float(page.centre_y[i]))
    grouped: list[list[int]] = []
    for i in inside:
        if grouped:
            last = grouped[-1]
            ref = float(np.mean([page.centre_y[j] for j in last]))
            if abs(float(page.centre_y[i]) - ref) < 0.5 * max(float(page.heights[i]), 1.0):
                last.append(i)
                continue
        grouped.append([i])
    return [sorted(row, key=lambda j: float(page.xyxy[j, 0])) for row in grouped]


def first_line(page: Page, pattern: str) -> int | None:
    """Top-most line whose text matches the regular expression ``pattern``."""
    order = np.argsort(page.centre_y, kind="stable")
    for i in map(int, order):
        if re.search(pattern, page.text[i]):
            return i
    return None
