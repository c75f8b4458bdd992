"""Choose the bumper-end classifier's served threshold on val and measure it on test, through the
serving runtime (:class:`inference.bumper_end.BumperEndClassifier`).

The threshold is the most accurate one (on val) that still decides at least :data:`MIN_DECIDED` of
the val crops; below it the classifier says nothing and the bumper's end stays untold. It is written
into the card; the test split played no part in the choice.

    python -m training.bumper_end_evaluate [--model models/bumper-end/1.0.0]
        # writes docs/benchmarks/bumper-end.md and .json, and the card's threshold
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

from inference.artifact import load_card
from inference.bumper_end import BumperEndClassifier
from training.bumper_end_data import MANIFEST_PATH, REPO_ROOT
from training.export import write_card
from training.metrics import share

GRID: Final = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
MIN_DECIDED: Final = 0.8

Prediction = tuple[str, str, float]  # (true end, predicted end, its probability)


def predict(model: BumperEndClassifier, folder: Path) -> list[Prediction]:
    """Every crop under ``folder/<end>/``: its end, the classifier's and that one's probability."""
    rows = []
    for truth in ("front", "back"):
        for path in sorted((folder / truth).glob("*.jpg")):
            with Image.open(path) as im:
                probs = model.probabilities(np.asarray(im.convert("RGB")))
            end, p = max(probs.items(), key=lambda item: item[1])
            rows.append((truth, end, p))
    return rows


def rate(rows: Sequence[Prediction], threshold: float) -> dict[str, Any]:
    """Crops, how many the threshold decides and how many of those are right, overall and per end.

    >>> rate([("front", "front", 0.9), ("back", "front", 0.7), ("back", "back", 0.55)], 0.6)["all"]
    {'crops': 3, 'decided': 2, 'right': 1}
    """
    out: dict[str, Any] = {}
    for name, subset in (("all", rows), *((end, [r for r in rows if r[0] == end]) for end in ("front", "back"))):
        decided = [r for r in subset if r[2] >= threshold]
        out[name] = {"crops": len(subset), "decided": len(decided), "right": sum(r[0] == r[1] for r in decided)}
    return out


def choose(rows: Sequence[Prediction]) -> float:
    """The most accurate threshold of :data:`GRID` that decides at least :data:`MIN_DECIDED` of ``rows``
    (the lower one on a tie).

    >>> choose([("front", "front", 0.9), ("back", "back", 0.8), ("front", "front", 0.7), ("back", "back", 0.95),
    ...         ("back", "front", 0.6)])
    0.65
    """
    best, best_key = GRID[0], (-1.0, 0.0)
    for threshold in GRID:
        counts = rate(rows, threshold)["all"]
        if counts["decided"] < MIN_DECIDED * counts["crops"]:
            continue
        key = (counts["right"] / counts["decided"] if counts["decided"] else 0.0, -threshold)
        if key > best_key:
            best, best_key = threshold, key
    return best


def report_lines(card_name: str, threshold: float, splits: dict[str, dict[str, Any]], seconds: float) -> list[str]:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Bumper end: front or back bumper from a close view",
        "",
        f"Written by `python -m training.bumper_end_evaluate` on {stamp} ({platform.machine()}, {seconds:.0f} s). "
        f"Model: {card_name}, through `inference.bumper_end.BumperEndClassifier`.",
        "",
        "The crops: bumper stretches cut from the whole-car photos of dsmlr-carparts / carparts "
        "(`training/bumper_end_data.py`; each photo once, a crop in its photo's split). The served threshold "
        f"**{threshold}** is the most accurate on val that still decides at least {MIN_DECIDED:.0%} of the val "
        "crops; test played no part in it. Below the threshold the classifier says nothing.",
        "",
        "| split | end | crops | decided | right of decided |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for split, table in splits.items():
        for end in ("front", "back", "all"):
            row = table[end]
            lines.append(
                f"| {split} | {end} | {row['crops']} | {share(row['decided'], row['crops'])} | "
                f"{share(row['right'], row['decided'])} |"
            )
    lines += [
        "",
        "These are whole-car photos cut close, not damage photos: what the classifier adds on real damage "
        "photos is measured in `docs/benchmarks/part-accuracy.md` (`--without-bumper-end` gives the figure "
        "without it).",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO_ROOT / "models" / "bumper-end" / "1.0.0")
    parser.add_argument("--data", type=Path, default=REPO_ROOT / "var" / "datasets" / "bumper-end-v1")
    parser.add_argument("--report", type=Path, default=REPO_ROOT / "docs" / "benchmarks" / "bumper-end.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    card = load_card(args.model)
    if card.dataset_manifest_hash != json.loads(MANIFEST_PATH.read_text())["hash"]:
        raise SystemExit("the model was trained on another bumper-end dataset than the manifest's")
    model = BumperEndClassifier.load(args.model, threads=2)
    rows = {split: predict(model, args.data / split) for split in ("val", "test")}
    threshold = choose(rows["val"])
    card = write_card(args.model, card.model_copy(update={"confidence_threshold": threshold}))
    splits = {split: rate(found, threshold) for split, found in rows.items()}
    lines = report_lines(f"{card.name} {card.version}", threshold, splits, time.perf_counter() - started)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = {"model": f"{card.name} {card.version}", "sha256": card.sha256, "threshold": threshold, "splits": splits}
    args.report.with_suffix(".json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
