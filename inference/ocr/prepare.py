"""Before OCR: take a red seal off a grey photocopy, give a faded copy its contrast back.

Only a grey document (grey ink, not just white paper) is touched. On a grey photocopy
red cannot be print: a seal was put on after copying ("与原件一致"), often over a
label, so its red pixels over paper are replaced by their red channel (bright there, like the paper), and those over ink
(dark red: ink seen through the seal) by their darkest channel, so the ink stays.
A copy whose darkest ink is still light grey (a worn copier, a washed-out scan)
is stretched to full range and given local contrast (CLAHE); a blurred photo of
print, whose small text is also greyish, is left alone. A colour photo is passed
through untouched: there red may be content (serial numbers, emblems).
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
COLOUR_FRACTION = 0.3  # more saturated non-red pixels than this in the middle: a colour background
COLOUR_INK = 0.1  # more of the ink than this in colour (blue labels, printed backgrounds): a colour print
INK_BELOW_PAPER = 40  # a pixel this much darker than the paper is ink
FADED_INK = 155  # even the darkest 1 % of the middle is this light: a faded copy (photos of print reach ~146)
SEAL_ON_PAPER = 170  # a red pixel this bright in red is seal over paper; darker ones are ink under the seal
NO_INK = 20  # ink and paper closer than this: no print to bring out (a blank page)
_CLAHE_CLIP = 2.0


def _red(hsv: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return ((hue <= 10) | (hue >= 170)) & (sat >= 70) & (val >= 70)


def _grey_copy(grey: Image, saturation: npt.NDArray[np.uint8], red: npt.NDArray[np.bool_]) -> bool:
    """Grey ink on grey paper: white paper alone is unsaturated in a colour photo too, so the ink decides."""
    saturated = (saturation >= 50) & ~red
    if saturated.mean() > COLOUR_FRACTION:
        return False
    ink = (grey < np.percentile(grey, 90) - INK_BELOW_PAPER) & ~red
    if not ink.any():
        return False
    return float(saturated[ink].mean()) <= COLOUR_INK


def prepare(image_rgb: Image) -> tuple[Image, tuple[str, ...]]:
    """The image to read and what was done to it (nothing, for a colour photo: the same array)."""
    hsv: npt.NDArray[np.uint8] = np.asarray(cv2.cvtColor(image_rgb, cv2.COLOR_RGB2HSV), np.uint8)
    red = _red(hsv)
    height, width = red.shape
    middle = (slice(height // 5, height - height // 5), slice(width // 5, width - width // 5))
    grey: Image = np.asarray(cv2.cvtColor(image_rgb, cv2.COLOR_RGB2GRAY), np.uint8)
    if not _grey_copy(grey[middle], hsv[..., 1][middle], red[middle]):
        return image_rgb, ()
    notes: list[str] = []
    if red.any():
        channel_r = image_rgb[..., 0]
        over_paper = red & (channel_r >= SEAL_ON_PAPER)
        grey[over_paper] = channel_r[over_paper]  # the seal on bare paper: as bright as the paper
        over_ink = red & ~over_paper
        grey[over_ink] = image_rgb[..., 1:].min(axis=2)[over_ink]  # ink seen through the seal: kept dark
        notes.append("red seal taken out of a grey copy")
    low, high = np.percentile(grey[middle], (1, 99))
    if low >= FADED_INK and high - low >= NO_INK:
        stretched = np.clip((grey.astype(np.float32) - low) * (255.0 / max(high - low, 1.0)), 0, 255)
        grey = cv2.createCLAHE(clipLimit=_CLAHE_CLIP, tileGridSize=(8, 8)).apply(stretched.astype(np.uint8))
        notes.append("contrast restored on a faded copy")
    if not notes:
        return image_rgb, ()
    return np.ascontiguousarray(np.repeat(grey[..., None], 3, axis=2)), tuple(notes)
