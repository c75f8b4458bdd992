"""A hand-written OCR engine for tests: returns the lines it was given, whatever the image."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from inference.ocr.engine import Image
from inference.ocr.lines import TextLines

Box = tuple[float, float, float, float]


def lines_from(
    rows: Sequence[tuple[str, Box]], *, resolution_wh: tuple[int, int] = (1000, 700), confidence: float = 0.98
) -> TextLines:
    """``TextLines`` from ``(text, (x1, y1, x2, y2))`` rows on an upright page."""
    quads = [[[x1, y1], [x2, y1], [x2, y2], [x1, y2]] for _, (x1, y1, x2, y2) in rows]
    return TextLines(
        tuple(text for text, _ in rows),
        np.array(quads, np.float32).reshape(-1, 4, 2),
        np.full(len(rows), confidence, np.float32),
        resolution_wh,
    )


class FakeOcrEngine:
    """Answers ``read`` with fixed lines; ``recognize`` prefers the first or second half of the crops.

    ``orientation.quarter_turns`` reads each sampled crop twice (first half: one
    hypothesis, second half: the other); ``prefer`` says which hypothesis reads well.
    """

    def __init__(
        self,
        lines: TextLines | Sequence[tuple[str, Box]],
        *,
        prefer: str = "first",
        recognized: tuple[str, float] | None = None,
    ) -> None:
        self.lines = lines if isinstance(lines, TextLines) else lines_from(lines)
        self.prefer = prefer
        self.recognized = recognized  # when set: every crop reads as this
        self.read_calls = 0
        self.recognize_calls = 0
        self.crops: list[Image] = []

    def read(self, image_rgb: Image) -> TextLines:
        self.read_calls += 1
        height, width = image_rgb.shape[:2]
        if self.lines.resolution_wh != (width, height):
            lines = self.lines
            return TextLines(lines.text, lines.quad, lines.confidence, (width, height), lines.turns)
        return self.lines

    def recognize(self, crops_rgb: Sequence[Image]) -> list[tuple[str, float]]:
        self.recognize_calls += 1
        self.crops.extend(crops_rgb)
        if self.recognized is not None:
            return [self.recognized] * len(crops_rgb)
        half = len(crops_rgb) // 2
        good, bad = ("文字", 0.95), ("", 0.05)
        first = [good if self.prefer == "first" else bad] * half
        second = [bad if self.prefer == "first" else good] * (len(crops_rgb) - half)
        return first + second
