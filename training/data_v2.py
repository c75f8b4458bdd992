"""Build damage dataset v2 (damage-detector 2.0.0) from ../shared/datasets.

Real photos: every shared damage source mapped by ``datasets/damage-v2/taxonomy.yaml`` (merged and
greyed out as in v1, see :mod:`training.data`). Negatives: whole-car photos with no damage, with an
empty label file (background). Synthetic medium/wide views (train only): real damage polygons pasted
onto the panels of whole-car photos (:mod:`training.synth`), labelled automatically and seeded.
Every source's val/test split stays val/test; no synthetic image is in val or test.

    python -m training.data_v2 --shared ../shared --out var/datasets/damage-v2
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from training.data import (
    SAME_PHOTO_CORRELATION,
    SPLITS,
    THUMB,
    Taxonomy,
    build_entries,
    cluster_same_photos,
    manifest_hash,
    scan,
    sha256_file,
    write_dataset,
)
from training.extra_sources import read_export, write_entries

REPO_ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_PATH = REPO_ROOT / "datasets" / "damage-v2" / "taxonomy.yaml"
MANIFEST_PATH = REPO_ROOT / "datasets" / "damage-v2" / "manifest.json"
JPEG_QUALITY = 90


class Synthetic(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    seed: int = 0
    images: int = Field(300, ge=0)
    pastes_per_image: list[int] = [1, 1, 2, 2, 3]
    donors: dict[str, list[str]]
    class_weights: dict[str, float]


class TaxonomyV2(Taxonomy):
    part_damage: dict[str, list[str]] = Field(default_factory=dict)
    whole_cars: str
    synthetic: Synthetic


def load_taxonomy(path: Path = TAXONOMY_PATH) -> TaxonomyV2:
    return TaxonomyV2.model_validate(yaml.safe_load(path.read_text()))


def class_names(folder: Path) -> list[str]:
    names = yaml.safe_load((folder / "data.yaml").read_text())["names"]
    return [names[i] for i in sorted(names)]


def read_polygons(label: Path, names: list[str]) -> list[tuple[str, list[float], int]]:
    """(class name, normalised polygon, line index) of every polygon line (boxes are skipped)."""
    rows = []
    for index, line in enumerate(label.read_text().splitlines()):
        parts = line.split()
        if len(parts) >= 7:  # at least 3 points
            rows.append((names[int(parts[0])], [float(v) for v in parts[1:]], index))
    return rows


def is_rectangle(poly: list[float]) -> bool:
    """A 4-corner axis-aligned polygon: a box-only source label, not a cut-out."""
    xs, ys = poly[0::2], poly[1::2]
    return len(xs) <= 5 and len(set(np.round(xs, 4))) <= 2 and len(set(np.round(ys, 4))) <= 2


def donor_refs(shared: Path, taxonomy: TaxonomyV2) -> dict[str, list[dict[str, Any]]]:
    """Train-split damage polygons usable as donors, by served class, in a stable order."""
    by_class: dict[str, list[dict[str, Any]]] = {}
    for source, labels in taxonomy.synthetic.donors.items():
        folder = shared / "datasets" / source
        names = class_names(folder)
        table = taxonomy.targets(source)
        for image in sorted((folder / "images" / "train").glob("*.jpg")):
            label = folder / "labels" / "train" / (image.stem + ".txt")
            for name, poly, index in read_polygons(label, names):
                target = table[name]
                if name not in labels or target is None or is_rectangle(poly):
                    continue
                xs, ys = poly[0::2], poly[1::2]
                if (max(xs) - min(xs)) * (max(ys) - min(ys)) < 0.002:  # a speck: nothing to see when scaled
                    continue
                by_class.setdefault(target.class_, []).append(
                    {
                        "donor": f"{source}/images/train/{image.name}#{index}",
                        "class": target.class_,
                        "severity": target.severity,
                        "source_label": name,
                        "polygon": poly,
                    }
                )
    return by_class


@functools.lru_cache(maxsize=64)
def read_bgr(path: str) -> np.ndarray:
    import cv2

    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"cannot read {path}")
    return image


def pixels(poly: list[float], shape: tuple[int, ...]) -> np.ndarray:
    h, w = shape[:2]
    return np.array(poly, np.float64).reshape(-1, 2) * (w, h)


def synthesise_one(
    shared: Path,
    base: Path,
    names: list[str],
    donors: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    synthetic: Synthetic,
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """One synthetic image from ``base`` and its instances (empty when nothing could be pasted)."""
    from training.synth import PANELS, Donor, paste

    image = read_bgr(str(base)).copy()
    panels = read_polygons(base.parent.parent.parent / "labels" / base.parent.name / (base.stem + ".txt"), names)
    classes = sorted(c for c in synthetic.class_weights if donors.get(c))
    weights = [synthetic.class_weights[c] for c in classes]
    used: set[int] = set()
    instances: list[dict[str, Any]] = []
    for _ in range(rng.choice(synthetic.pastes_per_image)):
        class_name = rng.choices(classes, weights)[0]
        free = [p for p in panels if p[0] in PANELS[class_name] and p[2] not in used]
        if not free:
            continue
        panel_name, panel_poly, panel_index = rng.choice(free)
        ref = rng.choice(donors[class_name])
        path, _ = ref["donor"].split("#")
        donor_image = read_bgr(str(shared / "datasets" / path))
        donor = Donor(donor_image, pixels(ref["polygon"], donor_image.shape), class_name)
        result = paste(image, pixels(panel_poly, image.shape), donor, rng)
        if result is None:
            continue
        image, placed = result
        used.add(panel_index)
        h, w = image.shape[:2]
        x0, y0, x1, y1 = placed.box
        instances.append(
            {
                "class": class_name,
                "severity": ref["severity"],
                "source_label": ref["source_label"],
                "donor": ref["donor"],
                "panel": panel_name,
                "scale": placed.scale,
                "offset": list(placed.offset),
                "method": placed.method,
                "xywhn": [
                    round((x0 + x1) / 2 / w, 6),
                    round((y0 + y1) / 2 / h, 6),
                    round((x1 - x0) / w, 6),
                    round((y1 - y0) / h, 6),
                ],
            }
        )
    return image, instances


def whole_car_entries(shared: Path, out: Path | None, taxonomy: TaxonomyV2) -> list[dict[str, Any]]:
    """Negatives and (train) synthetic entries from the whole-car folder; writes the synthetic images to ``out``."""
    import cv2

    folder = shared / "datasets" / taxonomy.whole_cars
    names = class_names(folder)
    donors = donor_refs(shared, taxonomy)
    synthetic = taxonomy.synthetic
    entries: list[dict[str, Any]] = []
    for split in SPLITS:
        photos = sorted((folder / "images" / split).glob("*.jpg"))
        if split == "train":
            random.Random(synthetic.seed).shuffle(photos)  # noqa: S311 (seeded sampling, not security)
        made = 0
        for photo in photos:
            base = f"{taxonomy.whole_cars}/images/{split}/{photo.name}"
            if split == "train" and made < synthetic.images:
                rng = random.Random(f"{synthetic.seed}:{photo.name}")  # noqa: S311 (seeded sampling)
                image, instances = synthesise_one(shared, photo, names, donors, rng, synthetic)
                if instances:
                    made += 1
                    file = f"synthetic__{made:04d}__{photo.stem}.jpg"
                    entries.append(
                        {
                            "file": file,
                            "split": split,
                            "kind": "synthetic",
                            "source_sha256": sha256_file(photo),
                            "sources": [base],
                            "instances": instances,
                            "masked_polygons": [],
                        }
                    )
                    if out is not None:
                        write_synthetic(out, file, image, instances, cv2)
                    continue
            entries.append(
                {
                    "file": f"{taxonomy.whole_cars}__{photo.name}",
                    "split": split,
                    "kind": "negative",
                    "source_sha256": sha256_file(photo),
                    "sources": [base],
                    "instances": [],
                    "masked_polygons": [],
                }
            )
    return entries


def write_synthetic(out: Path, file: str, image: np.ndarray, instances: list[dict[str, Any]], cv2: Any) -> None:
    classes = yaml.safe_load((out / "data.yaml").read_text())["names"]
    ids = {name: i for i, name in classes.items()}
    (out / "images" / "train").mkdir(parents=True, exist_ok=True)
    (out / "labels" / "train").mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(out / "images" / "train" / file), image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    lines = [" ".join([str(ids[i["class"]]), *(f"{v:.6f}" for v in i["xywhn"])]) for i in instances]
    (out / "labels" / "train" / (Path(file).stem + ".txt")).write_text("\n".join(lines) + "\n")


def summarize(classes: list[str], entries: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, int]]]:
    """Images and instances per split and kind (real / negative / synthetic)."""
    table: dict[str, dict[str, dict[str, int]]] = {}
    extra = ("claims",) if any(e.get("kind") == "claims" for e in entries) else ()
    for split in SPLITS:
        table[split] = {}
        for kind in ("real", "negative", "synthetic", *extra):
            rows = [e for e in entries if e["split"] == split and e.get("kind", "real") == kind]
            counts = dict.fromkeys(classes, 0)
            for entry in rows:
                for inst in entry["instances"]:
                    counts[inst["class"]] += 1
            table[split][kind] = {"images": len(rows), **counts}
    return table


def build(
    shared: Path,
    out: Path,
    manifest_path: Path = MANIFEST_PATH,
    taxonomy_path: Path = TAXONOMY_PATH,
    *,
    synthetic_images: int | None = None,
    extra_sources: Sequence[Path] = (),
) -> dict[str, Any]:
    """Build the dataset into ``out`` and its manifest; ``extra_sources`` are folders written by
    ``claimsight labels export`` (adjuster-reviewed claim photos with consent), added as they are."""
    taxonomy = load_taxonomy(taxonomy_path)
    if synthetic_images is not None:  # e.g. 0 for the "without synthetic" comparison
        taxonomy = taxonomy.model_copy(
            update={"synthetic": taxonomy.synthetic.model_copy(update={"images": synthetic_images})}
        )
    real, dropped = build_entries(cluster_same_photos(scan(shared, taxonomy)))
    for entry in real:
        entry["kind"] = "real"
    classes = taxonomy.served_classes
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    data: dict[str, Any] = {"path": str(out.resolve()), "names": dict(enumerate(classes))}
    data.update({split: f"images/{split}" for split in SPLITS})
    (out / "data.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    whole = whole_car_entries(shared, out, taxonomy)
    negatives = [e for e in whole if e["kind"] == "negative"]
    write_dataset_keep(shared, out, classes, real + negatives)
    claims: list[dict[str, Any]] = []
    for folder in extra_sources:
        added = read_export(folder, classes)
        write_entries(folder, out, classes, added)
        claims += added
    entries = sorted(real + whole + claims, key=lambda e: (str(e["split"]), str(e["file"])))
    files = [str(e["file"]) for e in entries]
    if len(set(files)) != len(files):
        raise ValueError("two entries share a file name")
    manifest = {
        "name": "damage-v2",
        "hash": manifest_hash(classes, entries),
        "classes": classes,
        "untrained_classes": taxonomy.untrained_classes,
        "taxonomy_sha256": sha256_file(taxonomy_path),
        "decisions": {
            "part_damage_labels": "greyed out (never taught as dent/scratch); reserved for the damaged-part model",
            "part_damage": taxonomy.part_damage,
            "negatives": f"{taxonomy.whole_cars} photos with no label (background); a sample was checked by eye",
            "synthetic": "train only, from train-split bases and donors; val and test hold real photos only",
            **(
                {"extra_sources": "claimsight labels exports (claims with training consent), splits as exported"}
                if claims
                else {}
            ),
        },
        "rules": {
            "same_photo": f"{THUMB}x{THUMB} grey thumbnails correlating >= {SAME_PHOTO_CORRELATION}",
            "dropped_photos": dropped,
        },
        "counts": summarize(classes, entries),
        "entries": entries,
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    manifest_path.write_text(text)
    (out / "manifest.json").write_text(text)  # what was built, beside it (the campaign checks it)
    return manifest


def write_dataset_keep(shared: Path, out: Path, classes: list[str], entries: list[dict[str, Any]]) -> None:
    """:func:`training.data.write_dataset` into ``out`` without wiping what is already there (the synthetic images)."""
    staging = out.parent / (out.name + ".real")
    write_dataset(shared, staging, classes, entries)
    for path in sorted(staging.rglob("*")):
        if path.is_file() and path.name != "data.yaml":
            target = out / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
    shutil.rmtree(staging)


def dataset_digest(out: Path) -> str:
    """sha256 over every file of a built dataset (names and bytes): equal digests, equal datasets."""
    digest = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != "data.yaml"):
        digest.update(str(path.relative_to(out)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "datasets" / "damage-v2")
    parser.add_argument("--manifest", type=Path, default=MANIFEST_PATH)
    parser.add_argument("--synthetic", type=int, help="override the number of synthetic images (0: none)")
    parser.add_argument("--extra-source", type=Path, action="append", default=[], help="a labels export folder")
    args = parser.parse_args()
    manifest = build(
        args.shared, args.out, args.manifest, synthetic_images=args.synthetic, extra_sources=args.extra_source
    )
    print(json.dumps({k: manifest[k] for k in ("hash", "rules", "counts")}, indent=1))


if __name__ == "__main__":
    main()
