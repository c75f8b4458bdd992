"""Build the damaged-part dataset v1 (the damaged-part model) from ../shared/datasets.

Real photos: the damaged-part boxes of claimvision-damaged-parts, capstone-damaged-parts and
ilujaina-damage's ``damaged_*`` classes, mapped onto side-less part families by
``datasets/damaged-parts-v1/taxonomy.yaml`` (merged, de-duplicated and greyed out as in
:mod:`training.data`). Zoom crops: crops of dsmlr-carparts / carparts whole-car photos around one
part polygon, so that the part fills a medium or close view, labelled with every part visible in the
crop. Every source's val/test split stays val/test; a crop stays in its photo's split.

    python -m training.damaged_parts_data --shared ../shared --out var/datasets/damaged-parts-v1
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from PIL import Image
from pydantic import BaseModel, ConfigDict, Field

from training.data import (
    SAME_PHOTO_CORRELATION,
    SPLITS,
    THUMB,
    Copy,
    Target,
    Taxonomy,
    build_entries,
    builder_main,
    cluster_same_photos,
    manifest_hash,
    read_copy,
    scan,
    sha256_file,
    write_dataset,
)
from training.data_v2 import class_names, summarize

REPO_ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_PATH = REPO_ROOT / "datasets" / "damaged-parts-v1" / "taxonomy.yaml"
MANIFEST_PATH = REPO_ROOT / "datasets" / "damaged-parts-v1" / "manifest.json"
JPEG_QUALITY = 90
LICENCE = (
    "training data CC BY 4.0 (claimvision-damaged-parts, capstone-damaged-parts), MIT (ilujaina-damage) and "
    "dsmlr-carparts / carparts whole-car photos as zoom crops (no licence stated; cite Pasupa et al. 2021)"
)


class Crops(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    seed: int = 0
    per_photo: int = Field(2, ge=0)
    scale: tuple[float, float] = (1.15, 1.8)
    min_part_area: float = Field(0.02, ge=0, lt=1)
    min_visible: float = Field(0.35, gt=0, le=1)
    max_crop_area: float = Field(0.6, gt=0, le=1)
    min_crop_px: int = Field(96, ge=16)
    sources: dict[str, dict[str, str | None]]


class PartsTaxonomy(Taxonomy):
    crops: Crops


def load_taxonomy(path: Path = TAXONOMY_PATH) -> PartsTaxonomy:
    return PartsTaxonomy.model_validate(yaml.safe_load(path.read_text()))


def scan_whole_cars(shared: Path, taxonomy: PartsTaxonomy) -> list[Copy]:
    """Every whole-car photo of the crop sources, its part boxes mapped onto families."""
    copies: list[Copy] = []
    for source, mapping in taxonomy.crops.sources.items():
        folder = shared / "datasets" / source
        names = class_names(folder)
        missing = set(names) - set(mapping)
        if missing:
            raise ValueError(f"{source}: part labels without a mapping: {sorted(missing)}")
        table = {n: None if f is None else Target(class_=f) for n, f in mapping.items()}
        unknown = {t.class_ for t in table.values() if t is not None} - set(taxonomy.served_classes)
        if unknown:
            raise ValueError(f"{source}: not served classes: {sorted(unknown)}")
        ignore = frozenset(n for n, f in mapping.items() if f is None)
        for split in SPLITS:
            for image in sorted((folder / "images" / split).glob("*.jpg")):
                copies.append(read_copy(source, split, image, names, table, ignore))
    return copies


def one_per_photo(copies: list[Copy], order: Sequence[str]) -> tuple[list[Copy], int]:
    """One copy of each whole-car photo (the first source in ``order`` wins); how many were dropped."""
    kept = []
    for cluster in cluster_same_photos(copies):
        kept.append(min(cluster, key=lambda c: (order.index(c.source), c.image.name)))
    return sorted(kept, key=lambda c: (c.source, c.split, c.image.name)), len(copies) - len(kept)


def cross_split_pairs(copies: Sequence[Copy]) -> list[tuple[str, str]]:
    """Pairs of photos in different splits whose thumbnails correlate like one photo (should be none)."""
    if not copies:
        return []
    thumbs = np.stack([c.thumb for c in copies])
    corr = thumbs @ thumbs.T
    pairs = []
    rows, cols = np.nonzero(np.triu(corr >= SAME_PHOTO_CORRELATION, k=1))
    for a, b in zip(rows.tolist(), cols.tolist(), strict=True):
        if copies[a].split != copies[b].split:
            pairs.append(
                (f"{copies[a].source}/{copies[a].split}/{copies[a].image.name}",
                 f"{copies[b].source}/{copies[b].split}/{copies[b].image.name}")
            )  # fmt: skip
    return sorted(pairs)


def xyxyn(xywhn: Sequence[float]) -> tuple[float, float, float, float]:
    cx, cy, w, h = xywhn
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def crop_window(
    part: tuple[float, float, float, float], width: int, height: int, rng: random.Random, crops: Crops
) -> tuple[int, int, int, int] | None:
    """A pixel window around a part box (normalised xyxy), or None when it would be no zoom or too small."""
    x0, y0, x1, y1 = part[0] * width, part[1] * height, part[2] * width, part[3] * height
    bw, bh = x1 - x0, y1 - y0
    scale = rng.uniform(*crops.scale)
    cw, ch = max(bw, 0.75 * bh) * scale, max(bh, 0.75 * bw) * scale  # not thinner than 4:3 either way
    cx = (x0 + x1) / 2 + rng.uniform(-0.1, 0.1) * cw
    cy = (y0 + y1) / 2 + rng.uniform(-0.1, 0.1) * ch
    left, top = int(max(0.0, cx - cw / 2)), int(max(0.0, cy - ch / 2))
    right, bottom = int(min(float(width), cx + cw / 2)), int(min(float(height), cy + ch / 2))
    if min(right - left, bottom - top) < crops.min_crop_px:
        return None
    if (right - left) * (bottom - top) > crops.max_crop_area * width * height:
        return None
    return left, top, right, bottom


def instances_in(
    copy: Copy, window: tuple[int, int, int, int], width: int, height: int, crops: Crops
) -> list[dict[str, Any]]:
    """The parts visible in a crop window, as boxes normalised to the crop."""
    left, top, right, bottom = window
    cw, ch = right - left, bottom - top
    found = []
    for inst in copy.instances:
        x0, y0, x1, y1 = xyxyn(inst["xywhn"])
        x0, x1, y0, y1 = x0 * width, x1 * width, y0 * height, y1 * height
        area = (x1 - x0) * (y1 - y0)
        ix0, iy0, ix1, iy1 = max(x0, left), max(y0, top), min(x1, right), min(y1, bottom)
        if area <= 0 or ix1 <= ix0 or iy1 <= iy0:
            continue
        if (ix1 - ix0) * (iy1 - iy0) / area < crops.min_visible:
            continue
        box = [(ix0 - left) / cw, (iy0 - top) / ch, (ix1 - left) / cw, (iy1 - top) / ch]
        found.append(
            {
                "class": inst["class"],
                "severity": None,
                "source_label": inst["source_label"],
                "xywhn": [
                    round((box[0] + box[2]) / 2, 6),
                    round((box[1] + box[3]) / 2, 6),
                    round(box[2] - box[0], 6),
                    round(box[3] - box[1], 6),
                ],
            }
        )
    return found


def crop_entries(copies: Sequence[Copy], crops: Crops, out: Path | None, classes: list[str]) -> list[dict[str, Any]]:
    """Up to ``per_photo`` zoom crops of each whole-car photo (seeded by its name); written to ``out``."""
    entries = []
    for copy in copies:
        rng = random.Random(f"{crops.seed}:{copy.source}:{copy.image.name}")  # noqa: S311 (seeded sampling)
        with Image.open(copy.image) as im:
            width, height = im.size
            photo = im.convert("RGB") if out is not None else None
        big = [i for i in copy.instances if i["xywhn"][2] * i["xywhn"][3] >= crops.min_part_area]
        rng.shuffle(big)
        made = 0
        for centre in big:
            if made >= crops.per_photo:
                break
            window = crop_window(xyxyn(centre["xywhn"]), width, height, rng, crops)
            if window is None:
                continue
            instances = instances_in(copy, window, width, height, crops)
            if not instances:
                continue
            made += 1
            file = f"crop__{copy.source}__{copy.image.stem}__{made}.jpg"
            entries.append(
                {
                    "file": file,
                    "split": copy.split,
                    "kind": "crop",
                    "source_sha256": sha256_file(copy.image),
                    "sources": [f"{copy.source}/images/{copy.split}/{copy.image.name}"],
                    "crop_xyxy": list(window),
                    "instances": instances,
                    "masked_polygons": [],
                }
            )
            if out is not None and photo is not None:
                write_crop(out, copy.split, file, photo.crop(window), instances, classes)
    return entries


def write_crop(
    out: Path, split: str, file: str, image: Image.Image, instances: list[dict[str, Any]], classes: list[str]
) -> None:
    ids = {name: i for i, name in enumerate(classes)}
    (out / "images" / split).mkdir(parents=True, exist_ok=True)
    (out / "labels" / split).mkdir(parents=True, exist_ok=True)
    image.save(out / "images" / split / file, quality=JPEG_QUALITY)
    lines = [" ".join([str(ids[i["class"]]), *(f"{v:.6f}" for v in i["xywhn"])]) for i in instances]
    (out / "labels" / split / (Path(file).stem + ".txt")).write_text("\n".join(lines) + "\n")


def build(
    shared: Path, out: Path, manifest_path: Path = MANIFEST_PATH, taxonomy_path: Path = TAXONOMY_PATH
) -> dict[str, Any]:
    """Build the dataset into ``out`` and write its manifest (beside the images too)."""
    taxonomy = load_taxonomy(taxonomy_path)
    classes = taxonomy.served_classes
    photos = scan(shared, taxonomy)
    whole, merged_whole = one_per_photo(scan_whole_cars(shared, taxonomy), list(taxonomy.crops.sources))
    leaks = cross_split_pairs([*photos, *whole])
    # The bundle's rule: a photo in two splits is kept in the earlier split (train before val before test).
    later = {max(pair, key=lambda ref: SPLITS.index(ref.split("/")[1])) for pair in leaks}
    photos = [c for c in photos if f"{c.source}/{c.split}/{c.image.name}" not in later]
    whole = [c for c in whole if f"{c.source}/{c.split}/{c.image.name}" not in later]
    real, dropped = build_entries(cluster_same_photos(photos))
    for entry in real:
        entry["kind"] = "real"
    write_dataset(shared, out, classes, real)  # wipes ``out`` first, writes data.yaml
    crops = crop_entries(whole, taxonomy.crops, out, classes)
    entries = sorted(real + crops, key=lambda e: (str(e["split"]), str(e["file"])))
    files = [str(e["file"]) for e in entries]
    if len(set(files)) != len(files):
        raise ValueError("two entries share a file name")
    counts = {
        split: {kind: row for kind, row in table.items() if kind != "negative"}
        for split, table in summarize(classes, entries).items()
    }
    for split in SPLITS:  # summarize() files crops under no kind: count them here
        crop_rows = [e for e in crops if e["split"] == split]
        row = dict.fromkeys(classes, 0)
        for entry in crop_rows:
            for inst in entry["instances"]:
                row[inst["class"]] += 1
        counts[split]["crop"] = {"images": len(crop_rows), **row}
        counts[split].pop("synthetic", None)
    manifest = {
        "name": "damaged-parts-v1",
        "hash": manifest_hash(classes, entries),
        "classes": classes,
        "untrained_classes": taxonomy.untrained_classes,
        "taxonomy_sha256": sha256_file(taxonomy_path),
        "licence": LICENCE,
        "decisions": {
            "families": "side-less part families; side and front/rear come from the fusion rules (docs/part-fusion.md)",
            "ignored": taxonomy.ignored,
            "crops": "zoom crops of whole-car photos, each in its photo's split; whole-car photos in both folders"
            " used once (the first listed source's copy)",
        },
        "rules": {
            "same_photo": f"{THUMB}x{THUMB} grey thumbnails correlating >= {SAME_PHOTO_CORRELATION}",
            "dropped_photos": dropped,
            "whole_car_copies_merged": merged_whole,
            "same_photo_in_two_splits": [list(pair) for pair in leaks],
            "dropped_from_later_split": sorted(later),
        },
        "counts": counts,
        "entries": entries,
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(text)
    (out / "manifest.json").write_text(text)  # what was built, beside it (the campaign checks it)
    return manifest


def main() -> None:
    builder_main(build, doc=__doc__ or "", out_name="damaged-parts-v1", manifest=MANIFEST_PATH)


if __name__ == "__main__":
    main()
