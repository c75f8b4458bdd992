"""The damaged-part dataset's pure steps: zoom crop windows, the parts labelled inside them, one copy
per whole-car photo, and the same photo in two splits."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from training.damaged_parts_data import (
    Crops,
    crop_window,
    cross_split_pairs,
    instances_in,
    load_taxonomy,
    one_per_photo,
)
from training.data import Copy

CROPS = Crops(sources={}, scale=(1.5, 1.5))


def _copy(source: str, split: str, name: str, thumb: np.ndarray, boxes: list[list[float]] = ()) -> Copy:  # type: ignore[assignment]
    instances = [{"class": "door", "source_label": "front_left_door", "xywhn": b} for b in boxes]
    return Copy(source, split, Path(name), instances, [], 100, thumb / np.linalg.norm(thumb))  # type: ignore[arg-type]


def test_the_committed_taxonomy_loads_and_maps_onto_served_classes() -> None:
    taxonomy = load_taxonomy()
    for source in taxonomy.sources:
        assert all(t is None or t.class_ in taxonomy.served_classes for t in taxonomy.targets(source).values())
    for mapping in taxonomy.crops.sources.values():
        assert {f for f in mapping.values() if f is not None} <= set(taxonomy.served_classes)


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ((0.4, 0.4, 0.6, 0.6), True),  # a part a fifth of the photo wide: a 1.5x crop is a zoom
        ((0.0, 0.0, 0.9, 0.9), False),  # nearly the whole photo: no zoom
        ((0.5, 0.5, 0.52, 0.52), False),  # a speck: the crop would be under 96 px
    ],
)
def test_crop_window(part: tuple[float, float, float, float], expected: bool) -> None:
    window = crop_window(part, 1000, 1000, random.Random(0), CROPS)
    assert (window is not None) is expected
    if window is not None:
        left, top, right, bottom = window
        assert left <= 400 and top <= 400 and right >= 600 and bottom >= 600  # the part is inside


def test_instances_in_a_crop_are_clipped_and_need_enough_of_the_part() -> None:
    copy = _copy(
        "s",
        "train",
        "a.jpg",
        np.ones(4),
        [[0.5, 0.5, 0.2, 0.2], [0.75, 0.5, 0.2, 0.2], [0.68, 0.5, 0.2, 0.2]],  # inside; 25 % in; 60 % in
    )
    found = instances_in(copy, (300, 300, 700, 700), 1000, 1000, CROPS)

    assert [i["xywhn"] for i in found] == [[0.5, 0.5, 0.5, 0.5], [0.85, 0.5, 0.3, 0.5]]


def test_one_copy_per_whole_car_photo_from_the_first_source() -> None:
    same = np.array([1.0, -1.0, 2.0, 0.5])
    copies = [_copy("carparts", "train", "x.jpg", same), _copy("dsmlr-carparts", "train", "y.jpg", same)]
    copies.append(_copy("carparts", "train", "z.jpg", np.array([-1.0, 1.0, 0.5, 2.0])))

    kept, merged = one_per_photo(copies, ["dsmlr-carparts", "carparts"])

    assert sorted((c.source, str(c.image)) for c in kept) == [("carparts", "z.jpg"), ("dsmlr-carparts", "y.jpg")]
    assert merged == 1


def test_the_same_photo_in_two_splits_is_found() -> None:
    same = np.array([1.0, -1.0, 2.0, 0.5])
    copies = [_copy("a", "train", "x.jpg", same), _copy("b", "val", "y.jpg", same)]
    assert cross_split_pairs(copies) == [("a/train/x.jpg", "b/val/y.jpg")]
    assert cross_split_pairs(copies[:1]) == []
