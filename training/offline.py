"""Make Ultralytics run with no network: no update checks, installs, analytics or font downloads.

Call :func:`prepare` before importing ultralytics.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = REPO_ROOT / "var" / "ultralytics-config"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


def _font_source() -> Path:
    """A TTF to stand in for Arial (class names are ASCII; the file only has to exist and parse)."""
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    import matplotlib  # shipped with ultralytics; carries DejaVu fonts

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def prepare(config_dir: Path = CONFIG_DIR) -> Path:
    """Set the environment and place fonts so that Ultralytics never reaches the network."""
    fonts = config_dir / "Ultralytics"
    fonts.mkdir(parents=True, exist_ok=True)
    source = _font_source()
    for name in ("Arial.ttf", "Arial.Unicode.ttf"):
        if not (fonts / name).exists():
            shutil.copyfile(source, fonts / name)
    os.environ["YOLO_CONFIG_DIR"] = str(config_dir)
    os.environ["YOLO_OFFLINE"] = "1"
    os.environ["YOLO_AUTOINSTALL"] = "False"
    os.environ["YOLO_VERBOSE"] = os.environ.get("YOLO_VERBOSE", "True")
    os.environ["ULTRALYTICS_SAFE_LOAD"] = "1"
    return config_dir


def restore_pil_open() -> None:
    """Undo Ultralytics' patch of ``PIL.Image.open``: on a file Pillow cannot identify, the patch tries to
    pip-install a HEIF plugin (a network call, refused offline) and raises ``ModuleNotFoundError``
    where our decoders expect ``UnidentifiedImageError`` — so garbage bytes no longer read as garbage."""
    from PIL import Image
    from ultralytics.utils import patches

    original = getattr(patches, "_image_open", None)
    if original is not None and Image.open is not original:
        Image.open = original


def disable_sync() -> None:
    """After import: turn off analytics sync and the third-party logger integrations, and undo the
    patch that would install packages (:func:`restore_pil_open`)."""
    restore_pil_open()
    from ultralytics.utils import SETTINGS

    SETTINGS.update(
        {
            "sync": False,
            "clearml": False,
            "comet": False,
            "dvc": False,
            "mlflow": False,
            "raytune": False,
            "vscode_msg": False,
        }
    )
