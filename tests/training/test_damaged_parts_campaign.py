"""The damaged-part recipe runs through the campaign: a one-epoch smoke on a tiny subset of the built
dataset ends in an ONNX model the serving runtime accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.config import load_config

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "training" / "configs" / "damaged-parts-v1.yaml"
BUILT = REPO / "var" / "datasets" / "damaged-parts-v1"
MANIFEST = REPO / "datasets" / "damaged-parts-v1" / "manifest.json"


def test_committed_config_is_valid_and_names_its_dataset() -> None:
    config = load_config(CONFIG)
    manifest = json.loads(MANIFEST.read_text())
    assert config.name == "damaged-parts" and config.dataset == "damaged-parts-v1" and config.imgsz % 32 == 0
    assert manifest["name"] == config.dataset and manifest["untrained_classes"] == []


def test_the_detector_recipe_hashes_as_before_the_dataset_option() -> None:
    from training.campaign import Campaign

    detector = REPO / "training" / "configs" / "detector-v2.yaml"
    campaign = Campaign(load_config(detector), detector, Path("d"), Path("m"), Path("s"))
    assert campaign.config_sha256() == "f0506daa97aad17041e88fa7bb0bf0b279e04ce1a4511d0ad2cc94c2a6ed581a"


def test_every_served_family_is_one_the_runtime_knows() -> None:
    from inference.damaged_parts import FAMILIES

    assert set(json.loads(MANIFEST.read_text())["classes"]) <= set(FAMILIES)


def test_every_class_has_at_least_50_train_instances() -> None:
    manifest = json.loads(MANIFEST.read_text())
    train = manifest["counts"]["train"]
    assert {c: sum(train[kind][c] for kind in train) >= 50 for c in manifest["classes"]} == dict.fromkeys(
        manifest["classes"], True
    )


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(
    not (BUILT / "data.yaml").is_file(), reason="dataset not built (python -m training.damaged_parts_data)"
)
def test_one_epoch_smoke_exports_a_model_the_runtime_serves(tmp_path: Path) -> None:
    pytest.importorskip("ultralytics", reason="the train extra is not installed")
    from inference.damaged_parts import load_damaged_part_model
    from tests.training.tiny import tiny_subset
    from training.campaign import Campaign, train_session

    data = tiny_subset(BUILT, tmp_path / "data", train=16, val=8)
    config = load_config(CONFIG).model_copy(update={"epochs": 1, "imgsz": 64, "batch": 8})
    campaign = Campaign(
        config,
        CONFIG,
        data,
        MANIFEST,
        REPO.parent / "shared",
        checkpoints=tmp_path / "checkpoints",
        runs=tmp_path / "runs",
        models=tmp_path / "models",
    )

    summary = train_session(campaign, resume=False, minutes=3)

    assert summary["finished"] is True and not campaign.folder.exists()  # the checkpoint goes once exported
    model = load_damaged_part_model(campaign.model_dir)
    assert model.card.classes == json.loads(MANIFEST.read_text())["classes"] and model.card.imgsz == 64
