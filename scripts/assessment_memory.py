"""Peak memory and decode time of one photo's assessment, measured in a fresh process.

    .venv/bin/python -m scripts.assessment_memory --megapixels 12 40

For each size a synthetic photo (JPEG, or PNG with ``--format png``) is written to a temporary
folder; a child process loads the bundled models, reads the file, resets its peak-RSS counter
(``/proc/self/clear_refs``) and runs the assessment's per-photo path
(:func:`api.assessments.analysis.analyse_stored_photo`: decode + detector + part segmenter +
matching + quality). It reports the peak resident memory above the level it had just before.

``scripts/reliability.py`` calls :func:`measure_assessment_memory`.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class MemoryResult:
    megapixels: float
    image_format: str
    width: int
    height: int
    file_bytes: int
    decode_ms: float  # decoding alone, as the assessment does it
    peak_mb: float  # peak RSS during the assessment above the RSS just before it
    process_peak_mb: float  # the child's peak RSS (models and interpreter included)


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def synthetic_photo(megapixels: float, image_format: str = "jpeg") -> tuple[bytes, int, int]:
    """A 4:3 photo-like image (smooth gradients, blocks and noise) of about ``megapixels``."""
    import numpy as np
    from PIL import Image

    height = int((megapixels * 1e6 * 3 / 4) ** 0.5)
    width = int(height * 4 / 3)
    rng = np.random.default_rng(7)
    small = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
    image = Image.fromarray(small).resize((width, height), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    if image_format == "png":
        image.save(buffer, format="PNG", compress_level=1)
    else:
        image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue(), width, height


def _child(path: Path) -> dict[str, float]:
    from api.assessments.analysis import analyse_stored_photo
    from api.assessments.runtime import load_parts
    from api.config import DEFAULT_DETECTOR_DIR, PartsSettings
    from inference.images import decode_for_models
    from inference.runtime import OnnxDetector

    # the models the service serves: the default detector, the segmenter with the damaged-part model
    detector = OnnxDetector.load(DEFAULT_DETECTOR_DIR, threads=1)
    parts = load_parts(PartsSettings(threads=1))
    data = path.read_bytes()
    # decode time alone (best of 3), then the memory of one full per-photo assessment
    decode_ms = min(_timed(lambda: decode_for_models(data)) for _ in range(3))
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    before_kb = _status_kb("VmRSS")
    analyse_stored_photo(data, detector=detector, parts=parts)
    peak_kb = _status_kb("VmHWM")
    return {"decode_ms": decode_ms, "peak_mb": (peak_kb - before_kb) / 1024, "process_peak_mb": peak_kb / 1024}


def _timed(call: object) -> float:
    assert callable(call)
    start = time.perf_counter()
    call()
    return 1000 * (time.perf_counter() - start)


def measure_assessment_memory(megapixels: float, *, image_format: str = "jpeg") -> MemoryResult:
    """Peak memory (MB) of one photo's assessment at ``megapixels``, in a fresh child process."""
    data, width, height = synthetic_photo(megapixels, image_format)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"photo.{image_format}"
        path.write_bytes(data)
        del data
        out = subprocess.run(  # noqa: S603 (our own interpreter and module, a path we made)
            [sys.executable, "-m", "scripts.assessment_memory", "--child", str(path)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        size = path.stat().st_size
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return MemoryResult(
        megapixels=megapixels,
        image_format=image_format,
        width=width,
        height=height,
        file_bytes=size,
        decode_ms=round(figures["decode_ms"], 1),
        peak_mb=round(figures["peak_mb"], 1),
        process_peak_mb=round(figures["process_peak_mb"], 1),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, nargs="+", default=[12.0, 40.0])
    parser.add_argument("--format", choices=["jpeg", "png"], default="jpeg")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        sys.stdout.write(json.dumps(_child(args.child)) + "\n")
        return
    for mp in args.megapixels:
        sys.stdout.write(json.dumps(asdict(measure_assessment_memory(mp, image_format=args.format))) + "\n")


if __name__ == "__main__":
    main()
