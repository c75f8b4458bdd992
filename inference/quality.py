"""Capture-quality gate: tell the customer, in words they can act on, why a photo cannot be judged.

Image-only checks run on a grey copy scaled to ``ANALYSIS_SIDE`` px (so the
thresholds do not depend on the camera's resolution): sharpness is the
variance of the Laplacian; exposure is the share of near-black / near-white
pixels. With the part segmenter's output the gate also says when no vehicle is
in the photo, when several are, and, with the damage detector's output or the
parts, when the car or the damage is too small in the frame to be judged.
Thresholds were set on a labelled sample; see ``docs/benchmarks/quality.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
import numpy.typing as npt

from inference.detections import Detections

ANALYSIS_SIDE = 640
BLUR_LAPLACIAN_VAR = 20.0  # below: blurred (set on the val sample, docs/benchmarks/quality.md)
DARK_LEVEL, DARK_SHARE = 40, 0.60  # at least this share of pixels darker than the level: too dark
BRIGHT_LEVEL, BRIGHT_SHARE = 245, 0.35  # at least this share of pixels brighter than the level: over-exposed
MIN_DAMAGE_FRACTION = 0.0005  # the largest damage box covers less of the photo (22x22 px at 1000 px): too far
MIN_VEHICLE_FRACTION = 0.08  # the parts' joint box covers less of the photo: too far
MIN_PARTS_FOR_SIZE = 3  # one small part (a mirror in a close-up) says nothing about the car's size in the frame
MULTI_VEHICLE_CONFIDENCE = 0.5
NON_UNIQUE_PARTS = frozenset({"wheel"})  # a car shows one of every other part class


class QualityCode(StrEnum):
    BLURRED = "blurred"
    TOO_DARK = "too_dark"
    OVER_EXPOSED = "over_exposed"
    NO_VEHICLE = "no_vehicle"
    MULTIPLE_VEHICLES = "multiple_vehicles"
    TOO_FAR = "too_far"


MESSAGES: dict[QualityCode, tuple[str, str]] = {
    QualityCode.BLURRED: (
        "照片模糊，请保持手机稳定、对焦后重新拍摄",
        "The photo is blurred: hold the phone steady, let it focus and take it again.",
    ),
    QualityCode.TOO_DARK: (
        "光线太暗，请到明亮处或打开闪光灯重新拍摄",
        "The photo is too dark: move into better light or turn on the flash and take it again.",
    ),
    QualityCode.OVER_EXPOSED: (
        "曝光过度，请避开强光和反光重新拍摄",
        "The photo is over-exposed: avoid direct sunlight and reflections and take it again.",
    ),
    QualityCode.NO_VEHICLE: (
        "未识别到车辆，请拍摄受损车辆的外观",
        "No vehicle found: photograph the outside of the damaged vehicle.",
    ),
    QualityCode.MULTIPLE_VEHICLES: (
        "画面中有多辆车，请只拍摄受损车辆",
        "More than one vehicle is in the photo: photograph only the damaged vehicle.",
    ),
    QualityCode.TOO_FAR: ("请靠近受损部位拍摄", "Move closer to the damaged area."),
}


@dataclass(frozen=True)
class QualityFlag:
    """One reason the photo should be retaken, with what was measured against which limit."""

    code: QualityCode
    message_zh: str
    message_en: str
    value: float
    threshold: float

    @classmethod
    def of(cls, code: QualityCode, value: float, threshold: float) -> QualityFlag:
        zh, en = MESSAGES[code]
        return cls(code, zh, en, round(float(value), 5), threshold)

    def as_json(self) -> dict[str, object]:
        """The flag as stored with an assessment or a photo (the code as its string)."""
        return {
            "code": self.code.value,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "value": self.value,
            "threshold": self.threshold,
        }


def analysis_grey(image_rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """A grey copy whose longest side is at most ``ANALYSIS_SIDE`` px."""
    grey = cv2.cvtColor(image_rgb, cv2.COLOR_RGB2GRAY)
    scale = ANALYSIS_SIDE / max(grey.shape)
    if scale < 1:
        grey = cv2.resize(
            grey, (round(grey.shape[1] * scale), round(grey.shape[0] * scale)), interpolation=cv2.INTER_AREA
        )
    return np.asarray(grey, np.uint8)


def sharpness(grey: npt.NDArray[np.uint8]) -> float:
    """Variance of the Laplacian: low for a blurred photo."""
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def image_flags(image_rgb: npt.NDArray[np.uint8]) -> list[QualityFlag]:
    """Blur and exposure, from the pixels alone.

    >>> [f.code.value for f in image_flags(np.zeros((100, 100, 3), np.uint8))]
    ['too_dark']
    """
    grey = analysis_grey(image_rgb)
    flags = []
    dark = float((grey < DARK_LEVEL).mean())
    bright = float((grey > BRIGHT_LEVEL).mean())
    if dark >= DARK_SHARE:
        flags.append(QualityFlag.of(QualityCode.TOO_DARK, dark, DARK_SHARE))
    if bright >= BRIGHT_SHARE:
        flags.append(QualityFlag.of(QualityCode.OVER_EXPOSED, bright, BRIGHT_SHARE))
    if not flags:  # a black or white frame has no texture either: one reason is enough
        sharp = sharpness(grey)
        if sharp < BLUR_LAPLACIAN_VAR:
            flags.append(QualityFlag.of(QualityCode.BLURRED, sharp, BLUR_LAPLACIAN_VAR))
    return flags


def several_vehicles(parts: Detections, part_names: Sequence[str]) -> bool:
    """Two confident, separate instances of a part a car has only once (two hoods, two front bumpers...)."""
    confident = parts[parts.confidence >= MULTI_VEHICLE_CONFIDENCE]
    for class_id in np.unique(confident.class_id):
        if part_names[int(class_id)] in NON_UNIQUE_PARTS:
            continue
        boxes = confident.xyxy[confident.class_id == class_id]
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                lt, rb = np.maximum(boxes[a, :2], boxes[b, :2]), np.minimum(boxes[a, 2:], boxes[b, 2:])
                if np.any(rb <= lt):  # disjoint boxes: not one part split in two
                    return True
    return False


def assess_capture(
    image_rgb: npt.NDArray[np.uint8],
    *,
    parts: Detections | None = None,
    damage: Detections | None = None,
    part_names: Sequence[str] | None = None,
) -> list[QualityFlag]:
    """Every reason to retake ``image_rgb``; an empty list means the photo can be judged.

    ``parts`` (the part segmenter's output) enables the vehicle checks (no part and no damage
    found: no vehicle — a close-up of damage may show no whole part),
    ``part_names`` (its card's classes) the several-vehicles check, ``damage``
    (the detector's output) the damage-size check.

    >>> flat = np.full((300, 400, 3), 128, np.uint8)
    >>> [f.code.value for f in assess_capture(flat, parts=Detections.empty())]  # one reason at a time
    ['blurred']
    >>> page = np.random.default_rng(0).integers(60, 200, (300, 400, 3), dtype=np.uint8)
    >>> assess_capture(page, parts=Detections.empty())[0].message_en
    'No vehicle found: photograph the outside of the damaged vehicle.'
    """
    flags = image_flags(image_rgb)
    if flags:  # the models' view of a blurred, dark or burnt photo is unreliable: retake for that first
        return flags
    height, width = image_rgb.shape[:2]
    area = float(height * width)
    damage_found = damage is not None and len(damage) > 0
    if parts is not None and len(parts) == 0 and not damage_found:  # a close-up of damage shows no whole part
        flags.append(QualityFlag.of(QualityCode.NO_VEHICLE, 0.0, 1.0))
    elif parts is not None and len(parts):
        if part_names is not None and several_vehicles(parts, part_names):
            flags.append(QualityFlag.of(QualityCode.MULTIPLE_VEHICLES, 2.0, 1.0))
        x1, y1 = parts.xyxy[:, :2].min(axis=0)
        x2, y2 = parts.xyxy[:, 2:].max(axis=0)
        vehicle = float((x2 - x1) * (y2 - y1)) / area
        if len(parts) >= MIN_PARTS_FOR_SIZE and vehicle < MIN_VEHICLE_FRACTION:
            flags.append(QualityFlag.of(QualityCode.TOO_FAR, vehicle, MIN_VEHICLE_FRACTION))
    if damage is not None and damage_found and not any(f.code is QualityCode.TOO_FAR for f in flags):
        largest = float(damage.area.max()) / area
        if largest < MIN_DAMAGE_FRACTION:
            flags.append(QualityFlag.of(QualityCode.TOO_FAR, largest, MIN_DAMAGE_FRACTION))
    return flags
