"""Ultralytics imported for training leaves Pillow as the serving code knows it (training/offline.py)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, UnidentifiedImageError


def test_garbage_is_unidentified_again_after_ultralytics_is_imported() -> None:
    pytest.importorskip("ultralytics")
    from training import offline

    offline.prepare()
    import ultralytics.utils.patches  # noqa: F401  (patches Image.open on import)

    offline.disable_sync()

    with pytest.raises(UnidentifiedImageError):
        Image.open(io.BytesIO(b"hello"))
