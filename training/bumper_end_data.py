"""Build the bumper-end dataset v1: close views of bumpers, each labelled ``front`` or ``back``.

The damaged-part model names a damaged ``bumper`` without its end; in a close-up no other part tells
it either (docs/part-fusion.md). The bumper-end classifier (:mod:`inference.bumper_end`) learns it
from these crops: the ``front_bumper`` / ``back_bumper`` polygons of the whole-car photos of
dsmlr-carparts and carparts (each photo once: carparts holds the DSMLR train photos; the
dsmlr-carparts copy is kept), cut around a random stretch of the bumper (35-100 % of its width) with
some of what surrounds it, as a damaged-part box over a dent would be. A crop stays in its photo's
split. Layout: ``<out>/<split>/<front|back>/<name>.jpg`` (Ultralytics' classification folders), and a
manifest (every crop's photo, its sha256 and window) in ``datasets/bumper-end-v1/manifest.json``.

    python -m training.bumper_end_data [--shared ../shared] [--out var/datasets/bumper-end-v1]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from PIL import Image

from training.damaged_parts_data import cross_split_pairs, one_per_photo, xyxyn
from training.data import SPLITS, Copy, Target, read_copy, sha256_file
from training.data_v2 import class_names

REPO_ROOT = Path(__file__).resolve().parent.parent
MANIFEST_PATH = REPO_ROOT / "datasets" / "bumper-end-v1" / "manifest.json"
SOURCES: Final = ("dsmlr-carparts", "carparts")  # the first holding a photo keeps it
ENDS: Final = {"front_bumper": "front", "back_bumper": "back"}
CROPS_PER_BUMPER: Final = 4
LONG_SIDE: Final = 256  # crops are stored this large at most (the classifier reads 160 px)
MIN_CROP_PX: Final = 48
MIN_BUMPER_AREA: Final = 0.01  # a bumper smaller than this share of the photo is too far away to zoom into
JPEG_QUALITY: Final = 90
LICENCE: Final = "dsmlr-carparts / carparts whole-car photos as crops (no licence stated; cite Pasupa et al. 2021)"


def whole_cars(shared: Path) -> tuple[list[Copy], int]:
    """Every whole-car photo with its bumper boxes (class ``front``/``back``), each photo once; and how
    many duplicate copies were dropped."""
    copies: list[Copy] = []
    for source in SOURCES:
        folder = shared / "datasets" / source
        names = class_names(folder)
        table: dict[str, Target | None] = {n: Target(class_=ENDS[n]) for n in names if n in ENDS}
        ignore = frozenset(names) - set(ENDS)
        for split in SPLITS:
            for image in sorted((folder / "images" / split).glob("*.jpg")):
                copies.append(read_copy(source, split, image, names, table, ignore))
    return one_per_photo(copies, SOURCES)


def crop_window(
    bumper: tuple[float, float, float, float], width: int, height: int, rng: random.Random
) -> tuple[int, int, int, int] | None:
    """A pixel window over a random stretch of a bumper box (normalised xyxy) with some surroundings, or
    None when it would be under :data:`MIN_CROP_PX` a side.

    >>> crop_window((0.1, 0.6, 0.9, 0.8), 1000, 800, random.Random(1))
    (403, 429, 909, 682)
    """
    x0, y0, x1, y1 = bumper[0] * width, bumper[1] * height, bumper[2] * width, bumper[3] * height
    span = (x1 - x0) * rng.uniform(0.35, 1.0)
    left = rng.uniform(x0, x1 - span)
    tall = (y1 - y0) * rng.uniform(0.6, 1.0)
    top = rng.uniform(y0, y1 - tall)
    context = rng.uniform(1.1, 1.8)
    cw, ch = span * context, max(tall * context, span * context / 2)  # never wider than 2:1
    cx, cy = left + span / 2, top + tall / 2
    window = (
        int(max(0.0, cx - cw / 2)),
        int(max(0.0, cy - ch / 2)),
        int(min(float(width), cx + cw / 2)),
        int(min(float(height), cy + ch / 2)),
    )
    return window if min(window[2] - window[0], window[3] - window[1]) >= MIN_CROP_PX else None


def crop_entries(copies: Sequence[Copy]) -> list[dict[str, Any]]:
    """Up to :data:`CROPS_PER_BUMPER` crops of each large enough bumper (seeded by the photo's name)."""
    entries = []
    for copy in copies:
        rng = random.Random(f"bumper-end:{copy.source}:{copy.image.name}")  # noqa: S311 (seeded sampling)
        with Image.open(copy.image) as im:
            width, height = im.size
        photo_sha256 = sha256_file(copy.image)
        for index, bumper in enumerate(copy.instances):
            if bumper["xywhn"][2] * bumper["xywhn"][3] < MIN_BUMPER_AREA:
                continue
            for k in range(CROPS_PER_BUMPER):
                window = crop_window(xyxyn(bumper["xywhn"]), width, height, rng)
                if window is None:
                    continue
                entries.append(
                    {
                        "file": f"{copy.source}__{copy.image.stem}__{index}_{k}.jpg",
                        "split": copy.split,
                        "end": bumper["class"],
                        "source": f"{copy.source}/images/{copy.split}/{copy.image.name}",
                        "source_sha256": photo_sha256,
                        "crop_xyxy": list(window),
                    }
                )
    return entries


def write_crops(shared: Path, out: Path, entries: Sequence[dict[str, Any]]) -> None:
    by_photo: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_photo.setdefault(entry["source"], []).append(entry)
    for source, rows in by_photo.items():
        with Image.open(shared / "datasets" / source) as im:
            photo = im.convert("RGB")
        for entry in rows:
            crop = photo.crop(tuple(entry["crop_xyxy"]))
            crop.thumbnail((LONG_SIDE, LONG_SIDE))
            folder = out / entry["split"] / entry["end"]
            folder.mkdir(parents=True, exist_ok=True)
            crop.save(folder / entry["file"], quality=JPEG_QUALITY)


def build(shared: Path, out: Path, manifest_path: Path = MANIFEST_PATH) -> dict[str, Any]:
    """Write the crops under ``out`` and the manifest; refuse photos that repeat across splits."""
    copies, duplicates = whole_cars(shared)
    leaks = cross_split_pairs(copies)
    if leaks:
        raise ValueError(f"photos in two splits: {leaks[:3]}")
    entries = crop_entries(copies)
    pairs = [(split, end) for split in SPLITS for end in ("front", "back")]
    counts = {f"{s}/{e}": sum(r["split"] == s and r["end"] == e for r in entries) for s, e in pairs}
    body = {"classes": ["front", "back"], "sources": list(SOURCES), "licence": LICENCE, "entries": entries}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    manifest = {"name": "bumper-end-v1", "hash": digest, "duplicates_dropped": duplicates, "counts": counts, **body}
    write_crops(shared, out, entries)
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return {"hash": digest, "duplicates_dropped": duplicates, "counts": counts}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "datasets" / "bumper-end-v1")
    args = parser.parse_args(argv)
    print(json.dumps(build(args.shared, args.out), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
