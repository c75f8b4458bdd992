"""A few photos of a built dataset, as their own YOLO dataset, for one-epoch smoke tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml


def tiny_subset(full: Path, out: Path, *, train: int, val: int) -> Path:
    """Copy the first ``train``/``val`` photos (and labels) of ``full`` to ``out``; returns its data.yaml
    (val doubles as test)."""
    for split, count in (("train", train), ("val", val)):
        (out / "images" / split).mkdir(parents=True)
        (out / "labels" / split).mkdir(parents=True)
        for image in sorted((full / "images" / split).glob("*.jpg"))[:count]:
            shutil.copy(image, out / "images" / split / image.name)
            label = full / "labels" / split / (image.stem + ".txt")
            shutil.copy(label, out / "labels" / split / label.name)
    data = yaml.safe_load((full / "data.yaml").read_text())
    data.update(path=str(out), test="images/val")
    (out / "data.yaml").write_text(yaml.safe_dump(data))
    return out / "data.yaml"
