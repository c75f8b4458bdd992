"""Train the car-part segmenter: ``training.train`` with the segment task and the parts defaults.

    python -m training.parts_data                      # var/datasets/car-parts + manifest
    python -m training.parts_train --config training/configs/parts-v1.yaml --out var/runs/parts-v1

Same offline trainer as the damage detector (the shared tensors are loaded inside
the SegmentationTrainer's ``get_model``); writes ``run.json`` beside the weights.
"""

from __future__ import annotations

from pathlib import Path

from training.train import cli

REPO_ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    cli(
        task="segment",
        dataset="car-parts",
        run="parts-v1",
        description="Train the car-part segmenter offline.",
        config=REPO_ROOT / "training" / "configs" / "parts-v1.yaml",
    )


if __name__ == "__main__":
    main()
