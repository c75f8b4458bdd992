"""The GPU recipe's script parses and its README's smoke command uses arguments the trainer accepts."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

GPU = Path(__file__).resolve().parents[2] / "training" / "gpu"


def test_run_script_is_valid_sh_and_passes_arguments_on() -> None:
    result = subprocess.run(["sh", "-n", str(GPU / "run.sh")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '"$@"' in (GPU / "run.sh").read_text()


def test_readme_smoke_command_names_only_known_options() -> None:
    readme = (GPU / "README.md").read_text()
    smoke = readme.split("-m training.gpu.train", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    options = {word for word in shlex.split(smoke) if word.startswith("--")}
    source = (GPU / "train.py").read_text()
    assert options and all(f'"{option}"' in source for option in options)


def test_pack_carries_any_recipe_with_its_dataset_classes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The damaged-part recipe packs as the detector's does: its init tensors, its images as WebP, its
    classes for the card, and the recipe itself in pack.json, which run.sh hands to the trainer."""
    import json

    import cv2
    import numpy as np

    from training.config import load_config
    from training.gpu import pack

    recipe = Path(__file__).resolve().parents[2] / "training" / "configs" / "damaged-parts-v1.yaml"
    shared = tmp_path / "shared"
    init = shared / load_config(recipe).init_weights
    init.parent.mkdir(parents=True)
    init.write_bytes(b"tensors")
    dataset = tmp_path / "damaged-parts-v1"
    for split in ("train", "val", "test"):
        (dataset / "images" / split).mkdir(parents=True)
        (dataset / "labels" / split).mkdir(parents=True)
        cv2.imwrite(str(dataset / "images" / split / f"{split}1.jpg"), np.full((900, 1200, 3), 128, np.uint8))
        (dataset / "labels" / split / f"{split}1.txt").write_text("3 0.5 0.5 0.2 0.2\n")
    classes = ["bumper", "hood", "trunk_lid", "door"]
    (dataset / "manifest.json").write_text(json.dumps({"hash": "abc", "classes": classes, "untrained_classes": []}))
    (dataset / "data.yaml").write_text("names: {0: bumper, 1: hood, 2: trunk_lid, 3: door}\n")
    monkeypatch.setattr(pack, "fetch_wheels", lambda folder: folder.mkdir(parents=True))
    # The tree as sent with the models and manifests moved aside (training/gpu/README.md): this test is
    # about packing, not about how large the committed files have grown.
    monkeypatch.setattr(pack, "tree_bytes", lambda: 20 * 2**20)

    info = pack.pack(dataset, shared, recipe, 80, out=tmp_path / "gpu")

    common = tmp_path / "gpu" / "common"
    assert info["config"] == "training/configs/damaged-parts-v1.yaml"
    assert json.loads((common / "pack.json").read_text())["config"] == info["config"]
    assert json.loads((common / "classes.json").read_text()) == {"classes": classes, "untrained_classes": []}
    assert (common / "init.safetensors").read_bytes() == b"tensors"
    webp = sorted(p.name for p in (tmp_path / "gpu").rglob("*.webp"))
    assert webp == ["train1.webp", "val1.webp"]  # test stays here
    (image,) = (tmp_path / "gpu").rglob("train1.webp")
    pixels = cv2.imread(str(image))
    assert pixels is not None and max(pixels.shape[:2]) == 640
    assert '--config "$RECIPE"' in (GPU / "run.sh").read_text()


def test_max_side_packs_images_at_the_size_the_run_reads(tmp_path: Path) -> None:
    """A 416 px run (the damaged-part model) is packed at 416 px: fewer bytes per call, nothing it would read lost."""
    import cv2
    import numpy as np

    from training.gpu import pack

    dataset = tmp_path / "d"
    (dataset / "images" / "train").mkdir(parents=True)
    (dataset / "labels" / "train").mkdir(parents=True)
    cv2.imwrite(str(dataset / "images" / "train" / "a.jpg"), np.full((900, 1200, 3), 128, np.uint8))
    (dataset / "labels" / "train" / "a.txt").write_text("0 0.5 0.5 0.2 0.2\n")

    parts = pack.encode_parts(dataset, tmp_path / "gpu", 80, 10**9, max_side=416)

    pixels = cv2.imread(str(tmp_path / "gpu" / "part1" / "images" / "train" / "a.webp"))
    assert parts[0]["images"] == 1 and pixels is not None and pixels.shape[:2] == (312, 416)
