"""Chooses and measures the lamp-colour rule (:mod:`inference.lamp_colour`): head lamp or tail lamp
from the share of red pixels in the lamp's box.

The lamps are the light polygons of the whole-car part datasets (``carparts``, ``dsmlr-carparts``:
``front_*_light`` headlamps, ``back_*_light`` tail lamps), cropped to their bounding boxes. The two
thresholds are chosen on the train split: the most accurate pair that still decides at least
:data:`MIN_DECIDED` of the lamps. They are measured on the val and test splits, which played no part
in the choice. Serving reads the constants in ``inference/lamp_colour.py``; a test fails while they
differ from the ones this script chose.

    python -m training.lamp_colour          # writes docs/benchmarks/lamp-colour.md and .json
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import yaml
from PIL import Image

from inference.lamp_colour import family_for_share, red_share

REPO_ROOT = Path(__file__).resolve().parent.parent
DATASETS = ("carparts", "dsmlr-carparts")
HEAD_GRID = (0.0, 0.002, 0.005, 0.01, 0.02)
TAIL_GRID = (0.03, 0.05, 0.08, 0.1, 0.15, 0.2)
MIN_DECIDED = 0.85


@dataclass(frozen=True, slots=True)
class Lamp:
    dataset: str
    split: str
    family: str  # headlamp or tail_lamp, from the polygon's class
    share: float  # red share of its box


def _family(name: str) -> str | None:
    if "light" not in name:
        return None
    return "headlamp" if name.startswith("front") else "tail_lamp" if name.startswith("back") else None


def lamps(shared: Path) -> Iterator[Lamp]:
    """Every lamp polygon of the whole-car datasets with its red share (boxes under 4 px skipped)."""
    for dataset in DATASETS:
        root = shared / "datasets" / dataset
        names = yaml.safe_load((root / "data.yaml").read_text(encoding="utf-8"))["names"]
        for split in ("train", "val", "test"):
            for label in sorted((root / "labels" / split).glob("*.txt")):
                photos = sorted((root / "images" / split).glob(f"{label.stem}.*"))
                rows = [r.split() for r in label.read_text(encoding="utf-8").splitlines() if r.strip()]
                wanted = [(f, r) for r in rows if (f := _family(names[int(r[0])])) is not None]
                if not photos or not wanted:
                    continue
                with Image.open(photos[0]) as im:
                    rgb = np.asarray(im.convert("RGB"))
                height, width = rgb.shape[:2]
                for family, row in wanted:
                    xy = np.asarray(row[1:], np.float64).reshape(-1, 2) * (width, height)
                    (x1, y1), (x2, y2) = xy.min(axis=0).astype(int), xy.max(axis=0).astype(int)
                    if x2 - x1 >= 4 and y2 - y1 >= 4:
                        yield Lamp(dataset, split, family, red_share(rgb[y1:y2, x1:x2]))


def rate(items: Sequence[Lamp], head_up_to: float, tail_from: float) -> dict[str, float | int]:
    """How many lamps the pair decides and how many of those it gets right.

    >>> items = [Lamp("d", "train", "tail_lamp", 0.3), Lamp("d", "train", "headlamp", 0.0),
    ...          Lamp("d", "train", "headlamp", 0.2), Lamp("d", "train", "tail_lamp", 0.05)]
    >>> rate(items, 0.01, 0.1)
    {'lamps': 4, 'decided': 3, 'right': 2}
    """
    told = [(lamp.family, family_for_share(lamp.share, head_up_to=head_up_to, tail_from=tail_from)) for lamp in items]
    decided = [(truth, said) for truth, said in told if said is not None]
    return {"lamps": len(items), "decided": len(decided), "right": sum(t == s for t, s in decided)}


def choose(train: Sequence[Lamp]) -> tuple[float, float]:
    """The most accurate (head_up_to, tail_from) on ``train`` deciding at least MIN_DECIDED of it."""
    best: tuple[float, float, float] | None = None
    for head in HEAD_GRID:
        for tail in TAIL_GRID:
            r = rate(train, head, tail)
            if r["decided"] < MIN_DECIDED * r["lamps"] or not r["decided"]:
                continue
            accuracy = r["right"] / r["decided"]
            if best is None or accuracy > best[0]:
                best = (accuracy, head, tail)
    if best is None:
        raise ValueError("no threshold pair decides enough lamps")
    return best[1], best[2]


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"


def report(items: Sequence[Lamp], head: float, tail: float, seconds: float) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Head lamp or tail lamp by colour",
        "",
        f"Written by `python -m training.lamp_colour` on {stamp} ({seconds:.0f} s). The rule of",
        "`inference/lamp_colour.py`: the share of clearly red pixels in a lamp's box; at least `tail_from` says tail",
        "lamp, at most `head_up_to` says headlamp, between says nothing (the lamp stays a `lamp` hint). Lamps: the",
        f"light polygons of {', '.join(DATASETS)} (whole-car photos), cropped to their boxes. Thresholds chosen on",
        f"train (the most accurate pair deciding at least {100 * MIN_DECIDED:.0f} % of its lamps):",
        f"**head_up_to {head:g}, tail_from {tail:g}**.",
        "",
        "| split | family | lamps | decided | right of decided | said the other end |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for split in ("train", "val + test"):
        wanted = ("train",) if split == "train" else ("val", "test")
        for family in ("headlamp", "tail_lamp", "all"):
            group = [i for i in items if i.split in wanted and family in ("all", i.family)]
            r = rate(group, head, tail)
            lines.append(
                f"| {split} | {family} | {r['lamps']} | {_pct(r['decided'], r['lamps'])} | "
                f"{_pct(r['right'], r['decided'])} | {r['decided'] - r['right']} |"
            )
    lines += [
        "",
        "Whole-car photos, not the close-ups of damaged lamps the rule meets in a claim: a red car's headlamp box",
        "holds red paint, a smoked tail lamp is dark. On the held-out part set the rule's effect is in",
        "`docs/benchmarks/part-accuracy.md` (the `lamp` hints it turns into `headlamp` / `tail_lamp`).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks" / "lamp-colour.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    items = list(lamps(args.shared))
    head, tail = choose([i for i in items if i.split == "train"])
    text = report(items, head, tail, time.perf_counter() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    chosen = {"head_up_to": head, "tail_from": tail, "min_decided": MIN_DECIDED}
    args.out.with_suffix(".json").write_text(json.dumps(chosen, indent=1) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
