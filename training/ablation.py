"""Short-schedule comparisons of the damage detector's recipe, measured on the held-out photos.

Each variant trains the detector-v2 recipe from the same init tensors for the same wall-clock budget
(Ultralytics re-plans the epochs and the LR schedule to fit it), is exported to ONNX under ``var/`` and
is scored through the serving runtime on the test split of damage dataset v2 (AP50, missed damages)
and on the held-out part set (damages found per view). Equal time, not equal epochs: a variant with
fewer images gets more epochs, as it would in a real budget.

    python -m training.ablation --compare synthetic --imgsz 416 --minutes 18   # with / without synthetic
    python -m training.ablation --compare imgsz --minutes 15                    # 416 / 512 / 640

Writes ``docs/benchmarks/detector-<compare>.md`` (and ``.json``).
"""

from __future__ import annotations

import argparse
import json
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from training.metrics import share

REPO_ROOT = Path(__file__).resolve().parent.parent
RECIPE = REPO_ROOT / "training" / "configs" / "detector-v2.yaml"
COMMITTED_MANIFEST = REPO_ROOT / "datasets" / "damage-v2" / "manifest.json"
WORK = REPO_ROOT / "var" / "ablation"
VIEWS = ("close", "medium", "wide", "all")


@dataclass(frozen=True)
class Variant:
    name: str
    synthetic_images: int | None  # None: the taxonomy's own number (the served recipe)
    imgsz: int


def variants(compare: str, imgsz: int) -> list[Variant]:
    """The variants of one comparison.

    >>> [v.name for v in variants("synthetic", 416)], [v.imgsz for v in variants("imgsz", 0)]
    (['with synthetic', 'without synthetic'], [416, 512, 640])
    """
    if compare == "synthetic":
        return [Variant("with synthetic", None, imgsz), Variant("without synthetic", 0, imgsz)]
    if compare == "imgsz":
        return [Variant(f"{size} px", None, size) for size in (416, 512, 640)]
    raise ValueError(f"unknown comparison {compare!r}")


def slug(name: str) -> str:
    """A variant's folder name.

    >>> slug("without synthetic"), slug("512 px")
    ('without-synthetic', '512-px')
    """
    return name.replace(" ", "-")


def build_data(variant: Variant, shared: Path) -> tuple[Path, dict[str, Any]]:
    """The variant's dataset under var/ (never the committed manifest); the served recipe's must
    reproduce the committed manifest."""
    from training.data_v2 import build

    folder = WORK / "data" / ("served" if variant.synthetic_images is None else f"synthetic-{variant.synthetic_images}")
    manifest_path = folder.parent / f"{folder.name}.manifest.json"
    if not (folder / "data.yaml").is_file() or not manifest_path.is_file():
        build(shared, folder, manifest_path, synthetic_images=variant.synthetic_images)
    manifest = json.loads(manifest_path.read_text())
    committed = json.loads(COMMITTED_MANIFEST.read_text())["hash"]
    if variant.synthetic_images is None and manifest["hash"] != committed:
        raise SystemExit(f"the served recipe's data built as {manifest['hash'][:12]}, committed {committed[:12]}")
    return folder, manifest


def train_and_export(variant: Variant, data: Path, manifest: dict[str, Any], shared: Path, minutes: float) -> Path:
    from training.config import load_config
    from training.export import export
    from training.train import train

    config = load_config(RECIPE).model_copy(
        update={"imgsz": variant.imgsz, "epochs": 300, "time_hours": minutes / 60, "patience": 1000}
    )
    run = WORK / "runs" / slug(variant.name)
    manifest_file = data / "manifest.json"
    train(config, data=data / "data.yaml", out=run, shared=shared, manifest=manifest_file)
    model = WORK / "models" / slug(variant.name)
    export(run, config, model, manifest, weights="last.pt")
    return run


def epochs_done(run: Path) -> int:
    results = run / "results.csv"
    return max(0, len(results.read_text().splitlines()) - 1) if results.is_file() else 0


def score(variant: Variant, data: Path, shared: Path) -> dict[str, Any]:
    """Test-split AP and missed damages (the served threshold), and the held-out part set's found rates."""
    import numpy as np

    from inference.artifact import load_card
    from inference.runtime import OnnxDetector
    from training.evaluate import EVAL_CONFIDENCE, load_split, run_split
    from training.metrics import evaluate, missed_damages
    from training.part_scores import evaluate as heldout

    model = WORK / "models" / slug(variant.name)
    card = load_card(model)
    committed = json.loads(COMMITTED_MANIFEST.read_text())
    detector = OnnxDetector.load(model, threads=2, confidence=EVAL_CONFIDENCE)
    results, _ = run_split(detector, load_split(data, committed, card.classes, "test"))
    reports = evaluate(results, n_classes=len(card.classes), served_confidence=card.confidence_threshold)
    trained = [i for i, c in enumerate(card.classes) if c in card.trained_classes and reports[i].instances]
    weights = [reports[i].instances for i in trained]
    missed, total = missed_damages(results, served_confidence=card.confidence_threshold, classes=set(trained))
    report = WORK / f"{slug(variant.name)}-part-accuracy.md"
    heldout(shared, report, detector_dir=model)
    table = json.loads(report.with_suffix(".json").read_text())["table"]
    return {
        "ap50_mean": float(np.mean([reports[i].ap50 for i in trained])),
        "ap50_weighted": float(np.average([reports[i].ap50 for i in trained], weights=weights)),
        "per_class_ap50": {card.classes[i]: reports[i].ap50 for i in trained},
        "missed": missed,
        "damages": total,
        "found": {view: (table[view]["found"], table[view]["damages"]) for view in VIEWS if view in table},
        "false_findings": table["all"]["false_findings"],
    }


NOTES = {
    "synthetic": [
        "Without synthetic views the 300 whole-car photos that carry the pasted damage stay in the training",
        "set as plain negatives (`training.data_v2 --synthetic 0`): the same photos and the same count, only",
        "the pasted damage differs.",
        "",
    ],
}


def render(compare: str, minutes: float, rows: list[dict[str, Any]], command: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    classes = list(rows[0]["per_class_ap50"]) if rows else []
    lines = [
        f"# Damage detector recipe, short schedule: {compare}",
        "",
        f"Written by `{command}` on {stamp} ({platform.machine()}, 2 cores). Each variant trains the",
        f"detector-v2 recipe (`{RECIPE.relative_to(REPO_ROOT)}`) from the same init tensors for {minutes:g} minutes",
        "of wall-clock time (Ultralytics re-plans the epochs and the LR schedule to fit), is exported to ONNX",
        "and scored through the serving runtime: AP50 on the 132 test photos of damage dataset v2 (IoU 0.5),",
        "missed damages at the served threshold 0.25, and damages found on the 82 held-out part-set photos",
        "(`training/part_scores.py`). A short schedule ranks recipes; it does not give their final figures",
        "(`docs/benchmarks/detector.md` has the served model's).",
        "",
        *NOTES.get(compare, []),
        "| variant | train photos | epochs | test AP50 mean | weighted | "
        + " | ".join(classes)
        + " | missed | found close | found medium | found wide | found all | findings matching no damage |",
        "| --- | ---: | ---: | ---: | ---: | "
        + " | ".join("---:" for _ in classes)
        + " | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        found = row["found"]
        lines.append(
            f"| {row['variant']} | {row['train_photos']} | {row['epochs']} | {100 * row['ap50_mean']:.1f} | "
            f"{100 * row['ap50_weighted']:.1f} | "
            + " | ".join(f"{100 * row['per_class_ap50'][c]:.1f}" for c in classes)
            + f" | {share(row['missed'], row['damages'])} | "
            + " | ".join(share(*found[v]) if v in found else "—" for v in VIEWS)
            + f" | {row['false_findings']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", choices=("synthetic", "imgsz"), required=True)
    parser.add_argument("--imgsz", type=int, default=416, help="the size of a synthetic comparison")
    parser.add_argument("--minutes", type=float, default=18.0, help="training wall-clock budget per variant")
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks")
    parser.add_argument("--report-only", action="store_true", help="re-render the .md from the .json of a run")
    args = parser.parse_args()
    command = f"python -m training.ablation --compare {args.compare} --minutes {args.minutes:g}" + (
        f" --imgsz {args.imgsz}" if args.compare == "synthetic" else ""
    )
    stem = f"detector-{args.compare}"
    if args.report_only:
        saved = json.loads((args.out / f"{stem}.json").read_text())
        minutes = saved.get("minutes") or float(saved["command"].split("--minutes ")[1].split()[0])
        (args.out / f"{stem}.md").write_text(render(args.compare, minutes, saved["rows"], saved["command"]))
        return
    rows = []
    for variant in variants(args.compare, args.imgsz):
        data, manifest = build_data(variant, args.shared)
        run = train_and_export(variant, data, manifest, args.shared, args.minutes)
        rows.append(
            {
                "variant": variant.name,
                "train_photos": sum(1 for e in manifest["entries"] if e["split"] == "train"),
                "epochs": epochs_done(run),
                "dataset_manifest_hash": manifest["hash"],
                **score(variant, data, args.shared),
            }
        )
    args.out.mkdir(parents=True, exist_ok=True)
    saved = {"command": command, "minutes": args.minutes, "rows": rows}
    (args.out / f"{stem}.json").write_text(json.dumps(saved, indent=1) + "\n")
    (args.out / f"{stem}.md").write_text(render(args.compare, args.minutes, rows, command))
    print((args.out / f"{stem}.md").read_text())


if __name__ == "__main__":
    main()
