"""Train the damage detector with Ultralytics, fully offline, from the shared pretrained tensors.

    python -m training.train --config training/configs/detector-v1.yaml \
        --data var/datasets/damage/data.yaml --out var/runs/detector-v1

Writes the Ultralytics run (weights, results.csv with the loss and mAP curves) and
``run.json`` (config, seed, dataset manifest hash, code commit, tensors transferred).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path
from typing import Any, Literal

from training import offline
from training.config import TrainConfig, load_config

REPO_ROOT = Path(__file__).resolve().parent.parent
Task = Literal["detect", "segment", "classify"]


def code_commit() -> str:
    """The commit the code was trained from, with ``-dirty`` when the tree has uncommitted changes."""

    def run(*args: str) -> str:
        # git from PATH with fixed arguments: nothing untrusted reaches the command line
        return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S603, S607

    commit = run("rev-parse", "HEAD") or "unknown"
    return commit + ("-dirty" if run("status", "--porcelain", "--untracked-files=no") else "")


def transfer_matching(model: Any, tensors_path: Path) -> tuple[int, int]:
    """Copy every tensor whose name and shape match into ``model``; returns (copied, model total)."""
    from safetensors.torch import load_file

    source = load_file(str(tensors_path))
    target = model.state_dict()
    matched = {
        name: tensor.float() if tensor.is_floating_point() else tensor
        for name, tensor in source.items()
        if name in target and target[name].shape == tensor.shape
    }
    model.load_state_dict(matched, strict=False)
    return len(matched), len(target)


def make_trainer(tensors_path: Path, report: dict[str, Any], task: Task = "detect") -> type:
    """A Detection (Segmentation, Classification) trainer that loads the pretrained tensors inside its own
    model construction.

    The trainer rebuilds the model from the yaml, so weights loaded into a model
    beforehand are silently discarded; loading them in ``get_model`` keeps them.
    """
    from ultralytics.models.yolo.classify import ClassificationTrainer
    from ultralytics.models.yolo.detect import DetectionTrainer
    from ultralytics.models.yolo.segment import SegmentationTrainer
    from ultralytics.utils import LOGGER

    base = {"detect": DetectionTrainer, "segment": SegmentationTrainer, "classify": ClassificationTrainer}[task]

    class PretrainedDetectionTrainer(base):  # type: ignore[misc,valid-type]
        def get_model(self, cfg: Any = None, weights: Any = None, verbose: bool = True) -> Any:
            model = super().get_model(cfg=cfg, weights=None, verbose=verbose)
            copied, total = transfer_matching(model, tensors_path)
            report.update(tensors_transferred=copied, tensors_total=total)
            LOGGER.info(f"init weights: transferred {copied}/{total} tensors from {tensors_path.name}")
            return model

    return PretrainedDetectionTrainer


def train(
    config: TrainConfig, *, data: Path, out: Path, shared: Path, manifest: Path, task: Task = "detect"
) -> dict[str, Any]:
    offline.prepare()
    import ultralytics.utils as ul_utils
    import ultralytics.utils.torch_utils as ul_torch

    offline.disable_sync()
    ul_utils.NUM_THREADS = config.threads
    ul_torch.NUM_THREADS = config.threads  # Ultralytics' default is cpu_count - 1 = 1 here
    from ultralytics import YOLO

    tensors = shared / config.init_weights
    report: dict[str, Any] = {
        "config": config.model_dump(),
        "init_weights": str(config.init_weights),
        "dataset_manifest_hash": json.loads(manifest.read_text())["hash"],
        "code_commit": code_commit(),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    model = YOLO(config.model, task=task)
    model.train(
        trainer=make_trainer(tensors, report, task),
        data=str(data.resolve()),
        imgsz=config.imgsz,
        epochs=config.epochs,
        time=config.time_hours,
        batch=config.batch,
        seed=config.seed,
        deterministic=True,
        patience=config.patience,
        optimizer=config.optimizer,
        **({"lr0": config.lr0} if config.lr0 is not None else {}),
        device="cpu",
        workers=0,
        amp=False,
        plots=True,
        project=str(out.parent.resolve()),
        name=out.name,
        exist_ok=True,
        **config.augment.model_dump(),
    )
    report["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (out / "run.json").write_text(json.dumps(report, indent=1) + "\n")
    return report


def cli(*, task: Task, dataset: str, run: str, description: str, config: Path | None = None) -> None:
    """The command line of one training recipe: ``dataset`` names var/datasets/<dataset> and its manifest."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--config", type=Path, required=config is None, default=config)
    parser.add_argument("--data", type=Path, default=REPO_ROOT / "var" / "datasets" / dataset / "data.yaml")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "runs" / run)
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--manifest", type=Path, default=REPO_ROOT / "datasets" / dataset / "manifest.json")
    parser.add_argument("--epochs", type=int, help="override the config (smoke tests)")
    parser.add_argument("--time-hours", type=float, help="override the config's time budget")
    args = parser.parse_args()
    recipe = load_config(args.config)
    overrides: dict[str, Any] = {}
    if args.epochs is not None:  # an explicit epoch count replaces the time budget
        overrides.update(epochs=args.epochs, time_hours=None)
    if args.time_hours is not None:
        overrides["time_hours"] = args.time_hours
    if overrides:
        recipe = recipe.model_copy(update=overrides)
    report = train(recipe, data=args.data, out=args.out, shared=args.shared, manifest=args.manifest, task=task)
    print(json.dumps(report, indent=1))


def main() -> None:
    cli(task="detect", dataset="damage", run="detector-v1", description="Train the damage detector offline.")


if __name__ == "__main__":
    main()
