"""A quality check per uploaded photo, shown at once with a retake prompt.

Blur (variance of the Laplacian) and exposure (share of near-black / near-white pixels) come
from the assessment's own capture gate (:func:`inference.quality.image_flags`), on the same
640 px copy, so the customer is told here what the assessment would later hold against the
photo. Size: a photo under ``SHARP_SHORT_SIDE`` px on its short side is accepted (the upload
refuses only under 320 px) but flagged, since small damage is hard to see in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from inference.errors import ImageError
from inference.images import decode_for_models
from inference.quality import image_flags

SHARP_SHORT_SIDE: Final = 600
LOW_RESOLUTION: Final = "low_resolution"
_LOW_RESOLUTION_TEXT: Final = (
    "照片分辨率偏低，请靠近或使用手机原相机重新拍摄",
    "The photo's resolution is low: move closer or use the phone's own camera and take it again.",
)


@dataclass(frozen=True)
class PhotoCheck:
    """One reason to retake a photo: a code, the messages, and what was measured against which limit."""

    code: str
    message_zh: str
    message_en: str
    value: float
    threshold: float

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "value": self.value,
            "threshold": self.threshold,
        }


def check_photo(data: bytes, *, width: int, height: int) -> list[PhotoCheck]:
    """The reasons to retake a stored photo (empty: good enough). ``width``/``height`` are the
    stored (upright) photo's. Bytes that cannot be decoded give no flags here: the upload has
    already refused them."""
    checks: list[PhotoCheck] = []
    short = min(width, height)
    if short < SHARP_SHORT_SIDE:
        checks.append(PhotoCheck(LOW_RESOLUTION, *_LOW_RESOLUTION_TEXT, float(short), float(SHARP_SHORT_SIDE)))
    try:
        rgb = decode_for_models(data).image_rgb
    except ImageError:
        return checks
    for flag in image_flags(rgb):
        checks.append(PhotoCheck(flag.code.value, flag.message_zh, flag.message_en, flag.value, flag.threshold))
    return checks


def dump(checks: list[PhotoCheck]) -> str:
    return json.dumps([c.as_json() for c in checks], ensure_ascii=False)


def load(text: str | None) -> list[PhotoCheck]:
    """The checks stored with a photo (``None``: a photo from before the check existed → none)."""
    if not text:
        return []
    return [
        PhotoCheck(str(d["code"]), str(d["message_zh"]), str(d["message_en"]), float(d["value"]), float(d["threshold"]))
        for d in json.loads(text)
    ]
