"""Export a trained checkpoint to ONNX with its model card embedded.

    python -m training.export --run var/runs/detector-v1 \
        --config training/configs/detector-v1.yaml --out models/damage-detector/1.0.0
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

from inference.artifact import CARD_FILE, METADATA_KEY, MODEL_FILE, ModelCard, sha256_file
from inference.postprocess import OutputFormat
from training import offline
from training.config import TrainConfig, load_config

OPSET = 17
REPO_ROOT = Path(__file__).resolve().parent.parent
LICENCE = (
    "AGPL-3.0 (fine-tuned from Ultralytics YOLO26n weights, see ../shared/weights/PROVENANCE.md); "
    "training data CC BY 4.0 (lensor-damage, capstone-damaged-parts) and MIT (ilujaina-damage)"
)


def write_card(model_dir: Path, card: ModelCard) -> ModelCard:
    """Embed ``card`` in ``model.onnx``'s metadata, then write ``model.json`` with the file's sha256."""
    import onnx

    path = model_dir / MODEL_FILE
    proto = onnx.load(str(path))
    kept = [p for p in proto.metadata_props if p.key != METADATA_KEY]
    del proto.metadata_props[:]
    proto.metadata_props.extend(kept)
    proto.metadata_props.add(key=METADATA_KEY, value=card.embedded_json())
    onnx.save(proto, str(path))
    final = card.model_copy(update={"sha256": sha256_file(path)})
    (model_dir / CARD_FILE).write_text(json.dumps(final.model_dump(), indent=1, ensure_ascii=False) + "\n")
    return final


def export(
    run: Path,
    config: TrainConfig,
    out: Path,
    manifest: dict[str, Any],
    *,
    head: OutputFormat = "raw",
    weights: str = "best.pt",
    licence: str = LICENCE,
) -> ModelCard:
    """Export ``run``'s ``weights`` (best.pt by default); ``head`` picks YOLO26's NMS-free one-to-one head or the
    one-to-many head + NMS."""
    offline.prepare()
    offline.disable_sync()
    from ultralytics import YOLO

    report = json.loads((run / "run.json").read_text())
    model = YOLO(str(run / "weights" / weights))
    onnx_path = Path(
        model.export(
            format="onnx",
            imgsz=config.imgsz,
            opset=OPSET,
            dynamic=True,
            simplify=True,
            nms=False if head == "end2end" else None,  # False: the NMS-free head; None: raw outputs, NMS at serving
        )
    )
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(onnx_path, out / MODEL_FILE)
    card = ModelCard(
        name=config.name,
        version=config.version,
        classes=manifest["classes"],
        trained_classes=[c for c in manifest["classes"] if c not in manifest["untrained_classes"]],
        imgsz=config.imgsz,
        output_format=head,
        opset=OPSET,
        confidence_threshold=config.thresholds.confidence,
        sha256="0" * 64,
        dataset_manifest_hash=manifest["hash"],
        training_commit=report["code_commit"],
        architecture=f"{config.model} initialised from {config.init_weights} "
        f"({report.get('tensors_transferred')}/{report.get('tensors_total')} tensors)",
        licence=licence,
    )
    return write_card(out, card)


def main() -> None:
    parser = argparse.ArgumentParser(description="Export the detector to ONNX with its card.")
    parser.add_argument("--run", type=Path, default=REPO_ROOT / "var" / "runs" / "detector-v1")
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "training" / "configs" / "detector-v1.yaml")
    parser.add_argument("--manifest", type=Path, default=REPO_ROOT / "datasets" / "damage" / "manifest.json")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--head", choices=["end2end", "raw"], default="raw")  # what 1.0.0 serves
    args = parser.parse_args()
    card = export(args.run, load_config(args.config), args.out, json.loads(args.manifest.read_text()), head=args.head)
    print(json.dumps(card.model_dump(), indent=1))


if __name__ == "__main__":
    main()
