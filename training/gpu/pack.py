"""Pack what the GPU recipe needs into ``var/gpu/`` (the folders the device tool carries).

The device machine gets the working tree and the carried folders (at most 64 MiB in all per call) and
nothing from ../shared. This packs:

* ``common/``: the wheels the device's Python lacks (Ultralytics, pydantic; fetched with pip download),
  the init tensors, ``data.yaml``, ``classes.json`` (the dataset's classes, for the card) and
  ``pack.json`` (the recipe, manifest hash, quality, parts);
* ``part1/`` ... ``partN/``: the recipe's built dataset's train and val images (test stays here: the exported
  ONNX is evaluated on it with ``training.evaluate``) as WebP, longest side at most 640 px (what a
  640 px recipe reads), with their labels, split so that the tree plus ``common`` plus one part fits a
  call. Each part but the last is sent by its own call (a warm machine keeps carried folders between
  calls); the last call carries ``common`` and the last part and trains (README.md).

    python -m training.gpu.pack [--config training/configs/damaged-parts-v1.yaml] [--quality 75]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
PACK = REPO_ROOT / "var" / "gpu"
TREE_LIMIT = 64 * 2**20
HEADROOM = 4 * 2**20  # for files the tree gains between packing and running
MAX_SIDE = 640
SPLITS = ("train", "val")
# Python 3.12 on the device already has torch, torchvision, opencv-python-headless, numpy, pyyaml,
# matplotlib, scipy, pillow, psutil, requests, onnx, onnxruntime and safetensors (.library/device/KINDS.md).
WHEELS = (
    "ultralytics==8.4.190",
    "ultralytics-thop==2.2.3",
    "pydantic==2.14.4",
    "pydantic-core==2.50.5",
    "annotated-types==0.8.0",
    "typing-inspection==0.4.5",
    "typing-extensions==4.16.0",
)
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64")


def tree_bytes() -> int:
    """Bytes of what the device tool sends besides carried folders: tracked and untracked-not-ignored files."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout
    return sum((REPO_ROOT / p).stat().st_size for p in out.decode().split("\0") if p and (REPO_ROOT / p).is_file())


def fetch_wheels(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    subprocess.run(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.12",
            "--implementation",
            "cp",
            *platforms,
            "-d",
            str(folder),
            *WHEELS,
        ],
        check=True,
    )


def resized(image: Path, max_side: int = MAX_SIDE) -> Any:
    import cv2

    pixels = cv2.imread(str(image), cv2.IMREAD_COLOR)
    if pixels is None:
        raise ValueError(f"cannot read {image}")
    h, w = pixels.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    if scale < 1:
        pixels = cv2.resize(pixels, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    return pixels


def webp(pixels: Any, quality: int) -> bytes:
    import cv2

    ok, data = cv2.imencode(".webp", pixels, [cv2.IMWRITE_WEBP_QUALITY, quality])
    if not ok:
        raise ValueError("WebP encoding failed")
    return bytes(data.tobytes())


def images(dataset: Path) -> list[Path]:
    return [p for split in SPLITS for p in sorted((dataset / "images" / split).glob("*.jpg"))]


def encode_parts(
    dataset: Path, out: Path, quality: int, capacity: int, max_side: int = MAX_SIDE
) -> list[dict[str, Any]]:
    """Write the train/val images (WebP) and labels into part1, part2, ... of at most ``capacity`` bytes each."""
    parts: list[dict[str, Any]] = []
    for image in images(dataset):
        split = image.parent.name
        data = webp(resized(image, max_side), quality)
        label = dataset / "labels" / split / (image.stem + ".txt")
        size = len(data) + label.stat().st_size
        if not parts or parts[-1]["bytes"] + size > capacity:
            parts.append({"name": f"part{len(parts) + 1}", "bytes": 0, "images": 0, "splits": []})
        part = parts[-1]
        root = out / str(part["name"])
        (root / "images" / split).mkdir(parents=True, exist_ok=True)
        (root / "labels" / split).mkdir(parents=True, exist_ok=True)
        (root / "images" / split / (image.stem + ".webp")).write_bytes(data)
        shutil.copyfile(label, root / "labels" / split / label.name)
        part["bytes"] += size
        part["images"] += 1
        if split not in part["splits"]:
            part["splits"].append(split)
    return parts


def pack(
    dataset: Path, shared: Path, config: Path, quality: int, out: Path = PACK, max_side: int = MAX_SIDE
) -> dict[str, Any]:
    """Pack ``dataset`` for the recipe ``config`` (any campaign recipe: the detector's or the damaged-part model's)."""
    from training.config import load_config

    if out.exists():
        shutil.rmtree(out)
    common = out / "common"
    fetch_wheels(common / "whl")
    shutil.copyfile(shared / load_config(config).init_weights, common / "init.safetensors")
    common_bytes = sum(p.stat().st_size for p in common.rglob("*") if p.is_file()) + 4096
    capacity = TREE_LIMIT - HEADROOM - tree_bytes() - common_bytes
    if capacity < 2**20:
        raise SystemExit(f"the working tree leaves {capacity} bytes per call: too little for any data")
    parts = encode_parts(dataset, out, quality, capacity, max_side)
    built = json.loads((dataset / "manifest.json").read_text())
    classes = {"classes": built["classes"], "untrained_classes": built.get("untrained_classes", [])}
    (common / "classes.json").write_text(json.dumps(classes) + "\n")
    names = yaml.safe_load((dataset / "data.yaml").read_text())["names"]
    data = {
        "path": "..",  # the pack root, relative to this file (training.gpu.train resolves it so)
        **{s: [f"{p['name']}/images/{s}" for p in parts if s in p["splits"]] for s in SPLITS},
        "names": names,
    }
    (common / "data.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    recipe = config.resolve().relative_to(REPO_ROOT).as_posix()
    info = {
        "config": recipe,
        "manifest_hash": built["hash"],
        "webp_quality": quality,
        "max_side": max_side,
        "capacity_bytes": capacity,
        "parts": parts,
    }
    (common / "pack.json").write_text(json.dumps(info, indent=1) + "\n")
    return info


def main() -> None:
    from training.config import load_config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "training" / "configs" / "detector-v2.yaml")
    parser.add_argument("--dataset", type=Path, default=None, help="default: var/datasets/<the recipe's dataset>")
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--quality", type=int, default=80, help="WebP quality (80: close to the JPEG sources)")
    parser.add_argument(
        "--max-side", type=int, default=MAX_SIDE, help="longest side of a packed image: the --imgsz the run trains at"
    )
    args = parser.parse_args()
    dataset = args.dataset or REPO_ROOT / "var" / "datasets" / load_config(args.config).dataset
    info = pack(dataset, args.shared, args.config, args.quality, max_side=args.max_side)
    print(json.dumps({k: v for k, v in info.items() if k != "parts"} | {"parts": len(info["parts"])}, indent=1))
    for part in info["parts"]:
        print(part)


if __name__ == "__main__":
    main()
