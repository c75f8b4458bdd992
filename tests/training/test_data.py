"""The merged damage dataset: rebuilt from ../shared, it must match the committed manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.data import MANIFEST_PATH, build, label_to_xywhn, load_taxonomy

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "datasets").is_dir(), reason="../shared/datasets is not present")


def test_polygons_and_boxes_become_clipped_boxes() -> None:
    assert label_to_xywhn([0.5, 0.5, 0.2, 0.4]) == [0.5, 0.5, 0.2, 0.4]
    assert label_to_xywhn([0.1, 0.2, 0.3, 0.2, 0.3, 0.6]) == [0.2, 0.4, 0.2, 0.4]
    assert label_to_xywhn([0.9, 0.5, 0.4, 0.2]) == [0.85, 0.5, 0.3, 0.2]  # clipped at the right edge


def test_taxonomy_maps_only_onto_served_classes() -> None:
    taxonomy = load_taxonomy()
    for source in taxonomy.sources:
        for target in taxonomy.targets(source).values():
            assert target is None or target.class_ in taxonomy.served_classes
    assert set(taxonomy.untrained_classes) == {"crack", "tire_flat"}


@needs_shared
@pytest.mark.shared
def test_rebuilding_reproduces_the_committed_manifest(tmp_path: Path) -> None:
    manifest = build(SHARED, tmp_path / "damage", tmp_path / "manifest.json")

    committed = json.loads(MANIFEST_PATH.read_text())
    assert manifest["hash"] == committed["hash"]
    splits: dict[str, str] = {}
    for entry in manifest["entries"]:
        for source in entry["sources"]:
            assert splits.setdefault(source, entry["split"]) == entry["split"]
        assert (tmp_path / "damage" / "images" / entry["split"] / entry["file"]).is_file()
    files = [e["file"] for e in manifest["entries"]]
    assert len(files) == len(set(files))
    trained = {inst["class"] for e in manifest["entries"] for inst in e["instances"]}
    assert trained == {"dent", "scratch", "glass_shatter", "lamp_broken"}
