"""``claimsight labels export``: a YOLO dataset from the findings adjusters confirmed or corrected,
on the photos of claims whose customer consented to training (the claim's ``training_consent``).

Two label sets over the same images, each a YOLO dataset of its own (one ``data.yaml`` each):
``damage/`` (what the damage is: the detector's classes) and ``parts/`` (which part is damaged:
the part codes, for a damaged-part model). YOLO reads one label file per image path, so two
label sets need two image folders; the bytes are the same and the manifest says so. A photo with
a damage whose part is unknown stays out of ``parts/`` (its damage would be taught as background).

Images are re-encoded as JPEG without any metadata (no EXIF, no GPS, no capture time, no ICC);
the boxes are in the stored (upright) photo's pixels, so no geometry changes. Every claim's photos
fall in one split (train or val, by a hash of the claim id), so a claim never leaks across splits.
The folder is written beside ``--out`` and renamed into place: a failed export leaves nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

import structlog
from PIL import Image
from sqlalchemy.orm import Session

from api.errors import Conflict, InvalidInput
from api.labels.repository import LabelledPhoto, labelled_photos
from api.storage.blobstore import BlobStore
from pricing import DamageType, PartCode

log = structlog.get_logger(__name__)

FORMAT = "claimsight-labels/1"
DAMAGE_CLASSES = [d.value for d in DamageType]
PART_CLASSES = [p.value for p in PartCode]
SPLITS = ("train", "val")
JPEG_QUALITY = 95
README = """# ClaimSight labels export

Made by `claimsight labels export` from findings that adjusters confirmed (an AI finding kept in an
approved estimate) or corrected (changed or added), with rejected findings left out.

**Consent.** Customer photos may be used for training only with the customer's separate consent
(PIPL art. 29; DOMAIN.md §7). This export holds photos of claims whose customer gave the training
consent (`training_consent`, asked when the claim is reported; the customer may give it later or
withdraw it from the claim page at any time). Claims without it, and claims whose consent was
withdrawn before this export was made, are left out. Keep `manifest.json`: it names each image's
claim, so the photos of a claim whose consent is withdrawn after this export can be found and
deleted from every copy and every dataset built from it.

- `damage/` — YOLO detection dataset, classes = the damage detector's ({damage}).
- `parts/` — the same images, labelled with the damaged part ({parts} part codes); photos with a
  damage on an unknown part are left out.
- `manifest.json` — sha256 of every file, the class maps, and per image its claim, split and findings.

Images carry no metadata (re-encoded JPEG). Add the folder to a training recipe with
`extra_sources: [<this folder>]` (training/config.py).
"""


class ExportTargetExists(Conflict):
    code = "export-target-exists"
    title = "Export folder exists"


@dataclass(frozen=True)
class ExportSummary:
    out: Path
    images: int
    damage_instances: int
    part_images: int
    claims: int


def split_of(claim_id: uuid.UUID) -> str:
    """'val' for one claim in ten (by the claim id's hash), 'train' otherwise."""
    return "val" if int(hashlib.sha256(claim_id.bytes).hexdigest(), 16) % 10 == 0 else "train"


def clean_jpeg(data: bytes, *, width: int, height: int) -> bytes:
    """The photo as a JPEG with no metadata at all; its size must be the stored photo's."""
    with Image.open(io.BytesIO(data)) as image:
        if image.size != (width, height):
            raise InvalidInput(f"stored photo is {image.size}, its record says {(width, height)}")
        rgb = image.convert("RGB")
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=JPEG_QUALITY)  # Pillow writes no EXIF/ICC unless asked
    return out.getvalue()


def xywhn(x1: float, y1: float, x2: float, y2: float, width: int, height: int) -> tuple[float, ...]:
    x1, x2 = max(0.0, min(x1, width)), max(0.0, min(x2, width))
    y1, y2 = max(0.0, min(y1, height)), max(0.0, min(y2, height))
    return ((x1 + x2) / 2 / width, (y1 + y2) / 2 / height, (x2 - x1) / width, (y2 - y1) / height)


def _label_lines(photo: LabelledPhoto, classes: list[str], attribute: str) -> list[str] | None:
    lines = []
    for f in photo.findings:
        name = getattr(f, attribute)
        if name not in classes:
            return None
        box = xywhn(f.x1, f.y1, f.x2, f.y2, photo.photo.width, photo.photo.height)
        lines.append(" ".join([str(classes.index(name)), *(f"{v:.6f}" for v in box)]))
    return lines


def _write(root: Path, relative: str, data: bytes, files: list[dict[str, Any]]) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    files.append({"path": relative, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)})


def _data_yaml(names: list[str]) -> bytes:
    lines = ["path: .", "train: images/train", "val: images/val", "names:"]
    lines += [f"  {i}: {name}" for i, name in enumerate(names)]
    return ("\n".join(lines) + "\n").encode()


def export_labels(
    session: Session, *, blobs: BlobStore, since: date, out: Path, tz: tzinfo, now: datetime
) -> ExportSummary:
    """Write the dataset to ``out`` (which must not exist yet); returns what it holds."""
    if out.exists():
        raise ExportTargetExists(f"{out} exists; name a new folder.")
    photos = labelled_photos(session, since=datetime.combine(since, time.min, tz))
    staging = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    try:
        files: list[dict[str, Any]] = []
        images: list[dict[str, Any]] = []
        for dataset in ("damage", "parts"):
            for split in SPLITS:
                for kind in ("images", "labels"):
                    (staging / dataset / kind / split).mkdir(parents=True)
        for item in photos:
            split = split_of(item.claim_id)
            jpeg = clean_jpeg(blobs.read(item.photo.sha256), width=item.photo.width, height=item.photo.height)
            name = f"{item.photo.id}"
            damage = _label_lines(item, DAMAGE_CLASSES, "damage_type")
            if damage is None:  # a type the detector does not have: nothing to teach it
                continue
            parts = _label_lines(item, PART_CLASSES, "part")
            for dataset, lines in (("damage", damage), ("parts", parts)):
                if lines is None:
                    continue
                _write(staging, f"{dataset}/images/{split}/{name}.jpg", jpeg, files)
                _write(staging, f"{dataset}/labels/{split}/{name}.txt", ("\n".join(lines) + "\n").encode(), files)
            images.append(
                {
                    "photo_id": str(item.photo.id),
                    "claim_id": str(item.claim_id),
                    "split": split,
                    "in_parts": parts is not None,
                    "findings": [
                        {
                            "finding_id": str(f.id),
                            "origin": f.origin,
                            "status": "added" if f.origin != "ai" else "changed" if f.id in item.changed else "kept",
                            "damage_type": f.damage_type,
                            "part": f.part,
                            "severity": f.severity,
                        }
                        for f in item.findings
                    ],
                }
            )
        _write(staging, "damage/data.yaml", _data_yaml(DAMAGE_CLASSES), files)
        _write(staging, "parts/data.yaml", _data_yaml(PART_CLASSES), files)
        readme = README.format(damage=", ".join(DAMAGE_CLASSES), parts=len(PART_CLASSES))
        _write(staging, "README.md", readme.encode(), files)
        manifest = {
            "format": FORMAT,
            "exported_at": now.isoformat(),
            "since": since.isoformat(),
            "selection": "approved assessments' findings, not rejected, of claims with training_consent",
            "consent": (
                "training_consent on every exported claim at export time (asked when the claim is reported,"
                " given later or withdrawn by the customer): claims whose consent was withdrawn before this"
                " export are left out; for a withdrawal after it, delete that claim's images (see images[].claim_id)"
            ),
            "class_maps": {
                "damage": dict(enumerate(DAMAGE_CLASSES)),
                "parts": dict(enumerate(PART_CLASSES)),
            },
            "images": images,
            "files": sorted(files, key=lambda f: str(f["path"])),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary = ExportSummary(
        out=out,
        images=len(images),
        damage_instances=sum(len(i["findings"]) for i in images),
        part_images=sum(1 for i in images if i["in_parts"]),
        claims=len({i["claim_id"] for i in images}),
    )
    log.info("labels.exported", images=summary.images, claims=summary.claims, instances=summary.damage_instances)
    return summary
