"""Damage dataset v2: the builder is deterministic, synthetic images stay in train, negatives have no label."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

cv2 = pytest.importorskip("cv2")

from training.data_v2 import MANIFEST_PATH, build, dataset_digest, is_rectangle, load_taxonomy  # noqa: E402

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
HOOD = [0.2, 0.3, 0.8, 0.25, 0.85, 0.6, 0.5, 0.7, 0.15, 0.6]
TAXONOMY = {
    "served_classes": ["dent", "scratch", "crack", "glass_shatter", "lamp_broken", "tire_flat"],
    "untrained_classes": ["crack", "tire_flat"],
    "sources": {"lensor-damage": {"minor-dent": {"class": "dent", "severity": "minor"}, "moderate-broken": "exclude"}},
    "whole_cars": "dsmlr-carparts",
    "synthetic": {
        "seed": 0,
        "images": 2,
        "pastes_per_image": [1, 2],
        "donors": {"lensor-damage": ["minor-dent"]},
        "class_weights": {"dent": 1.0},
    },
}


def write_folder(root: Path, names: list[str], photos: dict[str, list[str]], seed: int) -> None:
    gen = np.random.default_rng(seed)
    for split, labels in photos.items():
        (root / "images" / split).mkdir(parents=True)
        (root / "labels" / split).mkdir(parents=True)
        for i, label in enumerate(labels):
            image = np.clip(gen.normal(120 + 30 * i, 25, (120, 160, 3)), 0, 255).astype(np.uint8)
            cv2.imwrite(str(root / "images" / split / f"{split}{i}.jpg"), image)
            (root / "labels" / split / f"{split}{i}.txt").write_text(label + "\n")
    (root / "data.yaml").write_text(yaml.safe_dump({"names": dict(enumerate(names))}))


def tiny_shared(root: Path) -> Path:
    dent = "0 " + " ".join(str(v) for v in [0.1, 0.1, 0.6, 0.15, 0.5, 0.7, 0.15, 0.5])
    write_folder(
        root / "datasets" / "lensor-damage",
        ["minor-dent", "moderate-broken"],
        {"train": [dent, dent + "\n1 0.7 0.7 0.2 0.2"], "val": [dent], "test": [dent]},
        seed=1,
    )
    hood = "0 " + " ".join(str(v) for v in HOOD)
    write_folder(
        root / "datasets" / "dsmlr-carparts",
        ["hood"],
        {"train": [hood, hood, hood, hood], "val": [hood], "test": [hood]},
        seed=2,
    )
    (root / "taxonomy.yaml").write_text(yaml.safe_dump(TAXONOMY))
    return root


def test_box_only_labels_are_not_donors() -> None:
    assert is_rectangle([0.1, 0.1, 0.5, 0.1, 0.5, 0.4, 0.1, 0.4])
    assert not is_rectangle(HOOD)


def test_the_builder_is_deterministic_and_keeps_synthetic_images_in_train(tmp_path: Path) -> None:
    shared = tiny_shared(tmp_path / "shared")
    first = build(shared, tmp_path / "a", tmp_path / "a.json", shared / "taxonomy.yaml")
    second = build(shared, tmp_path / "b", tmp_path / "b.json", shared / "taxonomy.yaml")

    assert first["hash"] == second["hash"]
    assert dataset_digest(tmp_path / "a") == dataset_digest(tmp_path / "b")  # same bytes, image for image
    kinds = {(e["split"], e["kind"]) for e in first["entries"]}
    assert ("train", "synthetic") in kinds
    assert not {k for k in kinds if k[1] == "synthetic" and k[0] != "train"}
    counts = first["counts"]
    assert counts["train"]["synthetic"]["images"] == 2 and counts["train"]["negative"]["images"] == 2
    assert counts["val"]["negative"]["images"] == 1 and counts["test"]["real"]["dent"] == 1
    for entry in first["entries"]:
        label = tmp_path / "a" / "labels" / entry["split"] / (Path(entry["file"]).stem + ".txt")
        lines = label.read_text().split()
        assert len(lines) == 5 * len(entry["instances"])  # negatives: an empty label file (background)
        for inst in entry["instances"]:
            if entry["kind"] == "synthetic":
                cx, cy, w, h = inst["xywhn"]
                xs, ys = HOOD[0::2], HOOD[1::2]
                assert min(xs) - 0.01 <= cx - w / 2 and cx + w / 2 <= max(xs) + 0.01  # on the hood
                assert min(ys) - 0.01 <= cy - h / 2 and cy + h / 2 <= max(ys) + 0.01
                assert inst["class"] == "dent" and inst["panel"] == "hood"


def test_committed_taxonomy_names_the_claimvision_decisions() -> None:
    taxonomy = load_taxonomy()
    table = taxonomy.targets("claimvision-damaged-parts")
    assert table["light_damage"] is not None and table["light_damage"].class_ == "lamp_broken"
    assert table["windscreen_damage"] is not None and table["windscreen_damage"].class_ == "glass_shatter"
    assert all(table[name] is None for name in ("bumper_damage", "door_damage", "side_panel_damage"))


@pytest.mark.shared
@pytest.mark.slow
def test_rebuilding_reproduces_the_committed_v2_manifest(tmp_path: Path) -> None:
    if not (SHARED / "datasets").is_dir():
        pytest.skip("../shared/datasets is not present")
    manifest = build(SHARED, tmp_path / "damage-v2", tmp_path / "manifest.json")
    committed = json.loads(MANIFEST_PATH.read_text())
    assert manifest["hash"] == committed["hash"]
    assert not [e for e in manifest["entries"] if e["kind"] == "synthetic" and e["split"] != "train"]
