"""The held-out part set: the real test photos of damage dataset v2, each damage's part labelled by eye.

    python -m training.part_heldout sheets [--out var/part-heldout]
    python -m training.part_heldout evaluate [--report docs/benchmarks/part-accuracy.md]
        [--detector DIR] [--damaged-parts DIR] [--confidence T]

``sheets`` draws every real test photo of ``datasets/damage-v2/manifest.json`` with its damage boxes numbered
(the manifest's order) on contact sheets of four, for a person to label. The labels are committed
in ``datasets/part-heldout-v1/labels.json`` (how they were made: its README). No image is
committed: the photos are found again under ``--shared`` by the manifest's source path and checked
against its sha256. ``evaluate`` runs the served models on those photos through the serving
pipeline (:func:`api.assess_cli.assess_photos`) and scores each labelled damage's part
(:mod:`training.part_scores`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
MANIFEST = REPO_ROOT / "datasets" / "damage-v2" / "manifest.json"
LABELS = REPO_ROOT / "datasets" / "part-heldout-v1" / "labels.json"
TILE = 512
PER_SHEET = 4


@dataclass(frozen=True, slots=True)
class HeldOutPhoto:
    """One real test photo: where it is, its sha256 and its damage boxes (normalised centre x, y, w, h)."""

    key: str
    source: str
    sha256: str
    damages: tuple[tuple[str, tuple[float, float, float, float]], ...]


def test_photos(manifest: Path = MANIFEST) -> list[HeldOutPhoto]:
    """The real (not negative, not synthetic) test photos, in the manifest's order."""
    entries = json.loads(manifest.read_text(encoding="utf-8"))["entries"]
    return [
        HeldOutPhoto(
            key=e["file"],
            source=e["sources"][0],
            sha256=e["source_sha256"],
            damages=tuple((i["class"], tuple(i["xywhn"])) for i in e["instances"]),
        )
        for e in entries
        if e["split"] == "test" and e["kind"] == "real"
    ]


def read_photo(shared: Path, photo: HeldOutPhoto) -> bytes:
    """The photo's bytes from ``shared/datasets``, refused when they are not the manifest's."""
    data = (shared / "datasets" / photo.source).read_bytes()
    if hashlib.sha256(data).hexdigest() != photo.sha256:
        raise ValueError(f"{photo.source} is not the photo the manifest names (sha256 differs)")
    return data


def _tile(data: bytes, photo: HeldOutPhoto, number: int) -> Any:
    import io

    from PIL import Image, ImageDraw, ImageOps

    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    scale = min(TILE / image.width, (TILE - 20) / image.height)
    image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    canvas = Image.new("RGB", (TILE, TILE), "white")
    canvas.paste(image, (0, 20))
    draw = ImageDraw.Draw(canvas)
    draw.text((4, 4), f"photo {number}", fill="black")
    width, height = image.size
    for index, (damage, (cx, cy, w, h)) in enumerate(photo.damages, 1):
        box = ((cx - w / 2) * width, 20 + (cy - h / 2) * height, (cx + w / 2) * width, 20 + (cy + h / 2) * height)
        draw.rectangle(box, outline="red", width=2)
        draw.text((box[0] + 3, box[1] + 2), f"{index} {damage}", fill="yellow")
    return canvas


def _chunks(items: Sequence[HeldOutPhoto]) -> Iterator[tuple[int, Sequence[HeldOutPhoto]]]:
    for start in range(0, len(items), PER_SHEET):
        yield start, items[start : start + PER_SHEET]


def write_sheets(shared: Path, out: Path) -> int:
    """Contact sheets of four numbered photos under ``out``; returns how many were written."""
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    photos = test_photos()
    written = 0
    for start, chunk in _chunks(photos):
        sheet = Image.new("RGB", (2 * TILE, 2 * TILE), "grey")
        for offset, photo in enumerate(chunk):
            tile = _tile(read_photo(shared, photo), photo, start + offset + 1)
            sheet.paste(tile, ((offset % 2) * TILE, (offset // 2) * TILE))
        sheet.save(out / f"sheet-{start // PER_SHEET + 1:03d}.png")
        written += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("sheets", "evaluate"))
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "part-heldout")
    parser.add_argument("--report", type=Path, default=REPO_ROOT / "docs" / "benchmarks" / "part-accuracy.md")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--detector", type=Path, help="a damage detector folder (default: the served one)")
    parser.add_argument(
        "--confidence", type=float, default=None, help="the detector's threshold instead of its card's (a study)"
    )
    parser.add_argument(
        "--damaged-parts", type=Path, help="a damaged-part model folder (default: the newest under models/)"
    )
    parser.add_argument(
        "--without-bumper-end", action="store_true", help="leave the bumper-end classifier out (a comparison)"
    )
    args = parser.parse_args(argv)
    if args.command == "sheets":
        count = write_sheets(args.shared, args.out)
        print(f"{count} sheets of {PER_SHEET} photos in {args.out}")
        return 0
    from training.part_scores import evaluate

    models = {"detector_dir": args.detector, "damaged_parts_dir": args.damaged_parts}
    print(
        evaluate(
            args.shared,
            args.report,
            threads=args.threads,
            confidence=args.confidence,
            bumper_end=not args.without_bumper_end,
            **models,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
