"""Claim benchmark: writes docs/benchmarks/claim.md (issue #11's speed targets, one run).

    .venv/bin/python scripts/bench_claim.py [--photos 10] [--repeats 5] [--out docs/benchmarks/claim.md]

Phone-sized photos: real photos from ../shared (lensor-damage's test split) enlarged to 4000x3000
and saved as JPEG in memory (none is written to disk or committed), else generated ones. Measured
in this process with the served models and settings (the detector and part segmenter on one
ONNX Runtime thread each, ``jobs.photos_at_once`` photos side by side):

- decode: one 12 MP JPEG to the models' size (``decode_for_models``), median ms (target ≤ 40);
- models: detector + part segmenter (+ damaged-part model) on one decoded photo, one thread, median ms (target ≤ 120);
- claim: a claim of N such photos through the assessment's analysis step (read, decode, quality
  check, both models, part fusion), wall s, median of the repeats (target ≤ 2 s for 10 photos).
The report is written by this script only; never edit it by hand.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
PHONE = (4000, 3000)  # 12 MP
TARGETS = {"decode": 40.0, "models": 120.0, "claim": 2.0}


def phone_photos(count: int) -> tuple[list[bytes], str]:
    """``count`` 12 MP JPEGs and where they came from."""
    from PIL import Image

    from scripts.scale_rig import SAMPLE_PHOTOS, photos

    small = photos(count)
    source = "lensor-damage test photos" if SAMPLE_PHOTOS.is_dir() else "generated patterns (no ../shared)"
    out = []
    for data in small:
        with Image.open(io.BytesIO(data)) as image:
            big = image.convert("RGB").resize(PHONE, Image.Resampling.BICUBIC)
        buffer = io.BytesIO()
        big.save(buffer, "JPEG", quality=90)
        out.append(buffer.getvalue())
    return out, f"{source}, enlarged to {PHONE[0]}x{PHONE[1]}"


def median_ms(action: Callable[[], object], repeats: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - began))
    return statistics.median(times)


def measure(count: int, repeats: int) -> dict[str, object]:
    from api.assessments.analysis import analyse_photo
    from api.assessments.runtime import load_detector, load_parts
    from api.assessments.service import _analyse
    from api.config import DetectorSettings, JobSettings, PartsSettings
    from api.db.models import Photo
    from api.storage.backends.local import LocalBlobStore
    from inference.images import decode_for_models

    files, source = phone_photos(count)
    detector = load_detector(DetectorSettings())
    parts = load_parts(PartsSettings())
    assert detector is not None
    at_once = JobSettings().photos_at_once
    decode_ms = median_ms(lambda: decode_for_models(files[0], long_side=640), repeats * 4)
    image = decode_for_models(files[0], long_side=640).image_rgb
    models_ms = median_ms(lambda: analyse_photo(image, detector=detector, parts=parts), repeats * 4)
    with tempfile.TemporaryDirectory(prefix="claimsight-claim-") as tmp:
        blobs = LocalBlobStore(Path(tmp))
        claim = [Photo(id=uuid.uuid4(), sha256=blobs.put(data).sha256) for data in files]
        claim_ms = median_ms(lambda: _analyse(detector, parts, blobs, claim, None, at_once), repeats)
    return {
        "source": source,
        "photos": count,
        "repeats": repeats,
        "photos_at_once": at_once,
        "threads": DetectorSettings().threads,
        "models": ", ".join(served_models(detector, parts)),
        "decode_ms": decode_ms,
        "models_ms": models_ms,
        "claim_s": claim_ms / 1000,
    }


def served_models(detector: Any, parts: Any) -> list[str]:
    """Each served model as ``name version``: the detector, the part segmenter, its damaged-part model
    and the bumper-end classifier beside that."""
    from inference.damaged_parts import SeesDamagedParts, bumper_end_card

    models = [detector.card] + ([parts.card] if parts is not None else [])
    if isinstance(parts, SeesDamagedParts):
        models.append(parts.damaged_parts.card)
    if (ends := bumper_end_card(parts)) is not None:
        models.append(ends)
    return [f"{card.name} {card.version}" for card in models]


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "missed"


def report(m: dict[str, object], *, command: str, commit: str, load: str) -> str:
    from training.machine import processor

    decode, models, claim = (float(m[k]) for k in ("decode_ms", "models_ms", "claim_s"))  # type: ignore[arg-type]
    return "\n".join(
        [
            "# A claim of phone photos: decode, models, whole claim",
            "",
            f"Written by `{command}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}; "
            f"{os.cpu_count()} cores ({processor()}), load average before {load}.",
            f"Photos: {m['source']}. Models: {m['models']}, {m['threads']} ONNX Runtime thread(s) each; "
            f"{m['photos_at_once']} photos of a claim side by side.",
            "",
            "| step | median | target | |",
            "| --- | ---: | ---: | --- |",
            f"| decode one 12 MP JPEG to the models' 640 px | {decode:.1f} ms | ≤ {TARGETS['decode']:.0f} ms | "
            f"{_verdict(decode, TARGETS['decode'])} |",
            f"| detector + part models on one photo (one thread) | {models:.1f} ms | "
            f"≤ {TARGETS['models']:.0f} ms | {_verdict(models, TARGETS['models'])} |",
            f"| a claim of {m['photos']} photos of 12 MP (read, decode, check, the models; median of "
            f"{m['repeats']}) | {claim:.2f} s | ≤ {TARGETS['claim']:.0f} s | {_verdict(claim, TARGETS['claim'])} |",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "claim.md")
    args = parser.parse_args()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    measured = measure(args.photos, args.repeats)
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
    command = " ".join(["python scripts/bench_claim.py", *sys.argv[1:]])
    args.out.write_text(report(measured, command=command, commit=done.stdout.strip() or "unknown", load=load))
    print(args.out.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
