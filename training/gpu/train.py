"""Train a campaign recipe (the detector's by default) on one GPU at 640 px, export ONNX with its card, report metrics.

Run by ``training/gpu/run.sh`` on the device machine (see README.md); ``--smoke`` checks the same code
path on the CPU in a minute (one batch, tiny size).

    python -m training.gpu.train --data /tmp/damage-v2/data.yaml --init var/gpu/init.safetensors --out $OUT
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path
from typing import Any

import yaml

from training import offline
from training.config import TrainConfig, load_config
from training.train import code_commit, make_trainer

REPO_ROOT = Path(__file__).resolve().parents[2]


def gpu_trainer(init: Path, report: dict[str, Any]) -> type:
    """The shared-tensor trainer of training.train, reading results.csv without polars (not on the device)."""
    base = make_trainer(init, report)

    class GpuTrainer(base):  # type: ignore[misc,valid-type]
        def read_results_csv(self) -> dict[str, list[Any]]:
            try:
                with open(self.csv, newline="") as f:
                    rows = list(csv.DictReader(f))
            except OSError:
                return {}
            return {key.strip(): [row[key] for row in rows] for key in (rows[0] if rows else {})}

    return GpuTrainer


def per_class(trainer: Any, names: dict[int, str]) -> dict[str, dict[str, float]]:
    box = trainer.validator.metrics.box
    return {
        names[int(c)]: {"ap50": round(float(box.ap50[i]), 4), "ap50_95": round(float(box.ap[i]), 4)}
        for i, c in enumerate(box.ap_class_index)
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    offline.prepare()
    import ultralytics.utils as ul_utils
    import ultralytics.utils.torch_utils as ul_torch

    offline.disable_sync()
    if args.device == "cpu":
        ul_utils.NUM_THREADS = ul_torch.NUM_THREADS = 2
    from ultralytics import YOLO

    recipe = load_config(args.config)
    config: TrainConfig = recipe.model_copy(update={"imgsz": args.imgsz, "epochs": args.epochs, "batch": args.batch})
    run_dir = args.work / "run"
    report: dict[str, Any] = {
        "config": config.model_dump(),
        "init_weights": config.init_weights,
        "dataset_manifest_hash": args.manifest_hash,
        "code_commit": code_commit(),
        "device": args.device,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    # Ultralytics resolves a relative "path" against the working directory: resolve it against the yaml's folder
    data = yaml.safe_load(args.data.read_text())
    data["path"] = str((args.data.parent / data.get("path", ".")).resolve())
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "data.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    started = time.time()
    model = YOLO(config.model, task="detect")
    model.train(
        trainer=gpu_trainer(args.init, report),
        data=str(args.work / "data.yaml"),
        imgsz=config.imgsz,
        epochs=config.epochs,
        time=args.minutes / 60 if args.minutes else None,  # a hard cap: Ultralytics re-plans the schedule to fit
        batch=config.batch,
        seed=config.seed,
        deterministic=False,
        patience=config.patience,
        optimizer=config.optimizer,
        **({"lr0": config.lr0} if config.lr0 is not None else {}),
        device=args.device,
        workers=args.workers,
        cache=False if args.cache == "False" else args.cache,
        amp="bf16" if args.device != "cpu" else False,  # bf16 skips the AMP check (it downloads a model)
        val=False,  # validate once, after the last epoch
        plots=False,
        fraction=args.fraction,
        project=str(run_dir.parent.resolve()),
        name=run_dir.name,
        exist_ok=True,
        **config.augment.model_dump(),
    )
    trainer: Any = model.trainer
    report.update(
        finished_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        train_s=round(time.time() - started, 1),
        epochs_done=int(trainer.epoch) + 1,
        val={k: round(float(v), 4) for k, v in (trainer.metrics or {}).items()},
        val_per_class=per_class(trainer, trainer.data["names"]),
    )
    (run_dir / "run.json").write_text(json.dumps(report, indent=1) + "\n")
    if not args.no_export:
        from training.campaign import DATASETS
        from training.export import export

        manifest = {"hash": args.manifest_hash, **json.loads(args.manifest_classes.read_text())}
        licence = DATASETS[config.dataset][1]
        card = export(run_dir, config, args.out / "model", manifest, weights="last.pt", licence=licence)
        report["onnx_sha256"] = card.sha256
    (args.out / "metrics.json").write_text(json.dumps(report, indent=1) + "\n")
    if (run_dir / "results.csv").is_file():
        (args.out / "results.csv").write_bytes((run_dir / "results.csv").read_bytes())
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--init", type=Path, required=True, help="the init tensors (../shared/weights/...)")
    parser.add_argument("--out", type=Path, required=True, help="where model/, metrics.json, results.csv go")
    parser.add_argument("--work", type=Path, default=REPO_ROOT / "var" / "gpu-work")
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "training" / "configs" / "detector-v2.yaml")
    parser.add_argument("--manifest-hash", required=True)
    parser.add_argument(
        "--manifest-classes",
        type=Path,
        default=None,
        help="classes and untrained classes for the card (default: classes.json beside --data, as pack writes it)",
    )
    parser.add_argument("--imgsz", type=int, default=640)
    parser.add_argument("--epochs", type=int, default=120)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--workers", type=int, default=14)
    parser.add_argument("--cache", default="ram", help="ram, disk or False")
    parser.add_argument("--minutes", type=float, default=7.0, help="training time cap (0: none)")
    parser.add_argument("--device", default="0")
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--no-export", action="store_true")
    args = parser.parse_args()
    args.manifest_classes = args.manifest_classes or args.data.parent / "classes.json"
    args.out.mkdir(parents=True, exist_ok=True)
    report = run(args)
    print(json.dumps({k: report[k] for k in ("epochs_done", "train_s", "val")}, indent=1))


if __name__ == "__main__":
    main()
