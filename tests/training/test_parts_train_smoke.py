"""The car-part dataset and one short segmentation epoch (needs ../shared; the epoch needs torch)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.training.tiny import tiny_subset
from training.config import load_config
from training.parts_data import MANIFEST_PATH, build, load_taxonomy, mirror_label_line

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CONFIG = REPO / "training" / "configs" / "parts-v1.yaml"
needs_shared = pytest.mark.skipif(not (SHARED / "datasets").is_dir(), reason="../shared/datasets is not present")


def test_mirroring_swaps_sides_and_keeps_side_agnostic_parts() -> None:
    taxonomy = load_taxonomy()
    table = taxonomy.mirrored_ids()
    names = taxonomy.classes
    assert names[table[names.index("front_left_door")]] == "front_right_door"
    assert names[table[names.index("right_mirror")]] == "left_mirror"
    assert names[table[names.index("hood")]] == "hood"
    assert all(table[table[i]] == i for i in range(len(names)))  # mirroring twice is the identity
    line = f"{names.index('back_left_light')} 0.1 0.2 0.3 0.2 0.3 0.5"
    assert (
        mirror_label_line(line, table)
        == f"{names.index('back_right_light')} 0.900000 0.200000 0.700000 0.200000 0.700000 0.500000"
    )


def test_config_keeps_flips_off_and_classes_are_dsmlr_names() -> None:
    config = load_config(CONFIG)
    assert config.augment.fliplr == 0.0
    assert config.model == "yolo26n-seg.yaml"
    assert json.loads(MANIFEST_PATH.read_text())["classes"] == load_taxonomy().classes


@needs_shared
@pytest.mark.shared
@pytest.mark.slow
def test_rebuilding_reproduces_the_committed_manifest_and_one_epoch_trains(tmp_path: Path) -> None:
    manifest = build(SHARED, tmp_path / "full", tmp_path / "manifest.json")
    assert manifest["hash"] == json.loads(MANIFEST_PATH.read_text())["hash"]
    pytest.importorskip("ultralytics", reason="the train extra is not installed")
    from training.train import train

    data = tiny_subset(tmp_path / "full", tmp_path / "tiny", train=6, val=2)
    config = load_config(CONFIG).model_copy(update={"epochs": 1, "time_hours": None, "imgsz": 128, "batch": 4})

    report = train(
        config,
        data=data,
        out=tmp_path / "run",
        shared=SHARED,
        manifest=tmp_path / "manifest.json",
        task="segment",
    )

    assert report["tensors_transferred"] == 348  # the recovered backbone reached the segmenter
    assert (tmp_path / "run" / "weights" / "best.pt").is_file()
