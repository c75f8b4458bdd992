"""Train the bumper-end classifier on the CPU and export it to ONNX with its card.

YOLO26n-cls initialised from the ImageNet backbone in ``../shared/weights`` (every tensor but the
final linear layer), fine-tuned on ``var/datasets/bumper-end-v1`` (:mod:`training.bumper_end_data`)
at 160 px. The export goes to ``models/bumper-end/<version>/``; its served threshold is chosen on val
by ``python -m training.bumper_end_evaluate``, which also writes its test figures.

    python -m training.bumper_end_data
    python -m training.bumper_end_train --epochs 12     # about 1 CPU minute an epoch on 2 cores
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path
from typing import Any, Final

from inference.artifact import MODEL_FILE, ModelCard
from training import offline
from training.bumper_end_data import LICENCE, MANIFEST_PATH, REPO_ROOT
from training.export import OPSET, write_card
from training.train import code_commit, make_trainer

IMGSZ: Final = 160
INIT_WEIGHTS: Final = "weights/yolo26n-cls.no-linear.safetensors"
MODEL_YAML: Final = "yolo26n-cls.yaml"
NAME: Final = "bumper-end"


def train(data: Path, run: Path, shared: Path, *, epochs: int, threads: int = 2) -> dict[str, Any]:
    """Fine-tune on ``data`` (class folders per split) into ``run``; returns the run's report."""
    offline.prepare()
    offline.disable_sync()
    import torch
    import ultralytics.utils as ul_utils
    import ultralytics.utils.torch_utils as ul_torch
    from ultralytics import YOLO

    torch.set_num_threads(threads)
    ul_utils.NUM_THREADS = ul_torch.NUM_THREADS = threads
    report: dict[str, Any] = {
        "init_weights": INIT_WEIGHTS,
        "dataset_manifest_hash": json.loads(MANIFEST_PATH.read_text())["hash"],
        "code_commit": code_commit(),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "epochs": epochs,
        "imgsz": IMGSZ,
    }
    YOLO(MODEL_YAML, task="classify").train(
        trainer=make_trainer(shared / INIT_WEIGHTS, report, "classify"),
        data=str(data.resolve()),
        imgsz=IMGSZ,
        epochs=epochs,
        batch=32,
        seed=0,
        deterministic=True,
        device="cpu",
        workers=0,
        amp=False,
        plots=False,
        project=str(run.parent.resolve()),
        name=run.name,
        exist_ok=True,
    )
    report["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (run / "run.json").write_text(json.dumps(report, indent=1) + "\n")
    return report


def export(run: Path, out: Path, *, version: str) -> ModelCard:
    """``run``'s best weights as ONNX in ``out`` with a card (threshold 0.5 until the evaluation chooses one)."""
    offline.prepare()
    offline.disable_sync()
    from ultralytics import YOLO

    report = json.loads((run / "run.json").read_text())
    model = YOLO(str(run / "weights" / "best.pt"))
    classes = [model.names[i] for i in sorted(model.names)]
    onnx_path = Path(model.export(format="onnx", imgsz=IMGSZ, opset=OPSET, dynamic=True, simplify=True))
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(onnx_path, out / MODEL_FILE)
    shutil.copyfile(run / "results.csv", out / "epochs.csv")
    card = ModelCard(
        name=NAME,
        version=version,
        task="classify",
        classes=classes,
        trained_classes=classes,
        imgsz=IMGSZ,
        output_format="raw",
        opset=OPSET,
        confidence_threshold=0.5,
        sha256="0" * 64,
        dataset_manifest_hash=report["dataset_manifest_hash"],
        training_commit=report["code_commit"],
        architecture=f"{MODEL_YAML} initialised from {INIT_WEIGHTS} ({report.get('tensors_transferred')}/"
        f"{report.get('tensors_total')} tensors), {report['epochs']} epochs on CPU",
        licence=f"AGPL-3.0 (fine-tuned from Ultralytics YOLO26n-cls weights); {LICENCE}",
        notes="front or back of the car from a close view of a bumper; only asked about a box the damaged-part "
        "model calls bumper; undecided below the served threshold",
    )
    return write_card(out, card)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT / "var" / "datasets" / "bumper-end-v1")
    parser.add_argument("--run", type=Path, default=REPO_ROOT / "var" / "runs" / "bumper-end-v1")
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "models" / NAME / "1.0.0")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--export-only", action="store_true")
    args = parser.parse_args()
    if not args.export_only:
        print(json.dumps(train(args.data, args.run, args.shared, epochs=args.epochs), indent=1))
    print(json.dumps(export(args.run, args.out, version=args.out.name).model_dump(), indent=1))


if __name__ == "__main__":
    main()
