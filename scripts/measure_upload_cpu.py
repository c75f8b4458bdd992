"""CPU seconds one photo upload costs the API process (issue 16: the upload should keep only the
cheap checks; decoding and the quality check belong to the assessment job).

    .venv/bin/python scripts/measure_upload_cpu.py [--uploads 20]

The app runs in this process (SQLite, no job runner, no models loaded); each upload is timed with
the process's CPU clock around ``POST /claims/{id}/photos``, so the figure includes the test
client's share (multipart encoding, small and the same before and after). Three kinds of photo:
the benchmark's (640x480 generated, or the shared dataset's test images when present), and a
phone-sized one (4032x3024 JPEG). Prints a table; writes nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _phone_photos(count: int) -> list[bytes]:
    from io import BytesIO

    import numpy as np
    from PIL import Image

    found = []
    for seed in range(count):
        rng = np.random.default_rng(seed)
        # A smooth gradient with some noise compresses like a photo (a few MB at quality 90).
        y, x = np.mgrid[0:3024, 0:4032]
        base = ((x / 16 + y / 24 + seed * 7) % 256).astype(np.uint8)
        noise = rng.integers(0, 24, size=(3024, 4032), dtype=np.uint8)
        rgb = np.stack([base, base // 2 + noise, 255 - base], axis=-1)
        buffer = BytesIO()
        Image.fromarray(rgb).save(buffer, "JPEG", quality=90)
        found.append(buffer.getvalue())
    return found


def measure(photos: list[bytes]) -> list[float]:
    """CPU seconds of each upload request, in this process."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.auth.roles import Role
    from tests.fixtures.harness import Harness, make_settings

    with tempfile.TemporaryDirectory(prefix="claimsight-upload-cpu-") as tmp:
        settings = make_settings(
            f"sqlite:///{tmp}/claimsight.db",
            Path(tmp) / "var",
            jobs={"enabled": False},
            detector={"enabled": False},
            parts={"enabled": False},
            ocr={"enabled": False},
        )
        app = create_app(settings)
        with TestClient(app) as client:
            h = Harness(client=client, state=app.state.claimsight)
            _, customer = h.login(Role.CUSTOMER)
            claim_id = str(h.create_claim(customer)["id"])
            h.upload_photo(customer, claim_id)  # warm-up: first-request imports and caches
            costs = []
            for data in photos:
                began = time.process_time()
                response = h.upload_photo(customer, claim_id, data)
                costs.append(time.process_time() - began)
                assert response.status_code in (200, 201), response.text
    return costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20, help="uploads of each kind")
    args = parser.parse_args()
    from scripts import scale_rig as rig
    from tests.fixtures import images

    kinds: dict[str, Callable[[], list[bytes]]] = {
        "benchmark photos (rig.photos)": lambda: rig.photos(args.uploads),
        "640x480 generated JPEG": lambda: [images.jpeg(seed=s, size=(640, 480)) for s in range(1, args.uploads + 1)],
        "4032x3024 phone-sized JPEG": lambda: _phone_photos(max(3, args.uploads // 4)),
    }
    print("| photos | uploads | mean KB | CPU s per upload (median) | mean |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, make in kinds.items():
        photos = make()
        costs = measure(photos)
        kb = statistics.mean(len(p) for p in photos) / 1024
        print(f"| {name} | {len(costs)} | {kb:.0f} | {statistics.median(costs):.4f} | {statistics.mean(costs):.4f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
