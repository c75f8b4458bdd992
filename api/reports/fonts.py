"""The CJK font the report draws with: Noto Sans CJK SC from the ``noto-cjk-sans-otc`` package.

The font travels as a Python package (OFL-1.1), so nothing is downloaded at run time and the
report renders the same on any machine that ``pip install``-ed the project.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Final

from PIL import ImageFont

FONT_PACKAGE: Final = "noto_cjk_sans_otc"
FONT_FILE: Final = "NotoSansCJK-Regular.ttc"
# Faces of NotoSansCJK-Regular.ttc in order: JP, KR, SC, TC, HK, then the Mono faces.
SIMPLIFIED_CHINESE_FACE: Final = 2


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of the installed Noto Sans CJK collection (a ``.ttc`` file)."""
    path = Path(str(files(FONT_PACKAGE).joinpath(FONT_FILE)))
    if not path.is_file():
        raise FileNotFoundError(f"CJK font missing at {path}; reinstall noto-cjk-sans-otc")
    return path


@lru_cache(maxsize=8)
def pil_font(size: int) -> ImageFont.FreeTypeFont:
    """The Simplified Chinese face at ``size`` pixels, for drawing on photos."""
    return ImageFont.truetype(str(cjk_font_path()), size=size, index=SIMPLIFIED_CHINESE_FACE)
