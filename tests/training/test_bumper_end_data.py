"""The bumper-end dataset (training/bumper_end_data.py) on a tiny whole-car dataset written by the test."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from training.bumper_end_data import MANIFEST_PATH, build

NAMES = {0: "front_bumper", 1: "back_bumper", 2: "hood"}
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def _photo(root: Path, split: str, stem: str, rows: list[str], seed: int) -> None:
    for folder in ("images", "labels"):
        (root / folder / split).mkdir(parents=True, exist_ok=True)
    pixels = np.random.default_rng(seed).integers(0, 255, (300, 400, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(root / "images" / split / f"{stem}.jpg", quality=95)
    (root / "labels" / split / f"{stem}.txt").write_text("\n".join(rows) + "\n")


def _shared(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    front = "0 0.1 0.6 0.9 0.6 0.9 0.9 0.1 0.9"  # a bumper polygon across the lower photo
    back = "1 0.2 0.55 0.8 0.55 0.8 0.85 0.2 0.85"
    tiny = "1 0.5 0.5 0.52 0.5 0.52 0.52 0.5 0.52"  # too small to zoom into
    hood = "2 0.2 0.1 0.8 0.1 0.8 0.4 0.2 0.4"
    for source in ("dsmlr-carparts", "carparts"):
        root = shared / "datasets" / source
        root.mkdir(parents=True)
        (root / "data.yaml").write_text("names:\n" + "".join(f"  {k}: {v}\n" for k, v in NAMES.items()))
        _photo(root, "train", "same", [front, hood], seed=1)  # one photo held by both sources
    dsmlr = shared / "datasets" / "dsmlr-carparts"
    _photo(dsmlr, "val", "rear", [back, tiny], seed=2)
    _photo(dsmlr, "test", "front", [front], seed=3)
    return shared


def test_crops_go_to_their_photos_split_and_end_each_photo_once(tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"

    summary = build(_shared(tmp_path), out, manifest_path=manifest)

    assert summary["duplicates_dropped"] == 1
    assert summary["counts"] == {
        "train/front": 4, "train/back": 0, "val/front": 0, "val/back": 4, "test/front": 4, "test/back": 0
    }  # fmt: skip
    written = sorted(p.relative_to(out).parent.as_posix() for p in out.rglob("*.jpg"))
    assert written == ["test/front"] * 4 + ["train/front"] * 4 + ["val/back"] * 4
    entries = json.loads(manifest.read_text())["entries"]
    assert {e["source"].split("/")[0] for e in entries if e["split"] == "train"} == {"dsmlr-carparts"}
    for entry in entries:
        x0, y0, x1, y1 = entry["crop_xyxy"]
        assert 0 <= x0 < x1 <= 400 and 0 <= y0 < y1 <= 300


def test_the_build_is_reproducible(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    first = build(shared, tmp_path / "a", manifest_path=tmp_path / "a.json")
    second = build(shared, tmp_path / "b", manifest_path=tmp_path / "b.json")
    assert first["hash"] == second["hash"]


@pytest.mark.skipif(not (SHARED / "datasets" / "dsmlr-carparts").is_dir(), reason="../shared not beside the repo")
def test_the_committed_manifest_is_what_the_builder_makes(tmp_path: Path) -> None:
    summary = build(SHARED, tmp_path / "out", manifest_path=tmp_path / "manifest.json")
    assert summary["hash"] == json.loads(MANIFEST_PATH.read_text())["hash"]
