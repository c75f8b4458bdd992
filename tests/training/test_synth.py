"""Pasting damage onto a panel: inside the panel polygon, labelled with its own box, the same for the same seed."""

from __future__ import annotations

import random

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from training.synth import Donor, paste, polygon_mask  # noqa: E402

PANEL = np.array([[40, 30], [150, 20], [170, 90], [120, 130], [50, 110]], np.float64)


def scene() -> tuple[np.ndarray, Donor]:
    gen = np.random.default_rng(0)
    base = np.clip(gen.normal(150, 10, (160, 220, 3)), 0, 255).astype(np.uint8)
    donor_image = np.clip(gen.normal(60, 40, (100, 100, 3)), 0, 255).astype(np.uint8)
    donor_polygon = np.array([[20, 20], [80, 30], [60, 85], [25, 70]], np.float64)
    return base, Donor(donor_image, donor_polygon, "dent")


@pytest.mark.parametrize("seed", range(5))
def test_paste_lands_inside_the_panel_and_its_box_is_the_label(seed: int) -> None:
    base, donor = scene()

    result = paste(base, PANEL, donor, random.Random(seed))

    assert result is not None
    out, placed = result
    assert placed.class_name == "dent"
    changed = np.any(out != base, axis=2)
    assert changed.sum() > 50
    inside_panel = polygon_mask(base.shape[:2], PANEL) > 0
    assert not (changed & ~inside_panel).any()  # nothing outside the panel polygon was touched
    ys, xs = np.nonzero(changed)
    x0, y0, x1, y1 = placed.box
    assert x0 <= xs.min() and xs.max() < x1 and y0 <= ys.min() and ys.max() < y1  # the label holds every change
    assert abs(xs.min() - x0) <= 2 and abs(ys.min() - y0) <= 2  # ... and no more than the paste
    assert abs(xs.max() + 1 - x1) <= 2 and abs(ys.max() + 1 - y1) <= 2


def test_same_seed_same_image_and_a_panel_too_small_gets_nothing() -> None:
    base, donor = scene()
    first = paste(base, PANEL, donor, random.Random(7))
    second = paste(base, PANEL, donor, random.Random(7))
    assert first is not None and second is not None
    assert np.array_equal(first[0], second[0]) and first[1] == second[1]

    tiny = np.array([[10, 10], [18, 10], [18, 18], [10, 18]], np.float64)
    assert paste(base, tiny, donor, random.Random(0)) is None
