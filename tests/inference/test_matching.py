"""Damage → part matching: mask overlap decides, and unclear cases stay ``unknown``."""

from __future__ import annotations

import numpy as np
import pytest

from inference.detections import Detections
from inference.matching import UNKNOWN, match_damage_to_parts

NAMES = ["front_left_door", "front_bumper", "hood", "wheel"]
H, W = 100, 200


def parts_with_masks(*items: tuple[int, tuple[int, int, int, int], tuple[int, int, int, int]]) -> Detections:
    """Each item: class id, box xyxy, mask rectangle xyxy (the part's actual pixels)."""
    masks = np.zeros((len(items), H, W), bool)
    for i, (_, _, (x1, y1, x2, y2)) in enumerate(items):
        masks[i, y1:y2, x1:x2] = True
    return Detections(
        np.array([box for _, box, _ in items], np.float32).reshape(-1, 4),
        np.full(len(items), 0.9, np.float32),
        np.array([c for c, _, _ in items]),
        masks,
    )


def damage(*boxes: tuple[float, float, float, float]) -> Detections:
    return Detections(
        np.array(boxes, np.float32).reshape(-1, 4), np.full(len(boxes), 0.8, np.float32), np.zeros(len(boxes), np.int64)
    )


def test_mask_overlap_beats_box_overlap() -> None:
    # The door and the bumper have overlapping boxes, but their pixels meet at x = 100.
    parts = parts_with_masks((0, (0, 0, 130, 100), (0, 0, 100, 100)), (1, (70, 0, 200, 100), (100, 0, 200, 100)))
    dent = damage((75, 40, 95, 60))  # inside both boxes, on the door's pixels only

    by_mask = match_damage_to_parts(dent, parts, NAMES)[0]
    by_box = match_damage_to_parts(dent, Detections(parts.xyxy, parts.confidence, parts.class_id), NAMES)[0]

    assert (by_mask.part, by_mask.side, by_mask.method, by_mask.overlap) == (
        "front_left_door",
        "left",
        "mask_overlap",
        1.0,
    )
    assert [c.part for c in by_mask.candidates] == ["front_left_door"]
    assert (by_box.part, by_box.method) == (UNKNOWN, "ambiguous")  # boxes alone cannot tell them apart


@pytest.mark.parametrize(
    ("parts", "box", "part", "method"),
    [
        pytest.param(Detections.empty(), (10, 10, 50, 50), UNKNOWN, "no_part_visible", id="close-up: no part at all"),
        pytest.param(
            parts_with_masks((2, (0, 0, 40, 40), (0, 0, 40, 40))),
            (100, 50, 150, 90),
            UNKNOWN,
            "no_part_visible",
            id="parts elsewhere in the photo",
        ),
        pytest.param(
            parts_with_masks((2, (0, 0, 200, 100), (0, 0, 200, 20))),
            (50, 10, 90, 90),
            UNKNOWN,
            "no_part_visible",
            id="best part covers too little (1/8)",
        ),
        pytest.param(
            parts_with_masks((2, (0, 0, 100, 100), (0, 0, 100, 100)), (1, (100, 0, 200, 100), (100, 0, 200, 100))),
            (80, 40, 120, 60),
            UNKNOWN,
            "ambiguous",
            id="straddles the seam 50/50",
        ),
        pytest.param(
            parts_with_masks((2, (0, 0, 100, 100), (0, 0, 100, 100)), (1, (100, 0, 200, 100), (100, 0, 200, 100))),
            (60, 40, 110, 60),
            "hood",
            "mask_overlap",
            id="80/20 is clear",
        ),
        pytest.param(
            parts_with_masks((3, (0, 50, 40, 100), (0, 50, 40, 100)), (3, (150, 50, 200, 100), (150, 50, 200, 100))),
            (150, 60, 190, 90),
            "wheel",
            "mask_overlap",
            id="second instance of a class counts",
        ),
    ],
)
def test_decision_table(parts: Detections, box: tuple[float, float, float, float], part: str, method: str) -> None:
    match = match_damage_to_parts(damage(box), parts, NAMES)[0]
    assert (match.part, match.method) == (part, method)
    if part == UNKNOWN:
        assert match.side is None  # never a guessed side either


def test_ambiguous_match_keeps_both_candidates_for_the_adjuster() -> None:
    parts = parts_with_masks((2, (0, 0, 100, 100), (0, 0, 100, 100)), (1, (100, 0, 200, 100), (100, 0, 200, 100)))
    match = match_damage_to_parts(damage((80, 40, 120, 60)), parts, NAMES)[0]
    assert {c.part for c in match.candidates} == {"hood", "front_bumper"}
    assert all(c.overlap == pytest.approx(0.5) for c in match.candidates)


def test_a_damage_mask_is_used_when_the_detector_gives_one() -> None:
    parts = parts_with_masks((2, (0, 0, 100, 100), (0, 0, 100, 100)), (1, (100, 0, 200, 100), (100, 0, 200, 100)))
    mask = np.zeros((1, H, W), bool)
    mask[0, 40:60, 105:120] = True  # the scratch's pixels are all on the bumper, though its box straddles
    scratch = Detections(np.array([[80, 40, 120, 60]], np.float32), np.array([0.8], np.float32), np.array([1]), mask)
    assert match_damage_to_parts(scratch, parts, NAMES)[0].part == "front_bumper"


def test_one_match_per_damage_row_in_order() -> None:
    parts = parts_with_masks((2, (0, 0, 100, 100), (0, 0, 100, 100)), (1, (100, 0, 200, 100), (100, 0, 200, 100)))
    matches = match_damage_to_parts(damage((10, 10, 20, 20), (150, 10, 160, 20), (10, 10, 20, 20)), parts, NAMES)
    assert [m.part for m in matches] == ["hood", "front_bumper", "hood"]
    assert match_damage_to_parts(Detections.empty(), parts, NAMES) == []


def test_part_mask_area_is_the_union_of_the_part_masks() -> None:
    from inference.matching import part_mask_area

    wheels = parts_with_masks((3, (0, 50, 40, 100), (0, 50, 40, 100)), (3, (20, 50, 60, 100), (20, 50, 60, 100)))
    assert part_mask_area(wheels, NAMES, "wheel") == 60 * 50  # overlap counted once
    assert part_mask_area(wheels, NAMES, "hood") is None
    assert part_mask_area(Detections(wheels.xyxy, wheels.confidence, wheels.class_id), NAMES, "wheel") is None
