"""Evaluate the exported part segmenter through the serving runtime, and time the whole per-photo pipeline.

    python -m training.parts_evaluate --model models/car-parts/1.0.0 \
        [--detector models/damage-detector/1.0.0] [--ultralytics var/runs/parts-v1]

AP: ``OnnxPartSegmenter`` at a near-zero threshold on dsmlr-carparts test (and
val), box AP from boxes, mask AP from mask IoU at the photo's resolution, both
with the COCO-style matching of ``training.metrics``. Left/right swaps: served
predictions whose mask overlaps (IoU >= 0.5) a true part of the mirrored class.
Latency: detector + parts + matching + severity + quality per photo on one
thread (JPEG decode excluded). Writes ``docs/benchmarks/parts.{md,json}`` and
stores the test box metrics in the model card.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from inference.artifact import ClassMetrics, load_card
from inference.images import decode_image
from inference.matching import match_damage_to_parts, part_mask_area
from inference.parts import OnnxPartSegmenter
from inference.quality import assess_capture
from inference.severity import grade
from training.metrics import IOU_THRESHOLDS, average_precision, box_iou, match_iou
from training.parts_data import load_taxonomy

REPO_ROOT = Path(__file__).resolve().parent.parent
EVAL_CONFIDENCE = 0.001
MAX_DETECTIONS = 100
ANCHOR = "RF-DETR-Seg-M: 86.6 box AP50 on a comparable 19-class car-parts set (different photos and split)"


def ground_truth(
    label: Path, width: int, height: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    classes, boxes, masks = [], [], []
    for line in label.read_text().splitlines():
        if not line.strip():
            continue
        values = np.array(line.split()[1:], np.float64).reshape(-1, 2) * [width, height]
        mask = np.zeros((height, width), np.uint8)
        cv2.fillPoly(mask, [np.round(values).astype(np.int32)], 1)
        classes.append(int(line.split()[0]))
        boxes.append([*values.min(axis=0), *values.max(axis=0)])
        masks.append(mask.astype(bool))
    return (
        np.array(classes, np.int64),
        np.array(boxes, np.float64).reshape(-1, 4),
        np.array(masks, bool).reshape(-1, height, width),
    )


def mask_iou(a: npt.NDArray[np.bool_], b: npt.NDArray[np.bool_], chunk: int = 32) -> npt.NDArray[np.float64]:
    """Pairwise IoU of ``(P, H, W)`` and ``(T, H, W)`` masks, ``chunk`` predictions at a time (memory)."""
    fb = b.reshape(len(b), -1).astype(np.float32)
    area_b = fb.sum(1)
    out = np.zeros((len(a), len(b)))
    for start in range(0, len(a), chunk):
        fa = a[start : start + chunk].reshape(-1, fb.shape[1]).astype(np.float32)
        inter = fa @ fb.T
        out[start : start + chunk] = inter / (fa.sum(1)[:, None] + area_b[None, :] - inter + 1e-9)
    return out


def score_split(segmenter: OnnxPartSegmenter, folder: Path, split: str, served: float) -> dict[str, Any]:
    mirrored = load_taxonomy().mirrored_ids()
    tp: dict[str, list[np.ndarray]] = {"box": [], "mask": []}
    conf, cls, true_cls = [], [], []
    swaps, side_matched, seconds = 0, 0, 0.0
    images = sorted((folder / "images" / split).glob("*.jpg"))
    for path in images:
        image = decode_image(path.read_bytes())
        height, width = image.shape[:2]
        t_cls, t_box, t_mask = ground_truth(folder / "labels" / split / (path.stem + ".txt"), width, height)
        start = time.perf_counter()
        found = segmenter.segment(image)
        seconds += time.perf_counter() - start
        found = found[:MAX_DETECTIONS]  # best first; COCO scores at most 100 per image
        assert found.mask is not None
        p_conf = found.confidence.astype(np.float64)
        has_both = len(found) and len(t_cls)
        ious = {
            "box": box_iou(found.xyxy, t_box) if has_both else np.zeros((len(found), len(t_cls))),
            "mask": mask_iou(found.mask, t_mask) if has_both else np.zeros((len(found), len(t_cls))),
        }
        for kind, iou in ious.items():
            tp[kind].append(match_iou(iou, p_conf, found.class_id, t_cls))
        conf.append(p_conf)
        cls.append(found.class_id)
        true_cls.append(t_cls)
        if has_both:  # left/right swaps among served predictions, classes ignored for the pairing
            for p in np.flatnonzero(found.confidence >= served):
                t = int(np.argmax(ious["mask"][p]))
                if ious["mask"][p, t] >= 0.5 and mirrored[t_cls[t]] != t_cls[t]:
                    side_matched += 1
                    swaps += int(found.class_id[p] == mirrored[t_cls[t]])
    all_conf, all_cls, all_true = np.concatenate(conf), np.concatenate(cls), np.concatenate(true_cls)
    result: dict[str, Any] = {
        "images": len(images),
        "mean_segment_ms": 1000 * seconds / max(1, len(images)),
        "side_swaps": swaps,
        "side_specific_matched": side_matched,
        "classes": {},
    }
    for kind in ("box", "mask"):
        all_tp = np.concatenate(tp[kind])
        for c, name in enumerate(segmenter.card.classes):
            mine = all_cls == c
            n_true = int((all_true == c).sum())
            ap = average_precision(all_tp[mine], all_conf[mine], n_true)
            row = result["classes"].setdefault(name, {"instances": n_true})
            row[f"{kind}_ap50"], row[f"{kind}_ap50_95"] = float(ap[0]), float(np.mean(ap))
            if kind == "box":
                served_rows = mine & (all_conf >= served)
                hits = int(all_tp[served_rows, 0].sum())
                row["precision"] = hits / int(served_rows.sum()) if served_rows.any() else math.nan
                row["recall"] = hits / n_true if n_true else math.nan
        scored = [r for r in result["classes"].values() if r["instances"]]
        result[f"{kind}_ap50"] = float(np.mean([r[f"{kind}_ap50"] for r in scored]))
        result[f"{kind}_ap50_95"] = float(np.mean([r[f"{kind}_ap50_95"] for r in scored]))
    assert len(IOU_THRESHOLDS) == 10
    return result


def latency(model: Path, detector_dir: Path | None, photos: list[Path], runs: int) -> dict[str, float]:
    """Median ms per photo on one thread for each stage and for the whole pipeline."""
    from inference.runtime import OnnxDetector

    parts = OnnxPartSegmenter.load(model, threads=1)
    detector = OnnxDetector.load(detector_dir, threads=1) if detector_dir else None
    images = [decode_image(p.read_bytes()) for p in photos]
    stages: dict[str, list[float]] = {"detector": [], "parts": [], "match_grade_quality": [], "total": []}
    for i in range(runs + 5):
        image = images[i % len(images)]
        t0 = time.perf_counter()
        damage = detector.detect(image) if detector else None
        t1 = time.perf_counter()
        found = parts.segment(image)
        t2 = time.perf_counter()
        if damage is not None and detector is not None:
            matches = match_damage_to_parts(damage, found, parts.card.classes)
            for j, m in enumerate(matches):
                area = part_mask_area(found, parts.card.classes, m.part)
                grade(
                    damage_type=detector.card.classes[int(damage.class_id[j])],
                    damage_area_px=float(damage.area[j]),
                    part_area_px=area,
                    count_on_part=1,
                    image_area_px=float(image.shape[0] * image.shape[1]),
                )
        assess_capture(image, parts=found, damage=damage, part_names=parts.card.classes)
        t3 = time.perf_counter()
        if i >= 5:
            for key, value in (
                ("detector", t1 - t0),
                ("parts", t2 - t1),
                ("match_grade_quality", t3 - t2),
                ("total", t3 - t0),
            ):
                stages[key].append(1000 * value)
    return {k: statistics.median(v) for k, v in stages.items()}


def pct(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{100 * value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Evaluate the part segmenter through the serving runtime.")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--dataset", type=Path, default=REPO_ROOT / "var" / "datasets" / "car-parts")
    parser.add_argument("--manifest", type=Path, default=REPO_ROOT / "datasets" / "car-parts" / "manifest.json")
    parser.add_argument("--detector", type=Path, help="damage detector model dir, for the pipeline latency")
    parser.add_argument("--ultralytics", type=Path, help="training run whose best.pt Ultralytics' val also scores")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks")
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text())
    card = load_card(args.model)
    if card.dataset_manifest_hash != manifest["hash"]:
        raise SystemExit(f"model trained on {card.dataset_manifest_hash[:12]}, manifest is {manifest['hash'][:12]}")
    segmenter = OnnxPartSegmenter.load(args.model, threads=2, confidence=EVAL_CONFIDENCE)
    report: dict[str, Any] = {"model": f"{card.name} {card.version}", "sha256": card.sha256, "splits": {}}
    for split in ("test", "val"):
        report["splits"][split] = score_split(segmenter, args.dataset, split, card.confidence_threshold)
    if args.ultralytics:
        from training import offline

        offline.prepare()
        offline.disable_sync()
        from ultralytics import YOLO

        for split in ("test", "val"):
            m = YOLO(str(args.ultralytics / "weights" / "best.pt")).val(
                data=str(args.dataset / "data.yaml"),
                split=split,
                imgsz=card.imgsz,
                device="cpu",
                plots=False,
                verbose=False,
            )
            report.setdefault("ultralytics", {})[split] = {
                "box_map50": float(m.box.map50),
                "mask_map50": float(m.seg.map50),
            }
    photos = sorted((args.dataset / "images" / "test").glob("*.jpg"))[:20]
    report["latency_1_thread"] = latency(args.model, args.detector, photos, args.runs)

    test = report["splits"]["test"]
    command = (
        f"python -m training.parts_evaluate --model {args.model}"
        + (f" --detector {args.detector}" if args.detector else "")
        + (f" --ultralytics {args.ultralytics}" if args.ultralytics else "")
    )
    md = [
        f"# Car-part segmenter {card.version}: evaluation",
        "",
        f"Made by `{command}` (after `python -m training.parts_data`).",
        "Through the serving path: `decode_image` → `OnnxPartSegmenter` (letterbox, ONNX Runtime, NMS-free rows,"
        f" masks = coefficients × prototypes at the photo's resolution); AP over all scores ≥ {EVAL_CONFIDENCE},"
        f" precision/recall at the served threshold {card.confidence_threshold}, IoU 0.5; mean over classes with"
        " instances.",
        "",
        f"Model `{card.architecture}`, {card.imgsz} px; sha256 `{card.sha256[:16]}…`; dataset manifest"
        f" `{manifest['hash'][:16]}…`.",
        "",
        "**Decisions.** Classes: the 18 side-specific DSMLR names (an estimate line needs the side; pricing's part"
        " codes are these names). Flip augmentation: Ultralytics' `fliplr` is 0 and the 397 training photos are"
        " added mirrored with left/right classes swapped and polygons mirrored (794 training images). carparts'"
        " 85 non-DSMLR photos are left out: they carry side-agnostic names only. Train dsmlr-carparts/train,"
        " validate on its val, test on its test (photos with no copy elsewhere).",
        "",
        f"Anchor, for context: {ANCHOR}.",
        "",
        "| split | photos | box AP50 | box AP50-95 | mask AP50 | mask AP50-95 | left/right swaps (served) |",
        "|---|---|---|---|---|---|---|",
    ]
    for split, r in report["splits"].items():
        md.append(
            f"| {split} | {r['images']} | {pct(r['box_ap50'])} | {pct(r['box_ap50_95'])} | {pct(r['mask_ap50'])} |"
            f" {pct(r['mask_ap50_95'])} | {r['side_swaps']} of {r['side_specific_matched']} |"
        )
    md += [
        "",
        "## Test split per class",
        "",
        "| class | instances | box AP50 | mask AP50 | mask AP50-95 | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    md += [
        f"| {name} | {r['instances']} | {pct(r['box_ap50'])} | {pct(r['mask_ap50'])} | {pct(r['mask_ap50_95'])} |"
        f" {pct(r['precision'])} | {pct(r['recall'])} |"
        for name, r in test["classes"].items()
    ]
    if "ultralytics" in report:
        md += [
            "",
            "Ultralytics' own val on best.pt (PyTorch, its matching): "
            + "; ".join(
                f"{s}: box mAP50 {pct(u['box_map50'])}, mask mAP50 {pct(u['mask_map50'])}"
                for s, u in report["ultralytics"].items()
            ),
        ]
    lat = report["latency_1_thread"]
    md += [
        "",
        "## Per-photo latency, one thread",
        "",
        f"Median of {args.runs} runs over {len(photos)} test photos (mostly 512×512), after 5 warm-up runs; JPEG decode"
        " excluded. Target: detector + parts ≤ 80 ms.",
        "",
        "| stage | median ms |",
        "|---|---|",
    ]
    md += [f"| {k} | {v:.1f} |" for k, v in lat.items()]
    if not args.detector:
        md.append("\n(no detector given: the detector stage is 0)")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "parts.json").write_text(json.dumps(report, indent=1, default=float) + "\n")
    (args.out / "parts.md").write_text("\n".join(md) + "\n")
    from training.export import write_card

    metrics = {
        name: ClassMetrics(
            ap50=round(r["box_ap50"], 4),
            ap50_95=round(r["box_ap50_95"], 4),
            precision=None if math.isnan(r["precision"]) else round(r["precision"], 4),
            recall=None if math.isnan(r["recall"]) else round(r["recall"], 4),
            instances=r["instances"],
        )
        for name, r in test["classes"].items()
        if r["instances"]
    }
    write_card(args.model, card.model_copy(update={"metrics": metrics}))
    print("\n".join(md))


if __name__ == "__main__":
    main()
