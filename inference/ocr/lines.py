"""A frozen, columnar set of recognised text lines in image pixels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, eq=False)
class TextLines:
    """Text, quadrilateral and confidence of each line read on one image.

    ``quad`` is ``(N, 4, 2) float32`` in pixels of an image of size ``resolution_wh``,
    points in reading order: top-left, top-right, bottom-right, bottom-left *of the
    text* (for a rotated photo these are not the image's corners). ``confidence``
    is ``(N,) float32`` in [0, 1]. ``turns``, when the engine knows it, is ``(N,) int8``:
    the quarter turns (``np.rot90`` k) that made each line's crop readable, so the page's own
    turn can be voted from the lines at no further model cost; ``None`` when unknown. It
    describes the lines in the frame they were read in, so only selecting lines keeps it.

    >>> q = np.array([[[0, 0], [40, 0], [40, 10], [0, 10]]], np.float32)
    >>> lines = TextLines(("姓名张三",), q, np.array([0.99], np.float32), (100, 50))
    >>> lines.xyxy.tolist()
    [[0.0, 0.0, 40.0, 10.0]]
    """

    text: tuple[str, ...]
    quad: npt.NDArray[np.float32]
    confidence: npt.NDArray[np.float32]
    resolution_wh: tuple[int, int]
    turns: npt.NDArray[np.int8] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", tuple(self.text))
        object.__setattr__(self, "quad", np.asarray(self.quad, np.float32).reshape(-1, 4, 2))
        object.__setattr__(self, "confidence", np.asarray(self.confidence, np.float32).reshape(-1))
        n = len(self.text)
        if len(self.quad) != n or len(self.confidence) != n:
            raise ValueError(
                f"column lengths differ: text {n}, quad {len(self.quad)}, confidence {len(self.confidence)}"
            )
        if self.turns is not None:
            object.__setattr__(self, "turns", np.asarray(self.turns, np.int8).reshape(-1))
            if len(self.turns) != n:
                raise ValueError(f"column lengths differ: text {n}, turns {len(self.turns)}")

    @classmethod
    def empty(cls, resolution_wh: tuple[int, int]) -> TextLines:
        """No lines.

        >>> len(TextLines.empty((10, 10)))
        0
        """
        return cls((), np.zeros((0, 4, 2), np.float32), np.zeros(0, np.float32), resolution_wh)

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, index: Any) -> TextLines:
        """Select lines with a boolean mask, an index array or a slice."""
        if isinstance(index, int):
            index = [index]
        picked = np.arange(len(self))[index]
        return TextLines(
            tuple(self.text[i] for i in picked),
            self.quad[picked],
            self.confidence[picked],
            self.resolution_wh,
            None if self.turns is None else self.turns[picked],
        )

    @property
    def xyxy(self) -> npt.NDArray[np.float32]:
        """Axis-aligned bounds ``(N, 4)`` of each quad."""
        if not len(self):
            return np.zeros((0, 4), np.float32)
        return np.concatenate([self.quad.min(axis=1), self.quad.max(axis=1)], axis=1)

    @property
    def center(self) -> npt.NDArray[np.float32]:
        """Quad centres ``(N, 2)``."""
        return self.quad.mean(axis=1) if len(self) else np.zeros((0, 2), np.float32)

    @property
    def height(self) -> npt.NDArray[np.float32]:
        """Text height of each line: mean length of the left and right edges."""
        if not len(self):
            return np.zeros(0, np.float32)
        left = np.linalg.norm(self.quad[:, 3] - self.quad[:, 0], axis=1)
        right = np.linalg.norm(self.quad[:, 2] - self.quad[:, 1], axis=1)
        return ((left + right) / 2).astype(np.float32)

    def rot90(self, k: int) -> TextLines:
        """The same lines on ``np.rot90(image, k)`` (k quarter turns counter-clockwise).

        Points are re-ordered so that index 0 stays the text's top-left in the new frame.

        >>> q = np.array([[[10, 0], [20, 0], [20, 5], [10, 5]]], np.float32)
        >>> TextLines(("a",), q, np.ones(1, np.float32), (100, 50)).rot90(1).quad[0, 0].tolist()
        [0.0, 80.0]
        """
        k %= 4
        if k == 0:
            return self
        w, h = self.resolution_wh
        x, y = self.quad[..., 0], self.quad[..., 1]
        if k == 1:
            moved, size = np.stack([y, w - x], axis=-1), (h, w)
        elif k == 2:
            moved, size = np.stack([w - x, h - y], axis=-1), (w, h)
        else:
            moved, size = np.stack([h - y, x], axis=-1), (h, w)
        return TextLines(self.text, moved, self.confidence, size)

    def roll_points(self, shift: int) -> TextLines:
        """Start each quad at point ``shift`` (turns image-corner order into reading order)."""
        return TextLines(self.text, np.roll(self.quad, -shift, axis=1), self.confidence, self.resolution_wh)

    def rotate(self, degrees: float) -> TextLines:
        """Rotate all points by ``degrees`` counter-clockwise about the image centre (deskew)."""
        if not len(self) or degrees == 0:
            return self
        w, h = self.resolution_wh
        centre = np.array([w / 2, h / 2], np.float32)
        theta = np.deg2rad(degrees)
        # image y points down, so a counter-clockwise turn on screen is a clockwise turn in maths
        rotation = np.array([[np.cos(theta), np.sin(theta)], [-np.sin(theta), np.cos(theta)]], np.float32)
        moved = ((self.quad - centre) @ rotation.T + centre).astype(np.float32)
        return TextLines(self.text, moved, self.confidence, self.resolution_wh)


def sub_quad(quad: npt.NDArray[np.float32], start: int, end: int, length: int) -> npt.NDArray[np.float32]:
    """The part of a line's quad covering characters ``[start, end)`` of ``length``.

    Interpolates along the top and bottom edges, assuming evenly wide characters
    (CJK text nearly is); good enough to point an adjuster at the value.

    >>> q = np.array([[0, 0], [100, 0], [100, 10], [0, 10]], np.float32)
    >>> sub_quad(q, 5, 10, 10)[:, 0].tolist()
    [50.0, 100.0, 100.0, 50.0]
    """
    if length <= 0 or (start <= 0 and end >= length):
        return np.asarray(quad, np.float32).copy()
    a, b = max(start, 0) / length, min(end, length) / length
    top_l, top_r, bottom_r, bottom_l = np.asarray(quad, np.float32)
    return np.stack(
        [
            top_l + (top_r - top_l) * a,
            top_l + (top_r - top_l) * b,
            bottom_l + (bottom_r - bottom_l) * b,
            bottom_l + (bottom_r - bottom_l) * a,
        ]
    ).astype(np.float32)
