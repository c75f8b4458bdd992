"""Scores of the served pipeline on the held-out part set (``datasets/part-heldout-v1``).

Each labelled damage is matched to the detection that overlaps it best (IoU ≥ 0.1, or one box's
centre inside the other: scratches are thin, their boxes rarely agree closely). Then:

* **found**: a detection (of any damage type) matched the damage; **found, right type**: a
  detection of the labelled damage type matched it (the issue's "found with the right type");
* **part right**: of the damages labelled with an exact part code, the share whose matched
  detection carries that code — a missed damage counts as wrong (what a claim gets);
* **part right when found**: the same, of the found ones only (what the part naming does);
* **family right**: of the damages labelled with a part or a part family (``family:door`` …: the
  side could not be told by eye), the share whose matched detection's part is in that family;
* **with hints**: the same, also counting a detection left ``unknown`` whose hint (``part_method``
  ``hint:<family>``, shown to the adjuster as "door, side unknown") names that family; a ``lamp`` hint
  counts for any lamp (the damaged-part model does not tell head from tail lamp);
* **part right, side not counted**: of the damages whose label tells the part an estimate lists
  without its side (front/rear bumper, front/rear door, headlamp, tail lamp …: ``part_fusion.KINDS``;
  ``family:door`` tells no row, so it is not scored here), the share whose matched detection names
  that part (``part_fusion.kind_of``: from its part code, or from a hint that names one) — the
  issue's part list, which is side-less; a missed damage counts as wrong.

Damages labelled ``unknown`` (the part cannot be told by eye) are counted, not scored.
"""

from __future__ import annotations

import json
import platform
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.assessments import part_fusion
from training.metrics import share
from training.part_heldout import LABELS, REPO_ROOT, test_photos

MIN_IOU = 0.1

Box = tuple[float, float, float, float]


def family_of(part: str) -> str:
    """The side-less family of a part code (the assessment's own, :func:`part_fusion.family_of`)
    or of a family label.

    >>> family_of("front_left_door"), family_of("back_bumper"), family_of("family:tail_lamp"), family_of("hood")
    ('door', 'bumper', 'tail_lamp', 'hood')
    """
    return part.removeprefix("family:") if part.startswith("family:") else part_fusion.family_of(part)


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _centre_inside(a: Box, b: Box) -> bool:
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    return b[0] <= cx <= b[2] and b[1] <= cy <= b[3]


def best_match(truth: Box, detections: Sequence[Box]) -> int | None:
    """The index of the detection that matches ``truth`` best, or None.

    >>> best_match((0, 0, 10, 10), [(50, 50, 60, 60), (2, 2, 12, 12), (4, 4, 5, 5)])
    1
    >>> best_match((0, 0, 10, 10), [(50, 50, 60, 60)]) is None
    True
    """
    scored = [
        (_iou(truth, box), i)
        for i, box in enumerate(detections)
        if _iou(truth, box) >= MIN_IOU or _centre_inside(truth, box) or _centre_inside(box, truth)
    ]
    return max(scored)[1] if scored else None


@dataclass(frozen=True, slots=True)
class Scored:
    """One labelled damage: its label, its photo's view and the part of the detection that matched (None: missed)."""

    label: str
    view: str
    predicted: str | None
    hint: str | None = None
    kind: str | None = None  # the side-less part the detection names (part_fusion.kind_of)
    typed: bool = False  # a detection of the labelled damage type matched the damage


def hint_family(method: str) -> str | None:
    """The family a ``hint:<family>[:<side>]`` part method names, None for any other method.

    >>> hint_family("hint:door:left"), hint_family("hint:lamp"), hint_family("mask_overlap")
    ('door', 'lamp', None)
    """
    hint = part_fusion.hint_of(method)
    return hint[0] if hint is not None else None


def _hint_right(hint: str | None, label: str) -> bool:
    """Whether a hint names the labelled part's family (``lamp`` names every lamp).

    >>> _hint_right("door", "front_left_door"), _hint_right("lamp", "family:tail_lamp"), _hint_right("hood", "roof")
    (True, True, False)
    """
    if hint is None:
        return False
    family = family_of(label)
    return hint == family or (hint == "lamp" and family.endswith("lamp"))


def label_kind(label: str) -> str | None:
    """The side-less part (``part_fusion.KINDS``) a label tells, None when it tells none.

    >>> label_kind("back_left_door"), label_kind("family:tail_lamp"), label_kind("family:door"), label_kind("unknown")
    ('rear_door', 'tail_lamp', None, None)
    """
    if label.startswith("family:"):
        family = label.removeprefix("family:")
        return family if family in part_fusion.KINDS else None
    return part_fusion.kind_of(label, "label")


def score(items: Iterable[Scored]) -> dict[str, dict[str, Any]]:
    """Counts and shares per view and overall (the keys of the report's table).

    >>> rows = [Scored("hood", "close", "hood", kind="hood"), Scored("family:door", "close", "front_left_door"),
    ...         Scored("back_bumper", "wide", None), Scored("unknown", "wide", "hood"),
    ...         Scored("tail_lamp", "close", "unknown", hint="lamp")]
    >>> s = score(rows)["all"]
    >>> s["damages"], s["found"], s["exact"], s["part_right"], s["family_labelled"], s["family_right"], s["unknown"]
    (5, 4, 3, 1, 4, 2, 1)
    >>> s["family_or_hint_right"], s["kind_labelled"], s["kind_right"], s["kind_found"], s["found_typed"]
    (3, 3, 1, 2, 0)
    """
    groups: dict[str, list[Scored]] = defaultdict(list)
    for item in items:
        groups[item.view].append(item)
        groups["all"].append(item)
    out: dict[str, dict[str, Any]] = {}
    for view, rows in groups.items():
        exact = [r for r in rows if r.label != "unknown" and not r.label.startswith("family:")]
        named = [r for r in rows if r.label != "unknown"]
        found_exact = [r for r in exact if r.predicted is not None]
        kinded = [(r, kind) for r in rows if (kind := label_kind(r.label)) is not None]
        out[view] = {
            "damages": len(rows),
            "found": sum(r.predicted is not None for r in rows),
            "found_typed": sum(r.typed for r in rows),
            "exact": len(exact),
            "part_right": sum(r.predicted == r.label for r in exact),
            "found_exact": len(found_exact),
            "family_labelled": len(named),
            "family_right": sum(
                r.predicted is not None and family_of(r.predicted) == family_of(r.label) for r in named
            ),
            "family_or_hint_right": sum(
                r.predicted is not None
                and (family_of(r.predicted) == family_of(r.label) or _hint_right(r.hint, r.label))
                for r in named
            ),
            "unknown": len(rows) - len(named),
            "kind_labelled": len(kinded),
            "kind_right": sum(r.kind == kind for r, kind in kinded),
            "kind_found": sum(r.predicted is not None for r, _ in kinded),
        }
    return out


def _photo_row(view: str, photos: Counter[tuple[str, str]]) -> str:
    total = photos[(view, "photos")]
    return (
        f"| {view} | {total} | {share(photos[(view, 'no_finding')], total)} | "
        f"{share(photos[(view, 'priced')], total)} |"
    )


def unmatched(detections: Sequence[Box], truths: Sequence[Box]) -> int:
    """How many detections match no labelled damage (the rule ``best_match`` uses, seen from the detection).

    >>> unmatched([(0, 0, 10, 10), (50, 50, 60, 60)], [(1, 1, 11, 11)])
    1
    """
    return sum(best_match(box, truths) is None for box in detections)


def _predict(
    shared: Path,
    threads: int,
    *,
    detector_dir: Path | None = None,
    damaged_parts_dir: Path | None = None,
    confidence: float | None = None,
    bumper_end: bool = True,
) -> tuple[list[Scored], dict[str, str], Counter[str], Counter[tuple[str, str]]]:
    """The served models unless told otherwise: the bundled detector, the part segmenter and the
    newest damaged-part model under ``models/damaged-parts/`` (none there: none used). Also the
    findings that match no labelled damage, per view, and what each photo got on its own (per view:
    ``photos``, ``no_finding``, ``priced``: at least one line with an amount; a finding on an unknown part
    gets an unpriced ``unidentified`` line for the adjuster)."""
    from api.assess_cli import DEFAULT_DETECTOR_DIR, _parts_dir, assess_photos
    from api.config import DEFAULT_BUMPER_END_ROOT, DEFAULT_DAMAGED_PARTS_ROOT
    from inference.damaged_parts import FAMILY_THRESHOLD, bumper_end_card, load_served_damaged_part_model
    from inference.images import decode_image
    from inference.parts import OnnxPartSegmenter
    from inference.runtime import OnnxDetector
    from pricing import PolicyTerms, Vehicle, VehicleClass
    from training.part_heldout import read_photo

    detector = OnnxDetector.load(detector_dir or DEFAULT_DETECTOR_DIR, threads=threads, confidence=confidence)
    parts_dir = _parts_dir(None)
    segmenter = OnnxPartSegmenter.load(parts_dir, threads=threads) if parts_dir is not None else None
    ends = DEFAULT_BUMPER_END_ROOT if bumper_end else None
    damaged = load_served_damaged_part_model(
        DEFAULT_DAMAGED_PARTS_ROOT, model_dir=damaged_parts_dir, threads=threads, bumper_end_root=ends
    )
    labels = {p["file"]: p for p in json.loads(LABELS.read_text(encoding="utf-8"))["photos"]}
    scored: list[Scored] = []
    false_findings: Counter[str] = Counter()
    photos: Counter[tuple[str, str]] = Counter()
    for photo in test_photos():
        image = decode_image(read_photo(shared, photo))
        height, width = image.shape[:2]
        result = assess_photos(
            [(photo.key, image)],
            detector=detector,
            segmenter=segmenter,
            vehicle=Vehicle(VehicleClass.MIDSIZE),
            region="default",
            policy_terms=PolicyTerms(),
            damaged_parts=damaged,
        )
        boxes = [d.xyxy for d in result.damages]
        entry = labels[photo.key]
        for view in (entry["view"], "all"):
            photos[(view, "photos")] += 1
            photos[(view, "no_finding")] += not result.damages
            photos[(view, "priced")] += any(line.amount is not None for line in result.estimate.lines)
        truths = []
        for damage, (damage_type, _) in zip(entry["damages"], photo.damages, strict=True):
            cx, cy, w, h = damage["xywhn"]
            truth = ((cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height)
            truths.append(truth)
            hit = best_match(truth, boxes)
            typed = best_match(truth, [d.xyxy for d in result.damages if d.damage_type == damage_type]) is not None
            if (matched := result.damages[hit] if hit is not None else None) is None:
                scored.append(Scored(damage["part"], entry["view"], None))
            else:
                hint, kind = hint_family(matched.part_method), part_fusion.kind_of(matched.part, matched.part_method)
                scored.append(Scored(damage["part"], entry["view"], matched.part, hint, kind, typed))
        extra = unmatched(boxes, truths)
        false_findings[entry["view"]] += extra
        false_findings["all"] += extra
    models = {"detector": f"{detector.card.name} {detector.card.version}"}
    models["parts"] = f"{segmenter.card.name} {segmenter.card.version}" if segmenter is not None else "none"
    models["damaged parts"] = f"{damaged.card.name} {damaged.card.version}" if damaged is not None else "none"
    end_card = bumper_end_card(damaged)
    models["bumper end"] = f"{end_card.name} {end_card.version}" if end_card is not None else "none"
    models["detector threshold"] = f"{detector.confidence:g}"
    if damaged is not None:
        models["a damaged-part box names a family from"] = f"{FAMILY_THRESHOLD:g}"
    return scored, models, false_findings, photos


def evaluate(
    shared: Path,
    report: Path,
    *,
    threads: int = 2,
    detector_dir: Path | None = None,
    damaged_parts_dir: Path | None = None,
    confidence: float | None = None,
    bumper_end: bool = True,
) -> str:
    """Run the served pipeline on the held-out part set; write ``report`` (Markdown) and a JSON beside it.

    ``confidence``: the detector's threshold instead of its card's (to study the trade-off; the
    report names the threshold it used)."""
    started = time.perf_counter()
    scored, models, false_findings, photos = _predict(
        shared,
        threads,
        detector_dir=detector_dir,
        damaged_parts_dir=damaged_parts_dir,
        confidence=confidence,
        bumper_end=bumper_end,
    )
    table = score(scored)
    for view, counts in table.items():
        counts["false_findings"] = false_findings[view]
    seconds = time.perf_counter() - started
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Part accuracy on the held-out part set",
        "",
        f"Written by `python -m training.part_heldout evaluate` on {stamp} ({platform.machine()}, "
        f"{seconds:.0f} s). Models: {', '.join(f'{k} {v}' for k, v in models.items())}.",
        "",
        "The set: the 82 real test photos of damage dataset v2 (`datasets/part-heldout-v1/`, labelled by eye: its",
        "README); each labelled damage is matched to the detection overlapping it best (IoU ≥ 0.1 or a centre",
        "inside the other box). Definitions: `training/part_scores.py`.",
        "",
        "| view | damages | found | found, right type | findings matching no damage | part right "
        "| part right when found | family right | family right, hints counted | part right, side not counted "
        "| the same when found | part not told by eye |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for view in ("close", "medium", "wide", "all"):
        if (row := table.get(view)) is None:
            continue
        lines.append(
            f"| {view} | {row['damages']} | {share(row['found'], row['damages'])} | "
            f"{share(row['found_typed'], row['damages'])} | {row['false_findings']} | "
            f"{share(row['part_right'], row['exact'])} | {share(row['part_right'], row['found_exact'])} | "
            f"{share(row['family_right'], row['family_labelled'])} | "
            f"{share(row['family_or_hint_right'], row['family_labelled'])} | "
            f"{share(row['kind_right'], row['kind_labelled'])} | {share(row['kind_right'], row['kind_found'])} | "
            f"{row['unknown']} |"
        )
    overall = table["all"]
    lines += [
        "",
        f"Of the {overall['damages']} damages, {overall['exact']} carry a part code, "
        f"{overall['family_labelled'] - overall['exact']} only a part family (side not told by eye) and "
        f"{overall['unknown']} no part.",
        "",
        "Each photo assessed on its own, as `claimsight assess` would (a midsize car, default region):",
        "",
        "| view | photos | no damage found | at least one priced line (not only lines left to the adjuster) |",
        "| --- | ---: | ---: | ---: |",
        *(_photo_row(view, photos) for view in ("close", "medium", "wide", "all") if photos[(view, "photos")]),
    ]
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report.with_suffix(".json").write_text(
        json.dumps(
            {
                "written": stamp,
                "models": models,
                "table": table,
                "photos": {f"{view}/{key}": n for (view, key), n in sorted(photos.items())},
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return "\n".join(lines[-14:])


__all__ = ["REPO_ROOT", "Scored", "best_match", "evaluate", "family_of", "hint_family", "score"]
