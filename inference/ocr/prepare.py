"""Before OCR: take a red seal off a grey photocopy, give a faded copy its contrast back.

Only a grey document is touched. On a grey photocopy red cannot be print: a seal was
put on after copying ("与原件一致"), often over a label, so its red pixels are replaced
by their red channel (a red seal is bright there, like the paper; ink under it stays
dark). A copy whose ink and paper are close in grey (a worn copier, a washed-out scan)
is stretched to full range and given local contrast (CLAHE). A colour photo is passed
through untouched: there red may be content (serial numbers, emblems).
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
COLOUR_FRACTION = 0.03  # more saturated non-red pixels than this in the middle: a colour photo
LOW_CONTRAST = 140  # grey spread (1st to 99th percentile) below this: a faded copy
NO_INK = 20  # ... and below this there is no print to bring out (a blank page)
_CLAHE_CLIP = 2.0


def _red(hsv: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return ((hue <= 10) | (hue >= 170)) & (sat >= 70) & (val >= 70)


def prepare(image_rgb: Image) -> tuple[Image, tuple[str, ...]]:
    """The image to read and what was done to it (nothing, for a colour photo: the same array)."""
    hsv: npt.NDArray[np.uint8] = np.asarray(cv2.cvtColor(image_rgb, cv2.COLOR_RGB2HSV), np.uint8)
    red = _red(hsv)
    height, width = red.shape
    middle = (slice(height // 5, height - height // 5), slice(width // 5, width - width // 5))
    colourful = (hsv[..., 1][middle] >= 40) & ~red[middle]
    if colourful.mean() > COLOUR_FRACTION:
        return image_rgb, ()
    notes: list[str] = []
    grey = cv2.cvtColor(image_rgb, cv2.COLOR_RGB2GRAY)
    if red.any():
        grey[red] = image_rgb[..., 0][red]
        notes.append("red seal taken out of a grey copy")
    low, high = np.percentile(grey[middle], (1, 99))
    if NO_INK <= high - low < LOW_CONTRAST:
        stretched = np.clip((grey.astype(np.float32) - low) * (255.0 / max(high - low, 1.0)), 0, 255)
        grey = cv2.createCLAHE(clipLimit=_CLAHE_CLIP, tileGridSize=(8, 8)).apply(stretched.astype(np.uint8))
        notes.append("contrast restored on a faded copy")
    if not notes:
        return image_rgb, ()
    return np.ascontiguousarray(np.repeat(grey[..., None], 3, axis=2)), tuple(notes)
