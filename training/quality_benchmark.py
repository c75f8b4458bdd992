"""Precision and recall of the capture-quality gate on a labelled sample built from held-out photos.

    python -m training.quality_benchmark --split test [--parts models/car-parts/1.0.0]

The sample: dsmlr-carparts and lensor-damage photos of one split as they are
(labelled acceptable), each also degraded once in every way the gate checks
(Gaussian blur, darkened, over-exposed, shrunk to a quarter of the width on a
plain road-like background = "too far"), plus documents rendered with Pillow
(labelled "no vehicle"). Damage boxes are lensor's labels (scaled with the
photo), standing in for the detector; parts come from the part segmenter when
``--parts`` is given (else the vehicle checks are not made). Thresholds were
set on the val split; report the test split. Writes
``docs/benchmarks/quality.{md,json}``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from inference.detections import Detections
from inference.images import decode_image
from inference.quality import QualityCode, assess_capture

REPO_ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
Sample = tuple[str, npt.NDArray[np.uint8], Detections | None, set[str]]  # damage boxes where labelled


def label_boxes(label: Path, width: int, height: int) -> Detections:
    boxes = []
    for line in label.read_text().splitlines():
        if line.strip():
            v = np.array(line.split()[1:], np.float64).reshape(-1, 2) * [width, height]
            boxes.append([*v.min(axis=0), *v.max(axis=0)])
    return Detections(
        np.array(boxes, np.float32).reshape(-1, 4), np.ones(len(boxes), np.float32), np.zeros(len(boxes), np.int64)
    )


def blurred(image: npt.NDArray[np.uint8], rng: random.Random) -> npt.NDArray[np.uint8]:
    sigma = rng.uniform(2.5, 5.0) * max(image.shape) / 640  # as seen at the gate's 640 px
    return cv2.GaussianBlur(image, (0, 0), sigma).astype(np.uint8, copy=False)


def darkened(image: npt.NDArray[np.uint8], rng: random.Random) -> npt.NDArray[np.uint8]:
    gain = rng.uniform(0.08, 0.2)
    return np.clip(255 * (image / 255.0) ** 1.3 * gain, 0, 255).astype(np.uint8)


def over_exposed(image: npt.NDArray[np.uint8], rng: random.Random) -> npt.NDArray[np.uint8]:
    return np.clip(image.astype(np.float32) * rng.uniform(2.5, 4.0) + 40, 0, 255).astype(np.uint8)


def road(height: int, width: int, rng: random.Random) -> npt.NDArray[np.uint8]:
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(110, 25, (height // 4 + 1, width // 4 + 1))
    base = cv2.resize(np.clip(noise, 0, 255).astype(np.uint8), (width, height), interpolation=cv2.INTER_LINEAR)
    return np.repeat(base[..., None], 3, axis=2)


def far(
    image: npt.NDArray[np.uint8], damage: Detections, rng: random.Random
) -> tuple[npt.NDArray[np.uint8], Detections]:
    height, width = image.shape[:2]
    small = cv2.resize(image, (width // 4, height // 4), interpolation=cv2.INTER_AREA)
    canvas = road(height, width, rng)
    x0, y0 = rng.randrange(0, width - width // 4), rng.randrange(height // 3, height - height // 4)
    canvas[y0 : y0 + height // 4, x0 : x0 + width // 4] = small
    moved = (damage.xyxy / 4 + np.array([x0, y0, x0, y0], np.float32)).astype(np.float32)
    return canvas, Detections(moved, damage.confidence, damage.class_id)


def document(rng: random.Random) -> npt.NDArray[np.uint8]:
    """A form or letter on a desk, photographed roughly square-on."""
    width, height = rng.choice([(1024, 768), (768, 1024), (960, 720)])
    desk = rng.randrange(60, 150)
    im = Image.new("RGB", (width, height), (desk, desk - 10, desk - 25))
    paper = Image.new("RGB", (int(width * 0.8), int(height * 0.85)), (rng.randrange(225, 245),) * 3)
    draw = ImageDraw.Draw(paper)
    font = ImageFont.truetype(str(FONT), rng.randrange(16, 28)) if FONT.exists() else ImageFont.load_default()
    y = 30
    words = ["Policy", "No.", "Vehicle", "Licence", "Plate", "VIN", "Insured", "Amount", "Date", "Repair", "Quote"]
    while y < paper.height - 40:
        line = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 8))) + f" {rng.randrange(10**5, 10**9)}"
        draw.text((30, y), line, fill=(20, 20, 20), font=font)
        if rng.random() < 0.3:
            draw.rectangle((25, y - 4, paper.width - 25, y + 30), outline=(60, 60, 60), width=2)
        y += rng.randrange(32, 48)
    paper = paper.rotate(rng.uniform(-6, 6), expand=True, fillcolor=(desk, desk - 10, desk - 25))
    im.paste(paper, ((width - paper.width) // 2, (height - paper.height) // 2))
    return np.asarray(im, np.uint8)


def build_sample(shared: Path, split: str, documents: int, seed: int = 0) -> Iterator[Sample]:
    rng = random.Random(seed)  # noqa: S311 - reproducible degradations, not security
    for folder in ("dsmlr-carparts", "lensor-damage"):
        root = shared / "datasets" / folder
        for path in sorted((root / "images" / split).glob("*.jpg")):
            image = decode_image(path.read_bytes())
            height, width = image.shape[:2]
            damage = (
                label_boxes(root / "labels" / split / (path.stem + ".txt"), width, height)
                if folder == "lensor-damage"
                else None
            )
            name = f"{folder}/{path.stem}"
            yield f"{name}", image, damage, set()
            yield f"{name}+blur", blurred(image, rng), damage, {QualityCode.BLURRED.value}
            yield f"{name}+dark", darkened(image, rng), damage, {QualityCode.TOO_DARK.value}
            yield f"{name}+bright", over_exposed(image, rng), damage, {QualityCode.OVER_EXPOSED.value}
            shrunk, moved = far(image, damage if damage is not None else Detections.empty(), rng)
            yield f"{name}+far", shrunk, moved if damage is not None else None, {QualityCode.TOO_FAR.value}
    for i in range(documents):
        yield f"document-{i}", document(rng), None, {QualityCode.NO_VEHICLE.value}


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Precision of the capture-quality gate on a synthetic labelled sample."
    )
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--split", default="test")
    parser.add_argument("--parts", type=Path, help="part segmenter model dir (enables the vehicle checks)")
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks")
    args = parser.parse_args()
    segmenter = None
    if args.parts:
        from inference.parts import OnnxPartSegmenter

        segmenter = OnnxPartSegmenter.load(args.parts, threads=2)
    codes = [c.value for c in QualityCode]
    counts = {c: {"flagged": 0, "correct": 0, "true": 0} for c in codes}
    by_kind: dict[str, dict[str, int]] = {}
    n, clean = 0, 0
    for name, image, damage, truth in build_sample(args.shared, args.split, args.documents):
        if segmenter is None and truth & {QualityCode.NO_VEHICLE.value}:
            continue
        parts = segmenter.segment(image) if segmenter else None
        if damage is None and segmenter is None and truth == {QualityCode.TOO_FAR.value}:
            continue  # no damage and no parts: nothing can say "too far"
        flagged = {
            f.code.value
            for f in assess_capture(
                image, parts=parts, damage=damage, part_names=segmenter.card.classes if segmenter else None
            )
        }
        kind = name.split("+")[1] if "+" in name else ("document" if name.startswith("document") else "original")
        row = by_kind.setdefault(kind, {"photos": 0, "exactly_right": 0, **{c: 0 for c in codes}})
        row["photos"] += 1
        row["exactly_right"] += int(flagged == truth)
        for c in flagged:
            row[c] += 1
        n += 1
        clean += int(flagged == truth)
        for c in codes:
            counts[c]["flagged"] += int(c in flagged)
            counts[c]["correct"] += int(c in flagged and c in truth)
            counts[c]["true"] += int(c in truth)
    report: dict[str, Any] = {
        "split": args.split,
        "photos": n,
        "exactly_right": clean,
        "codes": counts,
        "by_kind": by_kind,
        "parts_model": str(args.parts) if args.parts else None,
    }
    command = f"python -m training.quality_benchmark --split {args.split}" + (
        f" --parts {args.parts}" if args.parts else ""
    )
    md = [
        "# Capture-quality gate: precision on a labelled sample",
        "",
        f"Made by `{command}`.",
        "",
        f"Sample ({n} images): dsmlr-carparts and lensor-damage **{args.split}** photos as they are (labelled"
        " acceptable — a few real photos may in fact be soft or dark, which counts against precision), each also"
        " blurred (Gaussian σ 2.5–5 px at 640 px), darkened (×0.08–0.2), over-exposed (×2.5–4 + 40) and shrunk to"
        " a quarter of the width on a road-like background (too far); plus rendered documents on a desk (no vehicle)."
        " Damage boxes: lensor's labels standing in for the detector."
        + (
            " Parts: the part segmenter."
            if args.parts
            else " No part segmenter: no-vehicle and the parts-based too-far check are not measured."
        ),
        "",
        "Thresholds were chosen on the val split's sample; this is the " + args.split + " split.",
        "",
        "| flag | flagged | correct | precision | recall |",
        "|---|---|---|---|---|",
    ]
    for c, k in counts.items():
        if k["true"] or k["flagged"]:
            prec = f"{100 * k['correct'] / k['flagged']:.1f} %" if k["flagged"] else "–"
            rec = f"{100 * k['correct'] / k['true']:.1f} %" if k["true"] else "–"
            md.append(f"| {c} | {k['flagged']} | {k['correct']} | {prec} | {rec} |")
    md += [
        "",
        f"Exactly the right set of flags: {clean} of {n} images.",
        "",
        "Flags raised per kind of image:",
        "",
        "| image kind | images | exactly right | " + " | ".join(codes) + " |",
        "|---" * (len(codes) + 3) + "|",
    ]
    md += [
        f"| {kind} | {r['photos']} | {r['exactly_right']} | " + " | ".join(str(r[c]) for c in codes) + " |"
        for kind, r in by_kind.items()
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "quality.json").write_text(json.dumps(report, indent=1) + "\n")
    (args.out / "quality.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
