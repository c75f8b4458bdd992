"""Decode photo bytes into an upright RGB array the detector can read."""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, UnidentifiedImageError

from inference.errors import ImageTooLarge, ImageTooSmall, UnsupportedImage

MIN_SIDE = 32
MAX_PIXELS = 40_000_000
BACKGROUND = (114, 114, 114)  # alpha is composited onto the letterbox grey
MODEL_SIDE = 640  # the longest side the models need: >= every model's input and the quality gate's 640 px
_ORIENTATION = 0x0112
_SWAPS_SIDES = frozenset({5, 6, 7, 8})  # EXIF orientations that turn the photo by 90°


def decode_image(data: bytes, *, max_pixels: int = MAX_PIXELS, min_side: int = MIN_SIDE) -> npt.NDArray[np.uint8]:
    """Bytes of a JPEG/PNG/WebP/... photo → ``(H, W, 3) uint8`` RGB, EXIF orientation applied.

    Greyscale, CMYK, 16-bit, palette and alpha images are converted; the pixel
    count is checked from the header before anything is decoded.

    >>> import io; buf = io.BytesIO(); Image.new("L", (40, 40)).save(buf, "PNG")
    >>> decode_image(buf.getvalue()).shape
    (40, 40, 3)
    """
    im = _open_checked(data, max_pixels=max_pixels, min_side=min_side)
    try:
        im.load()
        upright: Image.Image = ImageOps.exif_transpose(im)
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnsupportedImage("corrupt or truncated image") from exc
    return to_rgb(upright)


def _open_checked(data: bytes, *, max_pixels: int, min_side: int) -> Image.Image:
    """Open (header only) and check the pixel count and the short side before anything is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise UnsupportedImage("not a readable image") from exc
    except OSError as exc:
        raise UnsupportedImage("corrupt or truncated image") from exc
    width, height = im.size
    if width * height > max_pixels:
        raise ImageTooLarge(f"{width}x{height} is over the {max_pixels:,}-pixel limit")
    if min(width, height) < min_side:
        raise ImageTooSmall(f"{width}x{height} is smaller than {min_side} px on a side")
    return im


@dataclass(frozen=True)
class ModelImage:
    """A photo decoded for the models: at most ``long_side`` px, with the upright photo's own size.

    Boxes found on ``image_rgb`` map back to photo pixels with :meth:`to_photo_xyxy`.
    """

    image_rgb: npt.NDArray[np.uint8]
    resolution_wh: tuple[int, int]  # the upright photo's size in pixels

    @property
    def scale(self) -> float:
        """``image_rgb`` pixels per photo pixel (1.0 when the photo was small enough)."""
        return self.image_rgb.shape[1] / self.resolution_wh[0]

    def to_photo_xyxy(self, xyxy: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Boxes on ``image_rgb`` → boxes in the photo's pixels, clipped to the photo."""
        height, width = self.image_rgb.shape[:2]
        photo_w, photo_h = self.resolution_wh
        out = np.asarray(xyxy, np.float32).reshape(-1, 4).copy()
        out[:, [0, 2]] = (out[:, [0, 2]] * (photo_w / width)).clip(0, photo_w)
        out[:, [1, 3]] = (out[:, [1, 3]] * (photo_h / height)).clip(0, photo_h)
        return out


def decode_for_models(
    data: bytes, *, long_side: int = MODEL_SIDE, max_pixels: int = MAX_PIXELS, min_side: int = MIN_SIDE
) -> ModelImage:
    """Decode only the pixels the models need: an upright RGB copy whose longest side is ``long_side``.

    A JPEG is decoded at 1/2, 1/4 or 1/8 scale by the JPEG decoder itself (``Image.draft``), so a
    12 MP photo never exists at full size in memory; other formats are decoded once and shrunk
    (area filter) before they become an array. A smaller photo is never enlarged.

    >>> buf = io.BytesIO(); Image.new("RGB", (4000, 3000)).save(buf, "JPEG")
    >>> found = decode_for_models(buf.getvalue(), long_side=640)
    >>> found.image_rgb.shape, found.resolution_wh
    ((480, 640, 3), (4000, 3000))
    """
    im = _open_checked(data, max_pixels=max_pixels, min_side=min_side)
    width, height = im.size
    try:
        orientation = im.getexif().get(_ORIENTATION, 1)
        photo_wh = (height, width) if orientation in _SWAPS_SIDES else (width, height)
        factor = long_side / max(width, height)
        if factor < 1 and im.format == "JPEG":
            im.draft(None, (math.ceil(width * factor), math.ceil(height * factor)))
        im.load()
        small = _shrink(im, long_side)
        upright: Image.Image = ImageOps.exif_transpose(small)
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnsupportedImage("corrupt or truncated image") from exc
    return ModelImage(to_rgb(upright), photo_wh)


def _shrink(im: Image.Image, long_side: int) -> Image.Image:
    width, height = im.size
    factor = long_side / max(width, height)
    if factor >= 1:
        return im
    if im.mode == "P":
        im = im.convert("RGBA")
    elif im.mode == "1":
        im = im.convert("L")
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    shrunk = im.resize(size, Image.Resampling.BOX, reducing_gap=2.0)
    shrunk.info.update(im.info)  # keep transparency and EXIF for what follows
    if "exif" not in shrunk.info:
        shrunk.getexif().update(im.getexif())
    return shrunk


def to_rgb(im: Image.Image) -> npt.NDArray[np.uint8]:
    """Any Pillow mode → 8-bit RGB array."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        wide = np.asarray(im, np.uint32)
        peak = 65535 if im.mode.startswith("I;16") or wide.max(initial=0) > 255 else 255
        grey = (wide * 255 // peak).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2)
    if im.mode == "F":
        grey = np.clip(np.asarray(im, np.float32), 0, 255).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2)
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA") or (im.mode in ("RGB", "L") and "transparency" in im.info):
        rgba = im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, BACKGROUND)
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        im = canvas
    return np.ascontiguousarray(np.asarray(im.convert("RGB"), np.uint8))
