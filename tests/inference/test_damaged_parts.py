"""The damaged-part runtime: a tiny ONNX model (built in the test, no training) served card-checked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from inference.damaged_parts import (
    SeesDamagedParts,
    SegmenterWithDamagedParts,
    best_family,
    load_damaged_part_model,
    newest_model_dir,
)
from inference.detections import Detections
from inference.errors import ModelCardMismatch
from tests.fixtures.damaged_parts_model import FAMILIES, IMGSZ, write_damaged_part_model
from tests.fixtures.fake_parts import FakePartSegmenter

pytest.importorskip("onnx")

# A door box over the input's left half (the model's 64x64 input), score 0.8.
DOOR_ROWS = np.array([[0, 0, 32, 64, 0.8, FAMILIES.index("door")]], np.float32)


def test_serves_family_boxes_in_photo_pixels(tmp_path: Path) -> None:
    model = load_damaged_part_model(write_damaged_part_model(tmp_path / "1.0.0", DOOR_ROWS))
    found = model.detect(np.zeros((128, 128, 3), np.uint8))
    assert model.card.classes[int(found.class_id[0])] == "door"
    np.testing.assert_allclose(found.xyxy[0], [0, 0, 64, 128], atol=1)


def test_refuses_a_model_of_another_name_or_with_a_non_family_class(tmp_path: Path) -> None:
    with pytest.raises(ModelCardMismatch, match="not a damaged-parts model"):
        load_damaged_part_model(write_damaged_part_model(tmp_path / "a", DOOR_ROWS, name="damage-detector"))
    with pytest.raises(ModelCardMismatch, match="no part family"):
        load_damaged_part_model(write_damaged_part_model(tmp_path / "b", DOOR_ROWS, classes=["door", "dent"]))


def test_refuses_a_model_whose_file_changed(tmp_path: Path) -> None:
    model_dir = write_damaged_part_model(tmp_path / "1.0.0", DOOR_ROWS)
    with (model_dir / "model.onnx").open("ab") as f:
        f.write(b"\0")
    with pytest.raises(ModelCardMismatch):
        load_damaged_part_model(model_dir)


def test_newest_model_dir_compares_versions_as_numbers(tmp_path: Path) -> None:
    assert newest_model_dir(tmp_path / "none") is None
    assert newest_model_dir(tmp_path) is None
    for version in ("1.2.0", "1.10.0", "0.9.0"):
        write_damaged_part_model(tmp_path / version, DOOR_ROWS)
    (tmp_path / "2.0.0").mkdir()  # no card: not a model
    assert newest_model_dir(tmp_path) == tmp_path / "1.10.0"


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ([10, 10, 20, 20], "door"),  # inside the door only
        ([60, 60, 70, 70], "bumper"),  # inside the bumper only
        ([42, 42, 48, 48], "door"),  # door and bumper both cover it: the more confident
        ([52, 5, 58, 10], "hood"),  # a low-scored box still names the family it alone covers
        ([90, 90, 100, 100], None),  # nothing covers it
        ([45, 0, 85, 10], None),  # the door covers 12.5 %, the hood 25 %: under 30 %
    ],
)
def test_best_family(damage: list[float], expected: str | None) -> None:
    found = Detections(
        np.array([[0, 0, 50, 50], [40, 40, 80, 80], [50, 0, 60, 30]], np.float32),
        np.array([0.9, 0.6, 0.2], np.float32),
        np.array([FAMILIES.index("door"), FAMILIES.index("bumper"), FAMILIES.index("hood")]),
    )
    assert best_family(np.array(damage, np.float32), found, FAMILIES) == expected


def test_segmenter_with_damaged_parts_segments_like_the_segmenter(tmp_path: Path) -> None:
    segmenter = FakePartSegmenter()
    model = load_damaged_part_model(write_damaged_part_model(tmp_path / "1.0.0", DOOR_ROWS))
    both = SegmenterWithDamagedParts(segmenter, model)
    image = np.zeros((40, 40, 3), np.uint8)
    assert both.card is segmenter.card and isinstance(both, SeesDamagedParts)
    assert len(both.segment(image)) == 1 and both.damaged_parts is model
    assert not isinstance(segmenter, SeesDamagedParts)
    assert model.card.imgsz == IMGSZ


def test_the_family_threshold_is_the_one_its_benchmark_chose() -> None:
    import json

    from inference.damaged_parts import FAMILY_THRESHOLD

    report = Path(__file__).resolve().parents[2] / "docs" / "benchmarks" / "damaged-part-families.json"
    assert json.loads(report.read_text())["threshold"] == FAMILY_THRESHOLD


def test_a_box_under_the_card_threshold_names_a_damage_but_tells_nothing_of_the_view(tmp_path: Path) -> None:
    from inference.damaged_parts import FAMILY_THRESHOLD, damage_families

    # a sure windscreen over the top half, and an unsure door (0.2, under the card's 0.35) over the bottom
    rows = np.array(
        [[0, 0, 64, 32, 0.9, FAMILIES.index("windscreen")], [0, 32, 64, 64, 0.2, FAMILIES.index("door")]], np.float32
    )
    model = load_damaged_part_model(write_damaged_part_model(tmp_path / "1.0.0", rows, threshold=0.35))
    photo = np.zeros((128, 128, 3), np.uint8)
    found = model.detect(photo)
    assert FAMILY_THRESHOLD < 0.2 and len(found) == 2  # the runtime keeps boxes from the family threshold

    damages = np.array([[10, 80, 40, 110], [10, 10, 40, 40]], np.float32)
    told = damage_families(photo, damages, found, model.card.classes, sure_at=model.card.confidence_threshold)

    assert told.over == ["door", "windscreen"] and told.in_photo == ["windscreen"]
