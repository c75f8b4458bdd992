"""Capture-quality gate on synthetic photos."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from inference.detections import Detections
from inference.quality import MESSAGES, QualityCode, assess_capture

NAMES = ["front_bumper", "hood", "wheel"]


def textured(h: int = 480, w: int = 640, seed: int = 0) -> np.ndarray:
    """A sharp, mid-grey photo stand-in: blocks of random shades with hard edges."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(60, 200, (h // 16, w // 16, 3), dtype=np.uint8)
    return cv2.resize(blocks, (w, h), interpolation=cv2.INTER_NEAREST)


def parts(*boxes: tuple[float, float, float, float], classes: tuple[int, ...] | None = None) -> Detections:
    return Detections(
        np.array(boxes, np.float32).reshape(-1, 4),
        np.full(len(boxes), 0.9, np.float32),
        np.array(classes if classes is not None else [1] * len(boxes)),
    )


def codes(flags: list) -> list[str]:
    return [f.code.value for f in flags]


CAR = parts((50, 50, 600, 450))


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        pytest.param(textured(), [], id="sharp and well exposed"),
        pytest.param(cv2.GaussianBlur(textured(), (0, 0), 6), ["blurred"], id="blurred"),
        pytest.param((textured() * 0.12).astype(np.uint8), ["too_dark"], id="dark"),
        pytest.param(np.clip(textured().astype(np.int32) * 3, 0, 255).astype(np.uint8), ["over_exposed"], id="burnt"),
        pytest.param(cv2.GaussianBlur(textured(3000, 4000), (0, 0), 2), [], id="12 MP is judged at 640 px"),
    ],
)
def test_image_checks(image: np.ndarray, expected: list[str]) -> None:
    assert codes(assess_capture(image)) == expected


def test_no_vehicle_when_the_segmenter_finds_no_part() -> None:
    flags = assess_capture(textured(), parts=Detections.empty())
    assert codes(flags) == ["no_vehicle"]
    assert codes(assess_capture(textured())) == []  # without the segmenter the check is not made


def test_too_far_when_the_car_or_the_damage_is_small_in_the_frame() -> None:
    small_car = parts((300, 200, 320, 215), (320, 215, 340, 230), (300, 220, 310, 230))
    assert codes(assess_capture(textured(), parts=small_car)) == ["too_far"]
    tiny_dent = parts((100, 100, 108, 106))
    flags = assess_capture(textured(), parts=CAR, damage=tiny_dent)
    assert codes(flags) == ["too_far"] and flags[0].message_zh == "请靠近受损部位拍摄"
    assert codes(assess_capture(textured(), parts=CAR, damage=parts((100, 100, 200, 200)))) == []


def test_several_vehicles_from_two_separate_hoods_but_not_from_wheels() -> None:
    two_cars = parts((0, 100, 250, 300), (350, 100, 600, 300), classes=(1, 1))
    assert "multiple_vehicles" in codes(assess_capture(textured(), parts=two_cars, part_names=NAMES))
    wheels = parts((0, 300, 100, 400), (400, 300, 500, 400), (0, 0, 600, 300), classes=(2, 2, 1))
    assert "multiple_vehicles" not in codes(assess_capture(textured(), parts=wheels, part_names=NAMES))


def test_every_code_has_an_actionable_message_in_both_languages() -> None:
    assert set(MESSAGES) == set(QualityCode)
    for zh, en in MESSAGES.values():
        assert zh and en and en.endswith(".")


def test_a_close_up_of_damage_is_not_no_vehicle() -> None:
    dent = parts((100, 100, 300, 300))
    assert "no_vehicle" not in codes(assess_capture(textured(), parts=Detections.empty(), damage=dent))
