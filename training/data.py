"""Build the merged damage dataset from ../shared/datasets.

Every shared damage source is mapped onto the served CarDD classes by
``datasets/damage/taxonomy.yaml``. Photos that appear in two sources (the
sources share web photos, always within one split) are merged into one
entry whose labels are the union of the copies' mapped labels. The result is
a YOLO detection dataset under ``--out`` and a manifest (file list, sha256,
class mapping, split, instances with their severity) whose hash identifies
the dataset.

    python -m training.data --shared ../shared --out var/datasets/damage
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from PIL import Image, ImageDraw
from pydantic import BaseModel, ConfigDict, Field

Split = Literal["train", "val", "test"]
Json = dict[str, Any]  # a manifest entry or instance, as it is written to JSON
SPLITS: tuple[Split, ...] = ("train", "val", "test")
THUMB = 32
GREY = (114, 114, 114)
SAME_PHOTO_CORRELATION = 0.95
REPO_ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_PATH = REPO_ROOT / "datasets" / "damage" / "taxonomy.yaml"
MANIFEST_PATH = REPO_ROOT / "datasets" / "damage" / "manifest.json"


class Target(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    # "class" is a keyword; the YAML key is kept readable.
    class_: str = ""
    severity: str | None = None

    @classmethod
    def parse(cls, raw: object) -> Target | None:
        if raw == "exclude":
            return None
        if not isinstance(raw, dict):
            raise ValueError(f"mapping must be 'exclude' or a dict, got {raw!r}")
        return cls(class_=raw["class"], severity=raw.get("severity"))


class Taxonomy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    served_classes: list[str]
    untrained_classes: list[str]
    sources: dict[str, dict[str, object]]
    # Labels dropped without greying, per source (a damage type in a part dataset says nothing of the part).
    ignored: dict[str, list[str]] = Field(default_factory=dict)

    def targets(self, source: str) -> dict[str, Target | None]:
        table = {name: Target.parse(raw) for name, raw in self.sources[source].items()}
        for target in table.values():
            if target is not None and target.class_ not in self.served_classes:
                raise ValueError(f"{source}: {target.class_!r} is not a served class")
        return table


def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    return Taxonomy.model_validate(yaml.safe_load(path.read_text()))


@dataclass
class Copy:
    source: str
    split: Split
    image: Path
    instances: list[Json]
    excluded: list[list[float]]
    pixels: int = 0
    thumb: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))


def label_to_xywhn(values: list[float]) -> list[float]:
    """A YOLO box (4 values) or polygon (x1 y1 x2 y2 ...) as a clipped cx, cy, w, h box."""
    if len(values) == 4:
        cx, cy, w, h = values
        x0, y0, x1, y1 = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
    else:
        xs, ys = values[0::2], values[1::2]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    x0, y0 = max(0.0, x0), max(0.0, y0)
    x1, y1 = min(1.0, x1), min(1.0, y1)
    return [round((x0 + x1) / 2, 6), round((y0 + y1) / 2, 6), round(x1 - x0, 6), round(y1 - y0, 6)]


def label_to_polygon(values: list[float]) -> list[float]:
    """A YOLO box (4 values) as its 4 corners; a polygon unchanged."""
    if len(values) != 4:
        return values
    cx, cy, w, h = values
    return [cx - w / 2, cy - h / 2, cx + w / 2, cy - h / 2, cx + w / 2, cy + h / 2, cx - w / 2, cy + h / 2]


def read_copy(
    source: str,
    split: Split,
    image: Path,
    names: list[str],
    table: dict[str, Target | None],
    ignore: frozenset[str] = frozenset(),
) -> Copy:
    label_file = image.parent.parent.parent / "labels" / split / (image.stem + ".txt")
    instances: list[Json] = []
    excluded: list[list[float]] = []
    for line in label_file.read_text().splitlines():
        parts = line.split()
        if not parts or names[int(parts[0])] in ignore:
            continue
        target = table[names[int(parts[0])]]
        if target is None:
            excluded.append(label_to_polygon([float(v) for v in parts[1:]]))
            continue
        instances.append(
            {
                "class": target.class_,
                "severity": target.severity,
                "source_label": names[int(parts[0])],
                "xywhn": label_to_xywhn([float(v) for v in parts[1:]]),
            }
        )
    with Image.open(image) as im:
        pixels = im.width * im.height
        gray = np.asarray(im.convert("L").resize((THUMB, THUMB), Image.Resampling.BILINEAR), np.float32)
    flat = gray.ravel() - gray.mean()
    thumb = flat / (np.linalg.norm(flat) + 1e-6)
    return Copy(source, split, image, instances, excluded, pixels, thumb)


def scan(shared: Path, taxonomy: Taxonomy) -> list[Copy]:
    copies: list[Copy] = []
    for source in taxonomy.sources:
        folder = shared / "datasets" / source
        names_raw = yaml.safe_load((folder / "data.yaml").read_text())["names"]
        names = [names_raw[i] for i in sorted(names_raw)]
        table = taxonomy.targets(source)
        ignore = frozenset(taxonomy.ignored.get(source, ()))
        missing = set(names) - set(table) - ignore
        if missing:
            raise ValueError(f"{source}: labels without a mapping: {sorted(missing)}")
        for split in SPLITS:
            for image in sorted((folder / "images" / split).glob("*.jpg")):
                copies.append(read_copy(source, split, image, names, table, ignore))
    return copies


def cluster_same_photos(copies: list[Copy]) -> list[list[Copy]]:
    """Group copies of one photo held by different sources (same split only)."""
    parent = list(range(len(copies)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for split in SPLITS:
        idx = [i for i, c in enumerate(copies) if c.split == split]
        if not idx:
            continue
        thumbs = np.stack([copies[i].thumb for i in idx])
        corr = thumbs @ thumbs.T
        rows, cols = np.nonzero(np.triu(corr >= SAME_PHOTO_CORRELATION, k=1))
        for a, b in zip(rows.tolist(), cols.tolist(), strict=True):
            if copies[idx[a]].source != copies[idx[b]].source:
                parent[find(idx[a])] = find(idx[b])
    groups: dict[int, list[Copy]] = {}
    for i, copy in enumerate(copies):
        groups.setdefault(find(i), []).append(copy)
    return list(groups.values())


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_entries(clusters: list[list[Copy]]) -> tuple[list[Json], dict[str, int]]:
    entries: list[Json] = []
    dropped = {"excluded_label_in_merged_photo": 0, "no_mapped_label": 0, "merged_copies": 0}
    for cluster in clusters:
        if len(cluster) > 1 and any(c.excluded for c in cluster):
            dropped["excluded_label_in_merged_photo"] += 1
            continue
        instances = [inst for c in cluster for inst in c.instances]
        if not instances:
            dropped["no_mapped_label"] += 1
            continue
        dropped["merged_copies"] += len(cluster) - 1
        keep = max(cluster, key=lambda c: c.pixels)
        entries.append(
            {
                "file": f"{keep.source}__{keep.image.name}",
                "split": keep.split,
                "source_sha256": sha256_file(keep.image),
                "sources": sorted(f"{c.source}/images/{c.split}/{c.image.name}" for c in cluster),
                "instances": instances,
                "masked_polygons": [[round(v, 6) for v in poly] for c in cluster for poly in c.excluded],
            }
        )
    entries.sort(key=lambda e: (str(e["split"]), str(e["file"])))
    return entries, dropped


def manifest_hash(classes: list[str], entries: list[Json]) -> str:
    canonical = json.dumps({"classes": classes, "entries": entries}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def mask_regions(src: Path, dst: Path, polygons: list[list[float]], keep: list[Json]) -> None:
    """Grey out excluded labels' regions, leaving the mapped instances' boxes intact.

    An excluded label marks damage we cannot name as a served class; grey (the
    letterbox fill) keeps it from being learnt as background.
    """
    with Image.open(src) as im:
        original = im.convert("RGB")
    w, h = original.size
    masked = original.copy()
    draw = ImageDraw.Draw(masked)
    for poly in polygons:
        draw.polygon([(x * w, y * h) for x, y in zip(poly[0::2], poly[1::2], strict=True)], fill=GREY)
    for inst in keep:
        cx, cy, bw, bh = inst["xywhn"]
        box = (
            int((cx - bw / 2) * w),
            int((cy - bh / 2) * h),
            int(np.ceil((cx + bw / 2) * w)),
            int(np.ceil((cy + bh / 2) * h)),
        )
        masked.paste(original.crop(box), box[:2])
    masked.save(dst, quality=95)


def write_dataset(shared: Path, out: Path, classes: list[str], entries: list[Json]) -> None:
    if out.exists():
        shutil.rmtree(out)
    class_ids = {name: i for i, name in enumerate(classes)}
    for entry in entries:
        split, file = str(entry["split"]), str(entry["file"])
        source, name = file.split("__", 1)
        (out / "images" / split).mkdir(parents=True, exist_ok=True)
        (out / "labels" / split).mkdir(parents=True, exist_ok=True)
        src = shared / "datasets" / source / "images" / split / name
        masked = entry["masked_polygons"]
        if masked:
            mask_regions(src, out / "images" / split / file, masked, entry["instances"])
        else:
            shutil.copyfile(src, out / "images" / split / file)
        lines = [
            " ".join([str(class_ids[str(inst["class"])]), *(f"{v:.6f}" for v in inst["xywhn"])])
            for inst in entry["instances"]
        ]
        (out / "labels" / split / (Path(file).stem + ".txt")).write_text("\n".join(lines) + "\n")
    data: Json = {"path": str(out.resolve()), **{s: f"images/{s}" for s in SPLITS}, "names": dict(enumerate(classes))}
    (out / "data.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def summarize(classes: list[str], entries: list[Json]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for split in SPLITS:
        rows = [e for e in entries if e["split"] == split]
        counts = {name: 0 for name in classes}
        for entry in rows:
            for inst in entry["instances"]:
                counts[str(inst["class"])] += 1
        table[split] = {"images": len(rows), **counts}
    return table


def build(shared: Path, out: Path, manifest_path: Path = MANIFEST_PATH) -> Json:
    taxonomy = load_taxonomy()
    copies = scan(shared, taxonomy)
    entries, dropped = build_entries(cluster_same_photos(copies))
    classes = taxonomy.served_classes
    files = [str(e["file"]) for e in entries]
    if len(set(files)) != len(files):
        raise ValueError("two entries share a file name")
    manifest = {
        "name": "damage",
        "hash": manifest_hash(classes, entries),
        "classes": classes,
        "untrained_classes": taxonomy.untrained_classes,
        "taxonomy_sha256": sha256_file(TAXONOMY_PATH),
        "rules": {
            "same_photo": f"{THUMB}x{THUMB} grey thumbnails correlating >= {SAME_PHOTO_CORRELATION}",
            "dropped_photos": dropped,
        },
        "counts": summarize(classes, entries),
        "entries": entries,
    }
    write_dataset(shared, out, classes, entries)
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return manifest


def builder_main(
    build_dataset: Callable[[Path, Path, Path], dict[str, Any]], *, doc: str, out_name: str, manifest: Path
) -> None:
    """A dataset builder's command line: ``--shared``, ``--out`` (under ``var/datasets/``) and
    ``--manifest``; prints the built manifest's hash, rules and counts."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "datasets" / out_name)
    parser.add_argument("--manifest", type=Path, default=manifest)
    args = parser.parse_args()
    built = build_dataset(args.shared, args.out, args.manifest)
    print(json.dumps({k: built[k] for k in ("hash", "rules", "counts")}, indent=1))


def main() -> None:
    builder_main(build, doc=__doc__ or "", out_name="damage", manifest=MANIFEST_PATH)


if __name__ == "__main__":
    main()
