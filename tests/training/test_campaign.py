"""A campaign stopped after one epoch resumes at the next epoch with the LR schedule continued, then exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from training.config import load_config

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "training" / "configs" / "detector-v2.yaml"
CLASSES = ["dent", "scratch", "crack", "glass_shatter", "lamp_broken", "tire_flat"]


def tiny_dataset(root: Path) -> tuple[Path, Path]:
    """Grey photos with one dark box each: enough for Ultralytics to train and validate on (no ../shared)."""
    cv2 = pytest.importorskip("cv2")
    gen = np.random.default_rng(0)
    for split, count in (("train", 8), ("val", 4)):
        (root / "images" / split).mkdir(parents=True)
        (root / "labels" / split).mkdir(parents=True)
        for i in range(count):
            image = np.clip(gen.normal(170, 15, (64, 64, 3)), 0, 255).astype(np.uint8)
            x0, y0 = 8 + 4 * i, 10 + 2 * i
            image[y0 : y0 + 24, x0 : x0 + 20] = 40
            cv2.imwrite(str(root / "images" / split / f"{split}{i}.jpg"), image)
            label = f"{i % 2} {(x0 + 10) / 64:.4f} {(y0 + 12) / 64:.4f} {20 / 64:.4f} {24 / 64:.4f}\n"
            (root / "labels" / split / f"{split}{i}.txt").write_text(label)
    data = {"path": str(root), "train": "images/train", "val": "images/val", "names": dict(enumerate(CLASSES))}
    (root / "data.yaml").write_text(yaml.safe_dump(data))
    manifest = root / "manifest.json"
    manifest.write_text(json.dumps({"hash": "tiny", "classes": CLASSES, "untrained_classes": ["crack", "tire_flat"]}))
    return root / "data.yaml", manifest


def test_committed_v2_config_is_valid() -> None:
    config = load_config(CONFIG)
    assert config.version == "2.0.0" and config.optimizer == "SGD" and config.imgsz % 32 == 0


@pytest.mark.slow
def test_stop_after_one_epoch_resume_and_finish(tmp_path: Path) -> None:
    pytest.importorskip("ultralytics", reason="the train extra is not installed")
    from training.campaign import CHECKPOINT_FILE, LOG_FILE, MAX_CHECKPOINT_BYTES, Campaign, status, train_session

    data, manifest = tiny_dataset(tmp_path / "data")
    config = load_config(CONFIG).model_copy(update={"epochs": 2, "imgsz": 64, "batch": 4})
    campaign = Campaign(
        config,
        CONFIG,
        data,
        manifest,
        tmp_path / "no-shared",
        checkpoints=tmp_path / "checkpoints",
        runs=tmp_path / "runs",
        models=tmp_path / "models",
    )

    # out of time after the first batch: saved inside epoch 1, which the next session starts again
    cut = train_session(campaign, resume=False, minutes=1e-6)

    assert cut["finished"] is False and cut["epochs_done"] == 0
    checkpoint = campaign.folder / CHECKPOINT_FILE
    assert 0 < checkpoint.stat().st_size <= MAX_CHECKPOINT_BYTES
    assert status(campaign)["epoch"] == -1 and status(campaign)["partial_batches"] == 1
    with pytest.raises(SystemExit):  # a second 'start' would overwrite the campaign
        train_session(campaign, resume=False, minutes=None)

    first = train_session(campaign, resume=True, minutes=None, max_epochs=1)

    assert first["finished"] is False and first["epochs_done"] == 1
    assert status(campaign)["epoch"] == 0 and status(campaign)["partial_batches"] == 0
    _snapshot_mid_way(campaign, tmp_path / "snapshot")

    second = train_session(campaign, resume=True, minutes=None)

    assert second["finished"] is True and second["epochs_done"] == 2 and second["session_epochs"] == 1
    assert not campaign.folder.exists()  # the checkpoint folder goes once the model is exported
    card = json.loads((campaign.model_dir / "model.json").read_text())
    assert card["version"] == "2.0.0" and (campaign.model_dir / "model.onnx").is_file()
    with (campaign.model_dir / LOG_FILE).open() as f:
        rows = list(csv.DictReader(f))
    assert [int(r["epoch"]) for r in rows] == [1, 2]
    # the resumed epoch ran at the scheduled LR of epoch 2 of 2 (linear: lr0 * (0.5 * (1 - lrf) + lrf)),
    # not at a restarted schedule's lr0
    assert float(rows[1]["lr"]) == pytest.approx(0.01 * (0.5 * 0.99 + 0.01), rel=1e-4)


def _snapshot_mid_way(campaign: Any, out: Path) -> None:
    """A snapshot of the checkpoint serves through the runtime like the finished model; the campaign
    goes on untouched, and models/ is refused."""
    from inference.runtime import OnnxDetector
    from training.campaign import CHECKPOINT_FILE
    from training.campaign_snapshot import snapshot

    before = (campaign.folder / CHECKPOINT_FILE).read_bytes()
    card, written = snapshot(campaign, out)

    assert written == out

    assert json.loads((out / "snapshot.json").read_text())["epoch"] == 1
    detector = OnnxDetector.load(out, threads=1)
    assert detector.card.sha256 == card.sha256 and detector.card.imgsz == 64
    assert len(detector.detect(np.full((64, 64, 3), 170, np.uint8)).xyxy) >= 0
    assert (campaign.folder / CHECKPOINT_FILE).read_bytes() == before
    with pytest.raises(SystemExit):
        snapshot(campaign, REPO / "models" / "snapshot-test")
