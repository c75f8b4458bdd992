"""Head or tail lamp by the colour of its box (inference/lamp_colour.py), and the lamp pairs that tell a side."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from inference import lamp_colour
from inference.damaged_parts import box_families, damage_families, pair_sides
from inference.detections import Detections
from inference.lamp_colour import family_for_share, lamp_family, red_share

REPORT = Path(__file__).resolve().parents[2] / "docs" / "benchmarks" / "lamp-colour.json"
RED, WHITE, AMBER = (200, 30, 30), (230, 230, 225), (230, 150, 20)


def _photo(*patches: tuple[tuple[int, int, int, int], tuple[int, int, int]]) -> np.ndarray:
    image = np.full((100, 200, 3), 90, np.uint8)  # grey body paint
    for (x1, y1, x2, y2), colour in patches:
        image[y1:y2, x1:x2] = colour
    return image


def test_the_served_thresholds_are_the_ones_the_calibration_chose() -> None:
    chosen = json.loads(REPORT.read_text(encoding="utf-8"))

    assert (chosen["head_up_to"], chosen["tail_from"]) == (lamp_colour.HEAD_UP_TO, lamp_colour.TAIL_FROM)


@pytest.mark.parametrize(
    ("colour", "share"),
    [(RED, 1.0), (WHITE, 0.0), (AMBER, 0.0), ((30, 8, 8), 0.0)],  # amber is no red; nor is near-black
)
def test_red_share(colour: tuple[int, int, int], share: float) -> None:
    assert red_share(np.full((4, 4, 3), colour, np.uint8)) == share


def test_an_empty_crop_has_no_red() -> None:
    assert red_share(np.zeros((0, 0, 3), np.uint8)) == 0.0


@pytest.mark.parametrize(("share", "family"), [(0.5, "tail_lamp"), (0.0, "headlamp"), (0.05, None)])
def test_family_for_share(share: float, family: str | None) -> None:
    assert family_for_share(share) == family


def test_a_box_outside_the_photo_or_too_thin_tells_nothing() -> None:
    image = _photo(((0, 0, 200, 100), RED))

    assert lamp_family(image, (10, 10, 60, 60)) == "tail_lamp"
    assert lamp_family(image, (250, 10, 300, 60)) is None
    assert lamp_family(image, (10, 10, 11, 60)) is None


def _found(*boxes: tuple[float, float, float, float], classes: list[int]) -> Detections:
    return Detections(np.array(boxes, np.float32), np.full(len(boxes), 0.8, np.float32), np.array(classes, np.int64))


def test_only_a_lamp_box_is_renamed_by_its_colour() -> None:
    image = _photo(((10, 10, 40, 40), RED), ((150, 10, 180, 40), WHITE), ((60, 60, 120, 90), RED))
    found = _found((10, 10, 40, 40), (150, 10, 180, 40), (60, 60, 120, 90), classes=[0, 0, 1])

    assert box_families(image, found, ["lamp", "bumper"]) == ["tail_lamp", "headlamp", "bumper"]


def test_two_tail_lamps_seen_from_behind_tell_each_damage_its_side() -> None:
    image = _photo(((10, 10, 40, 40), RED), ((150, 10, 180, 40), RED))
    found = _found((10, 10, 40, 40), (150, 10, 180, 40), classes=[0, 0])
    damage = np.array([[155, 15, 170, 30], [15, 15, 30, 30], [80, 80, 90, 90]], np.float32)

    told = damage_families(image, damage, found, ["lamp"])

    assert told.over == ["tail_lamp", "tail_lamp", None]
    assert told.sides == ["right", "left", None]  # behind the car, its left is on the image's left
    assert told.in_photo == ["tail_lamp", "tail_lamp"]


@pytest.mark.parametrize(
    ("families", "boxes", "sides"),
    [
        # in front of the car its right headlamp is on the image's left
        (["headlamp", "headlamp"], [(0, 0, 10, 10), (50, 0, 60, 10)], ["right", "left"]),
        # boxes that overlap across are no pair; nor are one or three lamps
        (["tail_lamp", "tail_lamp"], [(0, 0, 30, 10), (20, 0, 60, 10)], [None, None]),
        (["tail_lamp"], [(0, 0, 10, 10)], [None]),
        (["headlamp"] * 3, [(0, 0, 10, 10), (20, 0, 30, 10), (40, 0, 50, 10)], [None, None, None]),
        # a headlamp and a tail lamp (a side view) are no pair either
        (["headlamp", "tail_lamp"], [(0, 0, 10, 10), (50, 0, 60, 10)], [None, None]),
    ],
)
def test_pair_sides(families: list[str], boxes: list[tuple[int, int, int, int]], sides: list[str | None]) -> None:
    assert pair_sides(families, np.array(boxes, np.float32)) == sides
