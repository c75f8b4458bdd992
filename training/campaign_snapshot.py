"""An ONNX model (with its card) from a running campaign's checkpoint, to measure it mid-way.

    python -m training.campaign_snapshot --config training/configs/damaged-parts-v1.yaml \
        [--out var/snapshots/damaged-parts-1.0.0-epoch12]

The checkpoint's EMA weights go into a fresh model of the recipe's architecture, which is exported
exactly as the finished campaign's would be (:func:`training.export.export`), into a folder under
``var/`` by default. A snapshot is for measuring (``python -m training.part_heldout evaluate
--damaged-parts DIR``, ``training.evaluate``): it is never written under ``models/`` (the campaign
exports there when its last epoch is done) and the campaign goes on from its checkpoint untouched.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from inference.artifact import ModelCard
from training.campaign import CHECKPOINT_FILE, DATASETS, REPO_ROOT, Campaign, ema_state, read_checkpoint
from training.config import load_config

SNAPSHOT_WEIGHTS = "snapshot.pt"


def _model(campaign: Campaign, tensors: dict[str, Any], classes: list[str]) -> Any:
    from ultralytics.nn.tasks import DetectionModel

    model = DetectionModel(cfg=campaign.config.model, nc=len(classes), verbose=False)
    model.load_state_dict(ema_state(tensors), strict=True)
    model.names = dict(enumerate(classes))
    return model


def snapshot(campaign: Campaign, out: Path | None = None) -> tuple[ModelCard, Path]:
    """Export the checkpoint's weights to ``out`` (model.onnx + model.json; default
    ``var/snapshots/<run>-epoch<N>``) and return the card and the folder; refuses ``models/``."""
    from training import offline

    checkpoint = campaign.folder / CHECKPOINT_FILE
    if not checkpoint.is_file():
        raise SystemExit(f"no checkpoint at {checkpoint}")
    tensors, state = read_checkpoint(checkpoint)
    if state["epoch"] < 0:
        raise SystemExit(f"{checkpoint} holds no finished epoch yet")
    if out is None:
        out = REPO_ROOT / "var" / "snapshots" / f"{campaign.run}-epoch{int(state['epoch']) + 1}"
    if (REPO_ROOT / "models").resolve() in out.resolve().parents:
        raise SystemExit(f"{out}: a snapshot never goes under models/ (the campaign exports there when it ends)")
    manifest = json.loads(campaign.manifest.read_text())
    offline.prepare()
    offline.disable_sync()
    import torch

    from training.export import export

    model = _model(campaign, tensors, manifest["classes"])
    with tempfile.TemporaryDirectory(prefix="snapshot-") as tmp:
        run = Path(tmp)
        (run / "weights").mkdir()
        train_args = {"imgsz": campaign.config.imgsz, "task": "detect", "data": str(campaign.data)}
        torch.save({"model": model.half(), "train_args": train_args}, run / "weights" / SNAPSHOT_WEIGHTS)
        report = {
            "config": campaign.config.model_dump(),
            "code_commit": state["commit"],
            "tensors_transferred": state.get("tensors_transferred"),
            "tensors_total": state.get("tensors_total"),
            "snapshot_of_epoch": int(state["epoch"]) + 1,
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        (run / "run.json").write_text(json.dumps(report, indent=1) + "\n")
        licence = DATASETS[campaign.config.dataset][1]
        card = export(run, campaign.config, out, manifest, weights=SNAPSHOT_WEIGHTS, licence=licence)
    (out / "snapshot.json").write_text(
        json.dumps({"run": campaign.run, "epoch": int(state["epoch"]) + 1, "epochs": state["epochs"]}, indent=1) + "\n"
    )
    return card, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--manifest", type=Path, help="default: datasets/<the recipe's dataset>/manifest.json")
    parser.add_argument("--out", type=Path, help="default: var/snapshots/<run>-epoch<N>")
    args = parser.parse_args()
    config = load_config(args.config)
    manifest = args.manifest or REPO_ROOT / "datasets" / config.dataset / "manifest.json"
    data = REPO_ROOT / "var" / "datasets" / config.dataset / "data.yaml"
    campaign = Campaign(config, args.config, data, manifest, REPO_ROOT.parent / "shared")
    card, out = snapshot(campaign, args.out)
    print(json.dumps({"out": str(out), "name": card.name, "version": card.version, "sha256": card.sha256}))


if __name__ == "__main__":
    main()
