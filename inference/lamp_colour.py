"""Head lamp or tail lamp, told by the colour of the lamp's box.

The damaged-part model names a ``lamp`` without saying which end of the car it is on (its training
data do not). A tail lamp's lens is red; a headlamp's is clear, with chrome and sometimes amber.
So the share of clearly red pixels in the lamp's box tells the two apart where it is decisive:
at least :data:`TAIL_FROM` says tail lamp, at most :data:`HEAD_UP_TO` says headlamp, between
says nothing. The two thresholds were chosen on the lamp polygons of the whole-car part data's
train split and are measured on its val and test splits by ``python -m training.lamp_colour``
(``docs/benchmarks/lamp-colour.md``; a test ties the values here to that report).

>>> red = np.zeros((10, 10, 3), np.uint8); red[..., 0] = 200
>>> lamp_family(red, (0, 0, 10, 10)), lamp_family(np.full((10, 10, 3), 180, np.uint8), (0, 0, 10, 10))
('tail_lamp', 'headlamp')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

HEAD_UP_TO: Final = 0.005
TAIL_FROM: Final = 0.15
MIN_VALUE: Final = 0.15  # a pixel darker than this (max channel, 0..1) is not counted as red
RED_MARGIN: Final = 0.35  # red must exceed green and blue by this share of its own value


def red_share(rgb: npt.NDArray[np.uint8]) -> float:
    """The share of pixels of an RGB crop whose red channel dominates clearly (0 for an empty crop).

    >>> crop = np.zeros((2, 2, 3), np.uint8); crop[0, 0] = (200, 40, 40); crop[0, 1] = (200, 180, 170)
    >>> red_share(crop)
    0.25
    """
    if rgb.size == 0:
        return 0.0
    x = rgb.astype(np.float32) / 255.0
    top = x.max(axis=-1)
    red = (x[..., 0] >= top) & (x[..., 0] - np.maximum(x[..., 1], x[..., 2]) > RED_MARGIN * top) & (top > MIN_VALUE)
    return float(red.mean())


def family_for_share(share: float, *, head_up_to: float = HEAD_UP_TO, tail_from: float = TAIL_FROM) -> str | None:
    """``tail_lamp``, ``headlamp`` or None (not decisive) for a lamp box's red share.

    >>> family_for_share(0.3), family_for_share(0.0), family_for_share(0.05)
    ('tail_lamp', 'headlamp', None)
    """
    if share >= tail_from:
        return "tail_lamp"
    if share <= head_up_to:
        return "headlamp"
    return None


def lamp_family(image_rgb: npt.NDArray[np.uint8], xyxy: Sequence[float]) -> str | None:
    """The lamp family the colour inside box ``xyxy`` (the photo's pixels) tells, or None."""
    height, width = image_rgb.shape[:2]
    x1, y1 = max(0, int(xyxy[0])), max(0, int(xyxy[1]))
    x2, y2 = min(width, int(np.ceil(xyxy[2]))), min(height, int(np.ceil(xyxy[3])))
    if x2 - x1 < 2 or y2 - y1 < 2:
        return None
    return family_for_share(red_share(image_rgb[y1:y2, x1:x2]))


__all__ = ["HEAD_UP_TO", "TAIL_FROM", "family_for_share", "lamp_family", "red_share"]
