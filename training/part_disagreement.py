"""When the whole-car segmenter and the damaged-part model name different parts under a damage, which is right?

On the damaged-part dataset (``var/datasets/damaged-parts-v1``: real damage photos, and zoom crops of
whole-car photos), each labelled damaged-part box stands for the part under a damage; the damage is
the box's central half (a dent lies inside its part). Both served models look at the photo: the
segmenter's part (:func:`inference.matching.match_damage_to_parts`, as the assessment matches a
damage) and the damaged-part model's family box covering the damage best
(:func:`inference.damaged_parts.best_family_index`, from ``FAMILY_THRESHOLD``). Where both name a
part, they agree or not (:func:`api.assessments.part_fusion.families_agree`); where they disagree,
the label says which was right. The fusion lets the family decide a disagreement
(docs/part-fusion.md); a test fails if val stops showing the family right more often.

    python -m training.part_disagreement   # writes docs/benchmarks/part-disagreement.md and .json
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
from PIL import Image

from api.assessments.part_fusion import families_agree
from inference.damaged_parts import DamagedPartModel, best_family_index
from inference.detections import Detections
from inference.matching import match_damage_to_parts
from inference.parts import PartSegmenter
from training.metrics import share

REPO_ROOT = Path(__file__).resolve().parent.parent
MANIFEST = REPO_ROOT / "datasets" / "damaged-parts-v1" / "manifest.json"
KINDS: Final = {"real": "real damage photos", "crop": "whole-car zoom crops"}
OUTCOMES: Final = ("agree_right", "agree_wrong", "family_right", "segmenter_right", "neither", "one_only")


def outcome(truth: str, part: str | None, family: str | None) -> str:
    """What a damage's two namings come to against its label (``part``: the segmenter's code or None).

    >>> outcome("door", "front_left_door", "door"), outcome("rear_quarter", "front_bumper", "rear_quarter")
    ('agree_right', 'family_right')
    >>> outcome("hood", "hood", None), outcome("lamp", "front_glass", "bumper")
    ('one_only', 'neither')
    """
    if part is None or family is None:
        return "one_only"
    if families_agree(part, family):
        return "agree_right" if families_agree(part, truth) else "agree_wrong"
    if families_agree(part, truth):
        return "segmenter_right"
    return "family_right" if family == truth else "neither"


def inner_half(xywhn: Sequence[float], width: int, height: int) -> np.ndarray:
    """The central half of a normalised box, in pixels."""
    cx, cy, w, h = xywhn
    box = [(cx - w / 4) * width, (cy - h / 4) * height, (cx + w / 4) * width, (cy + h / 4) * height]
    return np.array(box, np.float32)


def measure(segmenter: PartSegmenter, damaged: DamagedPartModel, dataset: Path, split: str) -> dict[str, Counter[str]]:
    """Outcome counts per kind of photo of ``split``."""
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    for entry in json.loads(MANIFEST.read_text())["entries"]:
        if entry["split"] != split or not entry["instances"]:
            continue
        with Image.open(dataset / "images" / split / entry["file"]) as im:
            image = np.asarray(im.convert("RGB"))
        height, width = image.shape[:2]
        truths = [inst["class"] for inst in entry["instances"]]
        boxes = np.stack([inner_half(inst["xywhn"], width, height) for inst in entry["instances"]])
        damages = Detections(boxes, np.ones(len(boxes), np.float32), np.zeros(len(boxes), np.int64))
        matches = match_damage_to_parts(damages, segmenter.segment(image), segmenter.card.classes)
        found = damaged.detect(image)
        for truth, box, match in zip(truths, boxes, matches, strict=True):
            best = best_family_index(box, found)
            family = damaged.card.classes[int(found.class_id[best])] if best is not None else None
            counts[entry["kind"]][outcome(truth, match.part if match.known else None, family)] += 1
    return counts


def report(models: str, splits: dict[str, dict[str, Counter[str]]], seconds: float) -> list[str]:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Segmenter or damaged-part model: who is right when they disagree",
        "",
        f"Written by `python -m training.part_disagreement` on {stamp} ({platform.machine()}, {seconds:.0f} s). "
        f"Models: {models}. Each labelled damaged-part box of `datasets/damaged-parts-v1` stands for the part "
        "under a damage (its central half); both models name the part as the assessment asks them "
        "(`training/part_disagreement.py`).",
        "",
        "| split | photos | both name it, agree (right of those) | they disagree | family right | segmenter right "
        "| neither | only one names it |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for split, kinds in splits.items():
        for kind, c in kinds.items():
            agree = c["agree_right"] + c["agree_wrong"]
            disagree = c["family_right"] + c["segmenter_right"] + c["neither"]
            lines.append(
                f"| {split} | {KINDS[kind]} | {agree} ({share(c['agree_right'], agree)}) | {disagree} | "
                f"{share(c['family_right'], disagree)} | {share(c['segmenter_right'], disagree)} | "
                f"{share(c['neither'], disagree)} | {c['one_only']} |"
            )
    lines += [
        "",
        "The whole-car segmenter was trained on whole-car photos; on real damage photos, where the two disagree, "
        "the family is right and the segmenter almost never. The assessment therefore lets the family decide a "
        "disagreement (`api.assessments.part_fusion.fuse_part`); the crops of whole-car photos, where the segmenter "
        "is at home, are shown for balance. The effect on the held-out part set is in "
        "`docs/benchmarks/part-accuracy.md`.",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    from api.assess_cli import _parts_dir
    from api.config import DEFAULT_DAMAGED_PARTS_ROOT
    from inference.damaged_parts import load_served_damaged_part_model
    from inference.parts import OnnxPartSegmenter

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=REPO_ROOT / "var" / "datasets" / "damaged-parts-v1")
    parser.add_argument("--report", type=Path, default=REPO_ROOT / "docs" / "benchmarks" / "part-disagreement.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    parts_dir = _parts_dir(None)
    damaged = load_served_damaged_part_model(DEFAULT_DAMAGED_PARTS_ROOT, threads=2)
    if parts_dir is None or damaged is None:
        raise SystemExit("needs the served part segmenter and damaged-part model")
    segmenter = OnnxPartSegmenter.load(parts_dir, threads=2)
    splits = {split: measure(segmenter, damaged, args.dataset, split) for split in ("val", "test")}
    models = f"{segmenter.card.name} {segmenter.card.version}, {damaged.card.name} {damaged.card.version}"
    lines = report(models, splits, time.perf_counter() - started)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = {split: {kind: dict(c) for kind, c in kinds.items()} for split, kinds in splits.items()}
    summary: dict[str, Any] = {"models": models, "splits": counts}
    args.report.with_suffix(".json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
