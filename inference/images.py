"""Decode photo bytes into an upright RGB array the detector can read."""

from __future__ import annotations

import io
import warnings

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, UnidentifiedImageError

from inference.errors import ImageTooLarge, ImageTooSmall, UnsupportedImage

MIN_SIDE = 32
MAX_PIXELS = 40_000_000
BACKGROUND = (114, 114, 114)  # alpha is composited onto the letterbox grey


def decode_image(data: bytes, *, max_pixels: int = MAX_PIXELS, min_side: int = MIN_SIDE) -> npt.NDArray[np.uint8]:
    """Bytes of a JPEG/PNG/WebP/... photo → ``(H, W, 3) uint8`` RGB, EXIF orientation applied.

    Greyscale, CMYK, 16-bit, palette and alpha images are converted; the pixel
    count is checked from the header before anything is decoded.

    >>> import io; buf = io.BytesIO(); Image.new("L", (40, 40)).save(buf, "PNG")
    >>> decode_image(buf.getvalue()).shape
    (40, 40, 3)
    """
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
    try:
        im.load()
        upright: Image.Image = ImageOps.exif_transpose(im)
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnsupportedImage("corrupt or truncated image") from exc
    return to_rgb(upright)


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
