"""A frozen, columnar set of detections in original-image pixels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Detections:
    """Boxes, scores and class ids of one image, one row per detection.

    ``xyxy`` is ``(N, 4) float32`` in original-image pixels; ``confidence`` is
    ``(N,) float32``; ``class_id`` is ``(N,) int64``; ``mask`` is an optional
    ``(N, H, W) bool`` array at the image's resolution.

    >>> d = Detections(np.array([[0, 0, 10, 10]], np.float32), np.array([0.9], np.float32), np.array([1]))
    >>> len(d[d.confidence > 0.5])
    1
    """

    xyxy: npt.NDArray[np.float32]
    confidence: npt.NDArray[np.float32]
    class_id: npt.NDArray[np.int64]
    mask: npt.NDArray[np.bool_] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "xyxy", np.asarray(self.xyxy, np.float32).reshape(-1, 4))
        object.__setattr__(self, "confidence", np.asarray(self.confidence, np.float32).reshape(-1))
        object.__setattr__(self, "class_id", np.asarray(self.class_id, np.int64).reshape(-1))
        n = len(self.xyxy)
        if len(self.confidence) != n or len(self.class_id) != n:
            raise ValueError(
                f"column lengths differ: xyxy {n}, confidence {len(self.confidence)}, class_id {len(self.class_id)}"
            )
        if self.mask is not None and (self.mask.ndim != 3 or len(self.mask) != n):
            raise ValueError(f"mask must be (N, H, W) with N={n}, got {self.mask.shape}")
        if n and np.any(self.xyxy[:, 2:] < self.xyxy[:, :2]):
            raise ValueError("boxes must have x2 >= x1 and y2 >= y1")

    @classmethod
    def empty(cls) -> Detections:
        """No detections.

        >>> len(Detections.empty())
        0
        """
        return cls(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.xyxy)

    def __getitem__(self, index: Any) -> Detections:
        """Select rows with a boolean mask, an index array or a slice."""
        if isinstance(index, int):
            index = [index]
        return Detections(
            self.xyxy[index],
            self.confidence[index],
            self.class_id[index],
            None if self.mask is None else self.mask[index],
        )

    @property
    def area(self) -> npt.NDArray[np.float32]:
        """Box areas in square pixels."""
        return (self.xyxy[:, 2] - self.xyxy[:, 0]) * (self.xyxy[:, 3] - self.xyxy[:, 1])
