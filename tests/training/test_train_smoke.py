"""One short epoch on a handful of photos proves the training path runs offline (needs ../shared and torch)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.training.tiny import tiny_subset
from training.config import TrainConfig, load_config

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CONFIG = REPO / "training" / "configs" / "detector-v1.yaml"


def test_committed_config_is_valid_and_bad_values_are_refused() -> None:
    config = load_config(CONFIG)
    assert config.imgsz % 32 == 0
    with pytest.raises(ValueError):
        TrainConfig.model_validate({**config.model_dump(), "imgsz": 500})
    with pytest.raises(ValueError):
        TrainConfig.model_validate({**config.model_dump(), "surprise": 1})


@pytest.mark.shared
@pytest.mark.slow
def test_one_epoch_on_a_few_photos(tmp_path: Path) -> None:
    if not (SHARED / "datasets").is_dir():
        pytest.skip("../shared/datasets is not present")
    pytest.importorskip("ultralytics", reason="the train extra is not installed")
    from training.data import build
    from training.train import train

    build(SHARED, tmp_path / "full", tmp_path / "manifest.json")
    data = tiny_subset(tmp_path / "full", tmp_path / "tiny", train=8, val=4)
    config = load_config(CONFIG).model_copy(update={"epochs": 1, "time_hours": None, "imgsz": 128, "batch": 4})

    report = train(config, data=data, out=tmp_path / "run", shared=SHARED, manifest=tmp_path / "manifest.json")

    assert report["tensors_transferred"] == 348  # the recovered backbone reached the trainer's model
    assert (tmp_path / "run" / "weights" / "best.pt").is_file()
    assert json.loads((tmp_path / "run" / "run.json").read_text())["dataset_manifest_hash"]
    assert (tmp_path / "run" / "results.csv").read_text().count("\n") >= 2
