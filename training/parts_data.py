"""Build the car-part segmentation dataset from ../shared/datasets/dsmlr-carparts.

The class list, the left/right mirror table and which folder feeds each split
are in ``datasets/car-parts/taxonomy.yaml``. Training photos are written twice:
as they are, and mirrored left-to-right with every polygon mirrored and every
side-specific class renamed to its opposite side (a mirrored left door is a
right door). Ultralytics' own ``fliplr`` cannot rename classes, so training
runs with ``fliplr: 0``. The manifest lists every file with the sha256 of its
source photo and of its label file; its hash identifies the dataset.

    python -m training.parts_data --shared ../shared --out var/datasets/car-parts
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path
from typing import Literal

import yaml
from PIL import Image, ImageOps
from pydantic import BaseModel, ConfigDict, model_validator

Split = Literal["train", "val", "test"]
SPLITS: tuple[Split, ...] = ("train", "val", "test")
MIRROR_SUFFIX = "__mirror"
REPO_ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_PATH = REPO_ROOT / "datasets" / "car-parts" / "taxonomy.yaml"
MANIFEST_PATH = REPO_ROOT / "datasets" / "car-parts" / "manifest.json"


class PartsTaxonomy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    classes: list[str]
    mirror_pairs: dict[str, str]
    sources: dict[Split, str]
    mirror_splits: list[Split]

    @model_validator(mode="after")
    def _pairs_are_classes(self) -> PartsTaxonomy:
        named = set(self.mirror_pairs) | set(self.mirror_pairs.values())
        if named - set(self.classes):
            raise ValueError(f"mirror pairs name unknown classes: {sorted(named - set(self.classes))}")
        if len(named) != 2 * len(self.mirror_pairs):
            raise ValueError("a class appears in two mirror pairs")
        return self

    def mirrored_ids(self) -> list[int]:
        """``table[i]`` is the class id that class ``i`` becomes in a mirrored photo."""
        both = {**self.mirror_pairs, **{v: k for k, v in self.mirror_pairs.items()}}
        return [self.classes.index(both.get(name, name)) for name in self.classes]


def load_taxonomy(path: Path = TAXONOMY_PATH) -> PartsTaxonomy:
    return PartsTaxonomy.model_validate(yaml.safe_load(path.read_text()))


def mirror_label_line(line: str, mirrored_ids: list[int]) -> str:
    """One YOLO-seg line (``class x1 y1 ...``) of a left-right mirrored photo.

    >>> mirror_label_line("2 0.1 0.2 0.4 0.2 0.4 0.9", [0, 1, 4, 3, 2])
    '4 0.900000 0.200000 0.600000 0.200000 0.600000 0.900000'
    """
    parts = line.split()
    values = [float(v) for v in parts[1:]]
    if len(values) < 6 or len(values) % 2:
        raise ValueError(f"not a polygon line: {line!r}")
    for i in range(0, len(values), 2):
        values[i] = 1.0 - values[i]
    return " ".join([str(mirrored_ids[int(parts[0])]), *(f"{v:.6f}" for v in values)])


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def class_counts(label_text: str, classes: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(classes, 0)
    for line in label_text.splitlines():
        if line.strip():
            counts[classes[int(line.split()[0])]] += 1
    return {k: v for k, v in counts.items() if v}


def manifest_hash(classes: list[str], entries: list[dict[str, object]]) -> str:
    canonical = json.dumps({"classes": classes, "entries": entries}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_source_names(folder: Path, classes: list[str]) -> None:
    raw = yaml.safe_load((folder / "data.yaml").read_text())["names"]
    names = [raw[i] for i in sorted(raw)]
    if names != classes:
        raise ValueError(f"{folder.name}: class names {names} differ from the taxonomy's")


def build(shared: Path, out: Path, manifest_path: Path = MANIFEST_PATH) -> dict[str, object]:
    """Write the YOLO-seg dataset under ``out`` and the manifest; returns the manifest."""
    taxonomy = load_taxonomy()
    mirrored_ids = taxonomy.mirrored_ids()
    if out.exists():
        shutil.rmtree(out)
    entries: list[dict[str, object]] = []
    for split in SPLITS:
        source = taxonomy.sources[split]
        folder_name, source_split = source.split("/")
        folder = shared / "datasets" / folder_name
        check_source_names(folder, taxonomy.classes)
        (out / "images" / split).mkdir(parents=True)
        (out / "labels" / split).mkdir(parents=True)
        for image in sorted((folder / "images" / source_split).glob("*.jpg")):
            label = (folder / "labels" / source_split / (image.stem + ".txt")).read_text()
            lines = [ln for ln in label.splitlines() if ln.strip()]
            raw = image.read_bytes()
            origin = f"{folder_name}/images/{source_split}/{image.name}"
            variants = [(image.stem, lines, False)]
            if split in taxonomy.mirror_splits:
                variants.append(
                    (image.stem + MIRROR_SUFFIX, [mirror_label_line(ln, mirrored_ids) for ln in lines], True)
                )
            for stem, out_lines, mirrored in variants:
                text = "\n".join(out_lines) + "\n"
                if mirrored:
                    with Image.open(image) as im:
                        ImageOps.mirror(im.convert("RGB")).save(out / "images" / split / f"{stem}.jpg", quality=95)
                else:
                    shutil.copyfile(image, out / "images" / split / f"{stem}.jpg")
                (out / "labels" / split / f"{stem}.txt").write_text(text)
                entries.append(
                    {
                        "file": f"{stem}.jpg",
                        "split": split,
                        "source": origin,
                        "mirrored": mirrored,
                        "source_sha256": sha256_bytes(raw),
                        "label_sha256": sha256_bytes(text.encode()),
                        "instances": class_counts(text, taxonomy.classes),
                    }
                )
    entries.sort(key=lambda e: (str(e["split"]), str(e["file"])))
    counts: dict[str, dict[str, int]] = {split: {"images": 0, **dict.fromkeys(taxonomy.classes, 0)} for split in SPLITS}
    for entry in entries:
        row = counts[str(entry["split"])]
        row["images"] += 1
        for name, n in entry["instances"].items():  # type: ignore[attr-defined]
            row[name] += n
    manifest: dict[str, object] = {
        "name": "car-parts",
        "hash": manifest_hash(taxonomy.classes, entries),
        "classes": taxonomy.classes,
        "untrained_classes": [],
        "taxonomy_sha256": sha256_bytes(TAXONOMY_PATH.read_bytes()),
        "rules": {
            "mirror": "train photos also written mirrored left-right, polygons mirrored, classes renamed by "
            "mirror_pairs; Ultralytics fliplr is 0",
            "left_out": "carparts' 85 non-DSMLR photos (side-agnostic names only)",
        },
        "counts": counts,
        "entries": entries,
    }
    data: dict[str, object] = {
        "path": str(out.resolve()),
        **{s: f"images/{s}" for s in SPLITS},
        "names": dict(enumerate(taxonomy.classes)),
    }
    (out / "data.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the car-part segmentation dataset.")
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "datasets" / "car-parts")
    parser.add_argument("--manifest", type=Path, default=MANIFEST_PATH)
    args = parser.parse_args()
    manifest = build(args.shared, args.out, args.manifest)
    print(json.dumps({k: manifest[k] for k in ("hash", "counts")}, indent=1))


if __name__ == "__main__":
    main()
