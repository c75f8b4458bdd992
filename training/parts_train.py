"""Train the car-part segmenter: ``training.train`` with the segment task and the parts defaults.

    python -m training.parts_data                      # var/datasets/car-parts + manifest
    python -m training.parts_train --config training/configs/parts-v1.yaml --out var/runs/parts-v1

Same offline trainer as the damage detector (the shared tensors are loaded inside
the SegmentationTrainer's ``get_model``); writes ``run.json`` beside the weights.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from training.config import load_config
from training.train import train

REPO_ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description="Train the car-part segmenter offline.")
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "training" / "configs" / "parts-v1.yaml")
    parser.add_argument("--data", type=Path, default=REPO_ROOT / "var" / "datasets" / "car-parts" / "data.yaml")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "runs" / "parts-v1")
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--manifest", type=Path, default=REPO_ROOT / "datasets" / "car-parts" / "manifest.json")
    parser.add_argument("--epochs", type=int, help="override the config (smoke tests)")
    parser.add_argument("--time-hours", type=float, help="override the config's time budget")
    args = parser.parse_args()
    config = load_config(args.config)
    overrides: dict[str, Any] = {}
    if args.epochs is not None:
        overrides.update(epochs=args.epochs, time_hours=None)
    if args.time_hours is not None:
        overrides["time_hours"] = args.time_hours
    if overrides:
        config = config.model_copy(update=overrides)
    report = train(config, data=args.data, out=args.out, shared=args.shared, manifest=args.manifest, task="segment")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
