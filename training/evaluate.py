"""Evaluate the exported ONNX detector through the serving runtime and write the report.

    python -m training.evaluate --model models/damage-detector/1.0.0 [--ultralytics var/runs/detector-v1]

Reads a built dataset (``python -m training.data``, ``training.data_v2``, ``training.damaged_parts_data``) and its
manifest; decodes
each photo with the serving decoder, runs ``OnnxDetector`` at a near-zero
threshold for AP and applies the card's served threshold for precision/recall
and the confusion matrix. Writes ``detector.{json,md}`` (the damage detector) or ``<model name>.{json,md}``
under ``--out`` (``docs/benchmarks``) and stores the test metrics in the model card.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from inference.artifact import ClassMetrics, load_card
from inference.images import decode_image
from inference.runtime import OnnxDetector
from training.metrics import (
    ClassReport,
    ImageResult,
    best_threshold,
    confusion_matrix,
    evaluate,
    f1_by_threshold,
    f_beta,
    missed_damages,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
EVAL_CONFIDENCE = 0.001
ANCHORS = "CarDD test, trained on CarDD: DCN+ R101 box AP50 78.8; YOLOv8s box AP50 71.7"


def load_split(dataset: Path, manifest: dict[str, Any], classes: list[str], split: str) -> list[tuple[Path, Any]]:
    ids = {name: i for i, name in enumerate(classes)}
    rows = []
    for entry in manifest["entries"]:
        if entry["split"] == split:
            truth = [(ids[inst["class"]], inst["xywhn"]) for inst in entry["instances"]]
            rows.append((dataset / "images" / split / entry["file"], truth))
    return rows


def run_split(detector: OnnxDetector, rows: list[tuple[Path, Any]]) -> tuple[list[ImageResult], float]:
    results, seconds = [], 0.0
    for path, truth in rows:
        image = decode_image(path.read_bytes())
        height, width = image.shape[:2]
        start = time.perf_counter()
        found = detector.detect(image)
        seconds += time.perf_counter() - start
        cls = np.array([c for c, _ in truth], np.int64)
        xywhn = np.array([b for _, b in truth], np.float64).reshape(-1, 4)
        scale = np.array([width, height, width, height])
        xyxy = np.concatenate([xywhn[:, :2] - xywhn[:, 2:] / 2, xywhn[:, :2] + xywhn[:, 2:] / 2], axis=1) * scale
        results.append(
            ImageResult(found.xyxy.astype(np.float64), found.confidence.astype(np.float64), found.class_id, xyxy, cls)
        )
    return results, seconds / max(1, len(rows))


def fmt(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:.1f}"


def table(classes: list[str], trained: list[str], reports: list[ClassReport]) -> list[str]:
    lines = ["| class | trained | instances | AP50 | AP50-95 | precision | recall |", "|---|---|---|---|---|---|---|"]
    for name, r in zip(classes, reports, strict=True):
        flag = "yes" if name in trained else "**no — not detectable yet**"
        lines.append(
            f"| {name} | {flag} | {r.instances} | {fmt(r.ap50)} | {fmt(r.ap50_95)} |"
            f" {fmt(r.precision)} | {fmt(r.recall)} |"
        )
    scored = [r for name, r in zip(classes, reports, strict=True) if name in trained and r.instances]
    weights = [r.instances for r in scored]
    lines += [
        f"| **mean (trained classes with instances)** | | {sum(weights)} | "
        f"{fmt(float(np.mean([r.ap50 for r in scored])))} | {fmt(float(np.mean([r.ap50_95 for r in scored])))} | | |",
        f"| **weighted by instances** | | {sum(weights)} | "
        f"{fmt(float(np.average([r.ap50 for r in scored], weights=weights)))} | "
        f"{fmt(float(np.average([r.ap50_95 for r in scored], weights=weights)))} | | "
        f"{fmt(float(np.average([r.recall for r in scored], weights=weights)))} |",
    ]
    return lines


def missed_line(results: list[ImageResult], classes: list[str], trained: list[str], served: float) -> str:
    """The missed-damage rate at the served threshold over the trained classes (class-agnostic)."""
    wanted = {i for i, name in enumerate(classes) if name in trained}
    missed, labelled = missed_damages(results, served_confidence=served, classes=wanted)
    share = missed / labelled if labelled else float("nan")
    return (
        f"Missed damages at the served threshold {served}: **{missed} of {labelled} ({fmt(share)} %)** labelled "
        "damages of the trained classes have no detection of any class overlapping them (IoU ≥ 0.5)."
    )


def matrix_lines(classes: list[str], matrix: np.ndarray) -> list[str]:
    names = [*classes, "background"]
    lines = ["| predicted ↓ / true → | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines += [f"| {names[i]} | " + " | ".join(str(v) for v in row) + " |" for i, row in enumerate(matrix)]
    return lines


def ultralytics_val(run: Path, data: Path, split: str, imgsz: int) -> dict[str, float]:
    from training import offline

    offline.prepare()
    offline.disable_sync()
    from ultralytics import YOLO

    metrics = YOLO(str(run / "weights" / "best.pt")).val(
        data=str(data), split=split, imgsz=imgsz, device="cpu", plots=False, verbose=False
    )
    return {"map50": float(metrics.box.map50), "map50_95": float(metrics.box.map)}


TITLES = {"damage-detector": "Damage detector", "damaged-parts": "Damaged-part model"}


def report_stem(name: str) -> str:
    """The report's file name: ``detector`` for the damage detector (as the README cites it), else the model's name.

    >>> report_stem("damage-detector"), report_stem("damaged-parts")
    ('detector', 'damaged-parts')
    """
    return "detector" if name == "damage-detector" else name


def command_line(args: argparse.Namespace) -> str:
    """The arguments that reproduce this report, relative to the repository root where they can be."""

    def rel(path: Path) -> str:
        resolved = path.resolve()
        return resolved.relative_to(REPO_ROOT).as_posix() if resolved.is_relative_to(REPO_ROOT) else str(path)

    parts = [f"--model {rel(args.model)}", f"--dataset {rel(args.dataset)}", f"--manifest {rel(args.manifest)}"]
    if args.out.resolve() != (REPO_ROOT / "docs" / "benchmarks").resolve():
        parts.append(f"--out {rel(args.out)}")
    if args.other_dataset:
        parts.append("--other-dataset")
    if args.choose_threshold:
        parts.append("--choose-threshold")
        if args.recall_weight != 1:
            parts.append(f"--recall-weight {args.recall_weight:g}")
    if args.ultralytics:
        parts.append(f"--ultralytics {rel(args.ultralytics)}")
    return " ".join(parts)


def context(name: str, manifest: dict[str, Any], own: bool = True) -> list[str]:
    """What the figures can be set beside: the published CarDD figures for the damage detector, and the data size."""
    train = sum(1 for entry in manifest["entries"] if entry["split"] == "train")
    sources = sorted(
        {
            str(src).split("/")[0]
            for entry in manifest["entries"]
            if entry["split"] == "train"
            for src in entry.get("sources", [])
        }
    )
    size = f"Trained on {train} photos ({', '.join(sources) or 'see the manifest'}) and tested on held-out photos"
    if not own:
        size = (
            f"This dataset has {train} training photos ({', '.join(sources) or 'see the manifest'}) and held-out photos"
        )
    if name != "damage-detector":
        return [f"{size} of the same sources.", ""]
    return [f"Context, not a comparison: {ANCHORS}. {size} of the same sources, not on CarDD.", ""]


SPLITS = ("val", "test")


def threshold_lines(rows: list[tuple[float, float, float, float]], threshold: float, beta: float = 1.0) -> list[str]:
    """The val split's precision, recall and F1 (and F-beta when ``beta`` is not 1) by threshold (all
    classes pooled), and the one chosen."""
    score = "F1" if beta == 1 else f"F{beta:g}"
    why = (
        ""
        if beta == 1
        else f" ({score}: recall counts {beta:g} times as much as precision, because a damage the detector misses"
        " is missing from the customer's estimate, while a false finding costs the adjuster one deletion)"
    )
    lines = [
        f"Served threshold {threshold}: the {score}-best on the val split (all classes pooled, IoU 0.5; never chosen"
        f" on test), written into the card{why}.",
        "",
        "| threshold | precision | recall | F1 |" + ("" if beta == 1 else f" {score} |"),
        "|---|---|---|---|" + ("" if beta == 1 else "---|"),
    ]
    for t, precision, recall, f1 in rows:
        mark = "**" if t == threshold else ""
        extra = "" if beta == 1 else f" {fmt(f_beta(precision, recall, beta))} |"
        lines.append(f"| {mark}{t}{mark} | {fmt(precision)} | {fmt(recall)} | {fmt(f1)} |{extra}")
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description="Evaluate the ONNX detector through the serving runtime.")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--dataset", type=Path, default=REPO_ROOT / "var" / "datasets" / "damage")
    parser.add_argument("--manifest", type=Path, default=REPO_ROOT / "datasets" / "damage" / "manifest.json")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks")
    parser.add_argument("--ultralytics", type=Path, help="training run whose best.pt Ultralytics' val also scores")
    parser.add_argument("--no-card-update", action="store_true")
    parser.add_argument(
        "--other-dataset",
        action="store_true",
        help="score a model on a dataset it was not built from (a comparison; implies --no-card-update)",
    )
    parser.add_argument(
        "--choose-threshold",
        action="store_true",
        help="set the card's served threshold to the F1-best one on the val split (never on test) before scoring",
    )
    parser.add_argument(
        "--recall-weight",
        type=float,
        default=1.0,
        help="with --choose-threshold: choose the F-beta-best threshold instead, recall counted this many times",
    )
    args = parser.parse_args()
    args.no_card_update = args.no_card_update or args.other_dataset

    manifest = json.loads(args.manifest.read_text())
    card = load_card(args.model)
    if card.dataset_manifest_hash != manifest["hash"] and not args.other_dataset:
        sys.exit(f"model was trained on dataset {card.dataset_manifest_hash[:12]}, manifest is {manifest['hash'][:12]}")
    detector = OnnxDetector.load(args.model, threads=2, confidence=EVAL_CONFIDENCE)
    runs = {split: run_split(detector, load_split(args.dataset, manifest, card.classes, split)) for split in SPLITS}
    chosen: list[str] = []
    if args.choose_threshold:
        rows = f1_by_threshold(runs["val"][0], n_classes=len(card.classes))
        threshold = best_threshold(rows, beta=args.recall_weight)
        card = card.model_copy(update={"confidence_threshold": threshold})
        if not args.no_card_update:
            from training.export import write_card

            card = write_card(args.model, card)
        chosen = threshold_lines(rows, threshold, args.recall_weight)
    report: dict[str, Any] = {
        "model": f"{card.name} {card.version}",
        "sha256": card.sha256,
        "dataset_manifest_hash": manifest["hash"],
        "served_confidence": card.confidence_threshold,
        "splits": {},
    }
    md = [
        f"# {TITLES.get(card.name, card.name)} {card.version}: evaluation",
        "",
        f"Made by `python -m training.evaluate {command_line(args)}`. Computed through the serving path:"
        " `inference.images.decode_image` → `OnnxDetector` (letterbox, ONNX Runtime,"
        f" {'NMS-free' if card.output_format == 'end2end' else 'NMS'} decoding)"
        " on the exported model; AP over all scores ≥"
        f" {EVAL_CONFIDENCE}, precision/recall at the served threshold {card.confidence_threshold}, IoU 0.5.",
        "",
        f"Dataset manifest `{manifest['hash'][:16]}…`; model sha256 `{{SHA}}…` (after the test metrics were"
        " written into its card).",
        "",
        *context(card.name, manifest, own=card.dataset_manifest_hash == manifest["hash"]),
    ]
    if card.dataset_manifest_hash != manifest["hash"]:
        md += [
            f"The model was built from dataset `{card.dataset_manifest_hash[:16]}…`, not this one: a comparison on this"
            " dataset's val and test photos, which no build puts in a training split (each source's val/test split"
            " stays val/test).",
            "",
        ]
    md += chosen
    for split in SPLITS[::-1]:
        results, latency = runs[split]
        reports = evaluate(results, n_classes=len(card.classes), served_confidence=card.confidence_threshold)
        served = [
            ImageResult(
                r.pred_xyxy[r.pred_conf >= card.confidence_threshold],
                r.pred_conf[r.pred_conf >= card.confidence_threshold],
                r.pred_cls[r.pred_conf >= card.confidence_threshold],
                r.true_xyxy,
                r.true_cls,
            )
            for r in results
        ]
        matrix = confusion_matrix(served, n_classes=len(card.classes))
        report["splits"][split] = {
            "images": len(results),
            "classes": {c: vars(r) for c, r in zip(card.classes, reports, strict=True)},
            "confusion_matrix": matrix.tolist(),
            "mean_detect_ms": 1000 * latency,
        }
        md += [
            f"## {split} split ({len(results)} photos)",
            "",
            *table(card.classes, card.trained_classes, reports),
            "",
            missed_line(results, card.classes, card.trained_classes, card.confidence_threshold),
            "",
            f"Confusion matrix at confidence {card.confidence_threshold}, IoU 0.45:",
            "",
            *matrix_lines(card.classes, matrix),
            "",
        ]
        if split == "test" and not args.no_card_update:
            from training.export import write_card

            metrics = {
                c: ClassMetrics(
                    ap50=None if math.isnan(r.ap50) else round(r.ap50, 4),
                    ap50_95=None if math.isnan(r.ap50_95) else round(r.ap50_95, 4),
                    precision=None if math.isnan(r.precision) else round(r.precision, 4),
                    recall=None if math.isnan(r.recall) else round(r.recall, 4),
                    instances=r.instances,
                )
                for c, r in zip(card.classes, reports, strict=True)
            }
            card = write_card(args.model, card.model_copy(update={"metrics": metrics}))
    if args.ultralytics:
        ours = {s: report["splits"][s] for s in report["splits"]}
        md += [
            "## Beside Ultralytics' own val (PyTorch, best.pt)",
            "",
            "| split | Ultralytics mAP50 | Ultralytics mAP50-95 |",
            "|---|---|---|",
        ]
        for split in ours:
            u = ultralytics_val(args.ultralytics, args.dataset / "data.yaml", split, card.imgsz)
            report.setdefault("ultralytics", {})[split] = u
            md.append(f"| {split} | {fmt(u['map50'])} | {fmt(u['map50_95'])} |")
        md += [
            "",
            "Ultralytics averages over classes with instances in the split and uses its own matching;"
            " small differences from the table above are expected.",
            "",
        ]
    report["sha256"] = card.sha256
    md = [line.replace("{SHA}", card.sha256[:16]) for line in md]
    args.out.mkdir(parents=True, exist_ok=True)
    stem = report_stem(card.name)
    (args.out / f"{stem}.json").write_text(json.dumps(report, indent=1, default=float) + "\n")
    (args.out / f"{stem}.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
