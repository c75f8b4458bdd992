"""The bumper-end classifier: the committed model served card-checked, and what it adds to the families."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from api.config import DEFAULT_BUMPER_END_ROOT, DEFAULT_DAMAGED_PARTS_ROOT
from inference.artifact import ModelCard
from inference.bumper_end import BumperEndClassifier, crop_box, to_input
from inference.damaged_parts import TellsBumperEnd, damage_families, load_served_damaged_part_model, newest_model_dir
from inference.detections import Detections
from inference.errors import ModelCardMismatch

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SERVED = newest_model_dir(DEFAULT_BUMPER_END_ROOT)
needs_model = pytest.mark.skipif(SERVED is None, reason="no bumper-end model committed")


@needs_model
def test_the_served_threshold_is_the_one_its_benchmark_chose() -> None:
    assert SERVED is not None
    model = BumperEndClassifier.load(SERVED)
    report = json.loads((REPO / "docs" / "benchmarks" / "bumper-end.json").read_text())

    assert sorted(model.card.classes) == ["back", "front"] and model.card.task == "classify"
    assert model.card.confidence_threshold == report["threshold"] and model.card.sha256 == report["sha256"]


def test_refuses_a_model_that_is_not_a_bumper_end_classifier() -> None:
    damaged_parts = newest_model_dir(DEFAULT_DAMAGED_PARTS_ROOT)
    if damaged_parts is None:
        pytest.skip("no damaged-part model committed")
    with pytest.raises(ModelCardMismatch, match="not a bumper-end classifier"):
        BumperEndClassifier.load(damaged_parts)


def test_the_crop_is_the_box_grown_and_clipped_and_the_input_a_centre_square() -> None:
    assert crop_box(np.array([0, 0, 50, 20], np.float32), 40, 40).tolist() == [0, 0, 40, 22]
    tensor = to_input(np.full((30, 90, 3), 255, np.uint8), 16)
    assert tensor.shape == (1, 3, 16, 16) and tensor.dtype == np.float32 and float(tensor.max()) == 1.0


@needs_model
def test_a_box_too_small_to_read_tells_nothing() -> None:
    assert SERVED is not None
    model = BumperEndClassifier.load(SERVED)
    assert model.end_of(np.zeros((100, 100, 3), np.uint8), np.array([10, 10, 14, 40], np.float32)) is None


@needs_model
def test_the_served_damaged_part_model_carries_it_only_when_asked() -> None:
    alone = load_served_damaged_part_model(DEFAULT_DAMAGED_PARTS_ROOT)
    both = load_served_damaged_part_model(DEFAULT_DAMAGED_PARTS_ROOT, bumper_end_root=DEFAULT_BUMPER_END_ROOT)
    if alone is None or both is None:
        pytest.skip("no damaged-part model committed")

    assert not isinstance(alone, TellsBumperEnd)
    assert isinstance(both, TellsBumperEnd) and both.card == alone.card


class _SaysBack:
    """A classifier that answers ``back`` for every box and records what it was asked about."""

    def __init__(self) -> None:
        self.asked: list[list[float]] = []

    @property
    def card(self) -> ModelCard:
        raise NotImplementedError

    def end_of(self, image_rgb: np.ndarray, xyxy: np.ndarray) -> str | None:
        self.asked.append([float(v) for v in xyxy])
        return "back"


def test_only_a_damage_on_a_bumper_box_is_given_an_end() -> None:
    found = Detections(
        np.array([[0, 0, 50, 50], [60, 0, 100, 50]], np.float32), np.array([0.8, 0.7], np.float32), np.array([0, 1])
    )
    damages = np.array([[10, 10, 20, 20], [70, 10, 80, 20], [10, 80, 20, 90]], np.float32)
    reader = _SaysBack()

    told = damage_families(np.zeros((100, 100, 3), np.uint8), damages, found, ["bumper", "door"], bumper_end=reader)

    assert told.over == ["bumper", "door", None] and told.ends == ["back", None, None]
    assert reader.asked == [[0, 0, 50, 50]]  # the bumper box, not the damage box


@needs_model
@pytest.mark.skipif(not (SHARED / "datasets" / "dsmlr-carparts").is_dir(), reason="../shared not beside the repo")
def test_it_tells_the_ends_of_test_photos_it_never_saw() -> None:
    from PIL import Image

    from training.bumper_end_data import crop_entries, whole_cars

    assert SERVED is not None
    model = BumperEndClassifier.load(SERVED, threads=2)
    copies, _ = whole_cars(SHARED)
    tests = [c for c in copies if c.split == "test"]
    random.Random(0).shuffle(tests)
    decided = right = 0
    for entry in crop_entries(tests[:20]):
        with Image.open(SHARED / "datasets" / entry["source"]) as im:
            photo = np.asarray(im.convert("RGB"))
        x0, y0, x1, y1 = entry["crop_xyxy"]
        inner = np.array([x0, y0, x1, y1], np.float32)  # the crop window, grown again by the runtime's context
        end = model.end_of(photo, inner)
        decided += end is not None
        right += end == entry["end"]

    assert decided >= 20 and right >= 0.9 * decided
