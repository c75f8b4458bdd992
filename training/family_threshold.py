"""Choose the confidence from which a damaged-part box may name the family a damage is on.

The damaged-part model's card threshold (the F1-best for finding part boxes) decides which boxes
tell the photo's view. Naming the part under a damage the detector already found is another
question: which family box covers it, if any. On the val split of the damaged-part dataset (real
photos only), each labelled damaged-part box stands for a damage; at each threshold of :data:`GRID`
it is named by the box that covers it best (:func:`inference.damaged_parts.best_family_index`):
right, wrong, or not named. The threshold with the most right minus wrong is served
(``inference.damaged_parts.FAMILY_THRESHOLD``; a test fails while the two differ). Test is reported,
never used to choose.

    python -m training.family_threshold   # writes docs/benchmarks/damaged-part-families.md and .json
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
from PIL import Image

from inference.damaged_parts import best_family_index
from inference.detections import Detections
from inference.runtime import OnnxDetector

REPO_ROOT = Path(__file__).resolve().parent.parent
GRID: Final = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
MANIFEST = REPO_ROOT / "datasets" / "damaged-parts-v1" / "manifest.json"

Counts = dict[str, int]


def name_boxes(found: Detections, classes: Sequence[str], truths: Sequence[tuple[str, np.ndarray]]) -> list[Counts]:
    """Per threshold of :data:`GRID`, how many of ``truths`` (family, box) are named right, wrong or not at all.

    >>> found = Detections(np.array([[0, 0, 10, 10]], np.float32), np.array([0.3], np.float32), np.array([1]))
    >>> rows = name_boxes(found, ["door", "hood"], [("hood", np.array([1, 1, 5, 5], np.float32))])
    >>> rows[GRID.index(0.25)], rows[GRID.index(0.35)]
    ({'right': 1, 'wrong': 0, 'none': 0}, {'right': 0, 'wrong': 0, 'none': 1})
    """
    rows = []
    for threshold in GRID:
        kept = found[found.confidence >= threshold]
        counts = {"right": 0, "wrong": 0, "none": 0}
        for family, box in truths:
            best = best_family_index(box, kept)
            key = "none" if best is None else "right" if classes[int(kept.class_id[best])] == family else "wrong"
            counts[key] += 1
        rows.append(counts)
    return rows


def choose(rows: Sequence[Counts]) -> float:
    """The threshold with the most right minus wrong (the higher one on a tie: fewer boxes trusted).

    >>> rows = [{"right": 8, "wrong": 4, "none": 0}] + [{"right": 7, "wrong": 1, "none": 4}] * (len(GRID) - 1)
    >>> choose(rows) == GRID[-1]
    True
    """
    return max(zip(GRID, rows, strict=True), key=lambda pair: (pair[1]["right"] - pair[1]["wrong"], pair[0]))[0]


def measure(model: OnnxDetector, dataset: Path, split: str) -> list[Counts]:
    """:func:`name_boxes` summed over the real photos of ``split``."""
    entries = json.loads(MANIFEST.read_text())["entries"]
    totals = [{"right": 0, "wrong": 0, "none": 0} for _ in GRID]
    for entry in entries:
        if entry["split"] != split or entry["kind"] != "real":
            continue
        with Image.open(dataset / "images" / split / entry["file"]) as im:
            image = np.asarray(im.convert("RGB"))
        height, width = image.shape[:2]
        truths = []
        for inst in entry["instances"]:
            cx, cy, w, h = inst["xywhn"]
            box = np.array([(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height])
            truths.append((inst["class"], box.astype(np.float32)))
        for total, counts in zip(totals, name_boxes(model.detect(image), model.card.classes, truths), strict=True):
            for key, value in counts.items():
                total[key] += value
    return totals


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "—"


def report(card: str, chosen: float, splits: dict[str, list[Counts]], seconds: float) -> list[str]:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Damaged-part model: from which confidence a box names the part under a damage",
        "",
        f"Written by `python -m training.family_threshold` on {stamp} ({platform.machine()}, {seconds:.0f} s). "
        f"Model: {card}. Each labelled damaged-part box of the real photos stands for a damage and is named by "
        "the box covering it best (`inference.damaged_parts.best_family_index`). Served: "
        f"**{chosen}**, the most right minus wrong on val (test played no part).",
        "",
        "| split | threshold | boxes | named right | named wrong | not named | right of named |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for split, rows in splits.items():
        for threshold, row in zip(GRID, rows, strict=True):
            total = sum(row.values())
            mark = "**" if threshold == chosen else ""
            lines.append(
                f"| {split} | {mark}{threshold}{mark} | {total} | {_pct(row['right'], total)} | "
                f"{_pct(row['wrong'], total)} | {_pct(row['none'], total)} | "
                f"{_pct(row['right'], row['right'] + row['wrong'])} |"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO_ROOT / "models" / "damaged-parts" / "1.0.0")
    parser.add_argument("--dataset", type=Path, default=REPO_ROOT / "var" / "datasets" / "damaged-parts-v1")
    parser.add_argument("--report", type=Path, default=REPO_ROOT / "docs" / "benchmarks" / "damaged-part-families.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    model = OnnxDetector.load(args.model, threads=2, confidence=min(GRID))
    splits = {split: measure(model, args.dataset, split) for split in ("val", "test")}
    chosen = choose(splits["val"])
    card = f"{model.card.name} {model.card.version}"
    lines = report(card, chosen, splits, time.perf_counter() - started)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary: dict[str, Any] = {"model": card, "sha256": model.card.sha256, "threshold": chosen, "grid": list(GRID)}
    summary["splits"] = splits
    args.report.with_suffix(".json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
