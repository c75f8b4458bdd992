"""Extra training sources: folders written by ``claimsight labels export`` (adjuster-reviewed claim
photos, each claim with its customer's training consent), read into damage dataset entries.

A folder is accepted only as it was written: its manifest's format, every file's sha256, and its
damage class map by name (a class the recipe does not serve is refused, not dropped). Its ``train``
and ``val`` splits stay what the export chose (one claim never spans two splits).

    entries = read_export(Path("var/labels-2026-12"), served_classes)
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FORMAT = "claimsight-labels/1"
KIND = "claims"


class ExportInvalid(ValueError):
    """The folder is not an intact labels export."""


def _verify(folder: Path) -> dict[str, Any]:
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise ExportInvalid(f"{folder}: no manifest.json (not a labels export)")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise ExportInvalid(f"{folder}: format {manifest.get('format')!r}, expected {FORMAT!r}")
    for item in manifest["files"]:
        path = folder / item["path"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != item["sha256"]:
            raise ExportInvalid(f"{folder}: {item['path']} is missing or changed since the export")
    return manifest


def source_name(folder: Path, manifest: dict[str, Any]) -> str:
    """A stable prefix for the folder's files: the hash of its manifest's file list."""
    digest = hashlib.sha256(json.dumps(manifest["files"], sort_keys=True).encode()).hexdigest()
    return f"{KIND}-{digest[:12]}"


def read_export(folder: Path, classes: Sequence[str]) -> list[dict[str, Any]]:
    """The export's damage images as dataset entries (``file``, ``split``, ``kind``, ``instances``
    with ``class`` and ``xywhn``), class ids mapped by name onto ``classes``."""
    manifest = _verify(folder)
    names = {int(k): v for k, v in manifest["class_maps"]["damage"].items()}
    unknown = sorted(set(names.values()) - set(classes))
    prefix = source_name(folder, manifest)
    entries = []
    for image in manifest["images"]:
        split, photo = image["split"], image["photo_id"]
        label = folder / "damage" / "labels" / split / f"{photo}.txt"
        instances = []
        for line in label.read_text().splitlines():
            parts = line.split()
            if not parts:
                continue
            name = names[int(parts[0])]
            if name in unknown:
                raise ExportInvalid(f"{folder}: class {name!r} is not served by this recipe")
            instances.append({"class": name, "severity": None, "xywhn": [float(v) for v in parts[1:5]]})
        entries.append(
            {
                "file": f"{prefix}__{photo}.jpg",
                "split": split,
                "kind": KIND,
                "source_sha256": hashlib.sha256(
                    (folder / "damage" / "images" / split / f"{photo}.jpg").read_bytes()
                ).hexdigest(),
                "sources": [f"{prefix}/damage/images/{split}/{photo}.jpg"],
                "instances": instances,
                "masked_polygons": [],
            }
        )
    return sorted(entries, key=lambda e: (str(e["split"]), str(e["file"])))


def write_entries(folder: Path, out: Path, classes: Sequence[str], entries: Sequence[dict[str, Any]]) -> None:
    """Copy the export's images into a built dataset ``out`` with labels in its class ids."""
    ids = {name: i for i, name in enumerate(classes)}
    for entry in entries:
        split, file = str(entry["split"]), str(entry["file"])
        photo = file.split("__", 1)[1]
        (out / "images" / split).mkdir(parents=True, exist_ok=True)
        (out / "labels" / split).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "damage" / "images" / split / photo, out / "images" / split / file)
        lines = [" ".join([str(ids[i["class"]]), *(f"{v:.6f}" for v in i["xywhn"])]) for i in entry["instances"]]
        (out / "labels" / split / (Path(file).stem + ".txt")).write_text("\n".join(lines) + "\n")
