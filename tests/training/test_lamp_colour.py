"""The lamp-colour calibration (training/lamp_colour.py) on a tiny whole-car dataset written by the test."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from training import lamp_colour
from training.lamp_colour import Lamp, choose, lamps, rate

NAMES = {0: "front_left_light", 1: "back_right_light", 2: "hood"}


def _dataset(shared: Path, name: str, photos: dict[str, list[tuple[int, tuple[int, int, int]]]]) -> None:
    """One photo per split key ``<split>/<stem>``; each lamp a 20x20 patch of a colour, labelled as a polygon."""
    root = shared / "datasets" / name
    (root / "data.yaml").parent.mkdir(parents=True, exist_ok=True)
    (root / "data.yaml").write_text("names:\n" + "".join(f"  {k}: {v}\n" for k, v in NAMES.items()))
    for key, patches in photos.items():
        split, stem = key.split("/")
        image = np.full((100, 100, 3), 90, np.uint8)
        rows = []
        for i, (cls, colour) in enumerate(patches):
            x = 10 + 30 * i
            image[20:40, x : x + 20] = colour
            corners = [(x, 20), (x + 20, 20), (x + 20, 40), (x, 40)]
            rows.append(f"{cls} " + " ".join(f"{px / 100:.2f} {py / 100:.2f}" for px, py in corners))
        for folder in ("images", "labels"):
            (root / folder / split).mkdir(parents=True, exist_ok=True)
        Image.fromarray(image).save(root / "images" / split / f"{stem}.png")
        (root / "labels" / split / f"{stem}.txt").write_text("\n".join(rows) + "\n")


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    red, white = (200, 30, 30), (230, 230, 225)
    _dataset(tmp_path, "carparts", {"train/a": [(0, white), (1, red), (2, red)], "val/b": [(1, red)]})
    _dataset(tmp_path, "dsmlr-carparts", {"train/c": [(0, red)], "test/d": [(0, white)]})
    return tmp_path


def test_lamps_reads_every_light_polygon_with_its_family_and_red_share(shared: Path) -> None:
    found = sorted(lamps(shared), key=lambda lamp: (lamp.dataset, lamp.split, lamp.family))

    assert [(x.dataset, x.split, x.family, round(x.share, 2)) for x in found] == [
        ("carparts", "train", "headlamp", 0.0),
        ("carparts", "train", "tail_lamp", 1.0),
        ("carparts", "val", "tail_lamp", 1.0),
        ("dsmlr-carparts", "test", "headlamp", 0.0),
        ("dsmlr-carparts", "train", "headlamp", 1.0),  # a red car's headlamp: the rule gets it wrong
    ]


def test_choose_keeps_the_most_accurate_pair_that_decides_enough() -> None:
    train = [Lamp("d", "train", "tail_lamp", s) for s in (0.3, 0.2, 0.04)] + [
        Lamp("d", "train", "headlamp", s) for s in (0.0, 0.0, 0.01)
    ]

    head, tail = choose(train)

    assert rate(train, head, tail) == {"lamps": 6, "decided": 6, "right": 6}
    assert head >= 0.01 and tail <= 0.04


def test_choose_refuses_when_no_pair_decides_enough() -> None:
    undecided = [Lamp("d", "train", "headlamp", 0.025) for _ in range(3)]  # between every pair of the grid

    with pytest.raises(ValueError, match="decides enough"):
        choose(undecided)


def test_main_writes_the_report_and_the_chosen_pair(shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "bench" / "lamp-colour.md"

    assert lamp_colour.main(["--shared", str(shared), "--out", str(out)]) == 0

    chosen = json.loads(out.with_suffix(".json").read_text())
    assert set(chosen) == {"head_up_to", "tail_from", "min_decided"}
    text = out.read_text()
    assert f"head_up_to {chosen['head_up_to']:g}, tail_from {chosen['tail_from']:g}" in text
    assert "| val + test | all | 2 |" in text
