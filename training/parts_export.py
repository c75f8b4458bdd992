"""Export the car-part segmenter to ONNX with its card (``task: segment``) embedded.

    python -m training.parts_export --run var/runs/parts-v1 --out models/car-parts/1.0.0

Reuses ``training.export`` (Ultralytics export, card written beside and inside the
ONNX file), then marks the card as a segmenter with the parts data's licence and
checks the two outputs with ONNX Runtime: ``(B, K, 6 + 32)`` rows of the NMS-free
head and ``(B, 32, imgsz/4, imgsz/4)`` mask prototypes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from inference.artifact import MODEL_FILE, ModelCard
from training.config import load_config
from training.export import export, write_card

REPO_ROOT = Path(__file__).resolve().parent.parent
LICENCE = (
    "AGPL-3.0 (fine-tuned from Ultralytics YOLO26n weights, see ../shared/weights/PROVENANCE.md); training data "
    "DSMLR Car Parts v2 (dsmlr-carparts): no licence stated, research use, cite Pasupa et al. 2021 "
    "(doi 10.1007/s40747-021-00397-8)"
)


def check_outputs(model_dir: Path, imgsz: int) -> list[tuple[int, ...]]:
    import onnxruntime as ort

    session = ort.InferenceSession(str(model_dir / MODEL_FILE), providers=["CPUExecutionProvider"])
    outputs = session.run(None, {session.get_inputs()[0].name: np.zeros((1, 3, imgsz, imgsz), np.float32)})
    shapes = [tuple(o.shape) for o in outputs]
    if len(shapes) != 2 or shapes[1][1:] != (32, imgsz // 4, imgsz // 4) or shapes[0][2] != 6 + 32:
        raise SystemExit(f"unexpected segmenter outputs {shapes}")
    return shapes


def export_parts(run: Path, config_path: Path, out: Path, manifest_path: Path) -> ModelCard:
    config = load_config(config_path)
    card = export(run, config, out, json.loads(manifest_path.read_text()), head="end2end")
    shapes = check_outputs(out, config.imgsz)
    return write_card(
        out,
        card.model_copy(
            update={
                "task": "segment",
                "licence": LICENCE,
                "notes": f"outputs {shapes[0]} detection rows (x1 y1 x2 y2 score class + 32 mask coefficients) and "
                f"{shapes[1]} prototypes; classes are the side-specific DSMLR part codes; trained on "
                "mirrored copies with left/right renamed (fliplr off)",
            }
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Export the car-part segmenter to ONNX with its card.")
    parser.add_argument("--run", type=Path, default=REPO_ROOT / "var" / "runs" / "parts-v1")
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "training" / "configs" / "parts-v1.yaml")
    parser.add_argument("--manifest", type=Path, default=REPO_ROOT / "datasets" / "car-parts" / "manifest.json")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    card = export_parts(args.run, args.config, args.out, args.manifest)
    print(json.dumps(card.model_dump(), indent=1))


if __name__ == "__main__":
    main()
