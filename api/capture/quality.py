"""A quality check per photo, with a retake prompt on the capture and claim pages.

It runs twice. At upload, what the pixels alone tell (:func:`check_upload`): blur and exposure
(:func:`inference.quality.image_flags`) on the 640 px copy the models see — a reduced JPEG decode,
so the customer can retake a blurred photo at once; and the size: a photo under
``SHARP_SHORT_SIDE`` px on its short side is accepted (the upload refuses only under 320 px) but
flagged, since small damage is hard to see in it. Then the assessment job (on a worker where Ray
is used) replaces it with its own capture gate (:func:`inference.quality.assess_capture`: the
same pixel checks plus no vehicle, several vehicles, too far, which need the models). A photo the
job cannot decode is flagged ``unreadable``, never dropped. ``quality_json`` is None only for a
photo stored before the upload check existed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from inference.errors import InferenceError
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


def check_photo(*, width: int, height: int, flags: list[dict[str, object]]) -> list[PhotoCheck]:
    """The reasons to retake a photo (empty: good enough): its resolution (``width``/``height``:
    the stored, upright photo's), then the assessment's capture flags for it (as stored in the
    assessment's ``quality_json``)."""
    checks: list[PhotoCheck] = []
    short = min(width, height)
    if short < SHARP_SHORT_SIDE:
        checks.append(PhotoCheck(LOW_RESOLUTION, *_LOW_RESOLUTION_TEXT, float(short), float(SHARP_SHORT_SIDE)))
    for flag in flags:
        checks.append(
            PhotoCheck(
                str(flag["code"]),
                str(flag["message_zh"]),
                str(flag["message_en"]),
                float(flag["value"]),  # type: ignore[arg-type]
                float(flag["threshold"]),  # type: ignore[arg-type]
            )
        )
    return checks


def check_upload(data: bytes, *, width: int, height: int) -> list[PhotoCheck]:
    """The checks the pixels alone allow, at upload: the size, then blur and exposure on the
    640 px copy the models see (the assessment job repeats them beside its model checks)."""
    try:
        image = decode_for_models(data).image_rgb
    except InferenceError:  # the upload's own checks refused what cannot be decoded: nothing to add
        return check_photo(width=width, height=height, flags=[])
    return check_photo(width=width, height=height, flags=[flag.as_json() for flag in image_flags(image)])


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
