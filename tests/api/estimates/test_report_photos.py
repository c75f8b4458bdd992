"""The report decodes a large photo only as large as it shows it, with the boxes where they belong."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from api.estimates.reporting import _annotated
from api.reports import PhotoBox
from api.reports.photos import COLOURS
from api.storage.backends.local import LocalBlobStore
from pricing import DamageType


def test_a_large_photo_is_shown_reduced_with_its_boxes_scaled(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (2560, 1920), (128, 128, 128)).save(buffer, "JPEG", quality=95)
    blobs = LocalBlobStore(tmp_path)
    stored = blobs.put(buffer.getvalue())
    box = PhotoBox((400.0, 600.0, 1200.0, 1400.0), "dent", "hood", 0.9)

    photo = _annotated(blobs, photo_sha256=stored.sha256, photo_id="p1", n=1, boxes=[box])

    assert (photo.width, photo.height) == (1280, 960)
    assert photo.boxes == (box,)  # the caption keeps the photo's own coordinates
    pixels = np.asarray(Image.open(io.BytesIO(photo.jpeg)))
    outline = np.array(COLOURS[DamageType.DENT], float)
    assert np.abs(pixels[500, 201].astype(float) - outline).max() < 40  # the left edge, at half scale
    assert np.abs(pixels[500, 400].astype(float) - 128).max() < 10  # inside the box: the photo
