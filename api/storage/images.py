"""Photo checks at upload, kept cheap (the upload runs on the API host; the full decode for the
models and the quality check run in the assessment job, on a worker where Ray is used): the type
from the bytes, the pixel limit and shape from the header, EXIF capture time and orientation,
GPS read and stripped (``api.storage.exif``), and the pHash. A JPEG is decoded at 1/8 scale for
the pHash (the decoder still reads every byte, so a truncated file is refused here); only a photo
that must be re-encoded (an EXIF rotation to apply, or GPS to strip from a PNG/WebP) and PNG/WebP
photos (no reduced decode) are decoded in full."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import imagehash
from PIL import Image, ImageOps, UnidentifiedImageError

from api.storage.errors import CorruptImage, ImageTooLarge, PhotoAspectRatio, PhotoTooSmall, UnsupportedFileType
from api.storage.exif import gps_position, has_gps, jpeg_without_gps, without_gps
from api.storage.media import PHOTO_TYPES, MediaType, sniff

_PIL_FORMATS = {MediaType.JPEG: "JPEG", MediaType.PNG: "PNG", MediaType.WEBP: "WEBP"}
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_DATETIME = 0x0132
_ORIENTATION = 0x0112
# The pHash looks at a 32x32 grey copy: a JPEG is decoded no larger than needed for that.
_PHASH_DECODE_SIDE = 256


@dataclass(frozen=True)
class PreparedPhoto:
    data: bytes  # what is stored: the original bytes, or the upright re-encoding
    media_type: MediaType
    width: int
    height: int
    captured_at: datetime | None  # UTC
    phash: str  # 16 hex digits
    gps: tuple[float, float] | None = None  # (lat, lon) read from EXIF; never in ``data``


def _parse_offset(raw: object) -> tzinfo | None:
    if not isinstance(raw, str) or len(raw) != 6 or raw[0] not in "+-":
        return None
    try:
        hours, minutes = int(raw[1:3]), int(raw[4:6])
    except ValueError:
        return None
    sign = 1 if raw[0] == "+" else -1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def capture_time(image: Image.Image, *, default_tz: tzinfo) -> datetime | None:
    """EXIF DateTimeOriginal (else DateTime) as UTC; local camera time is read in
    ``OffsetTimeOriginal`` if present, else in ``default_tz``. None if absent or unreadable."""
    exif = image.getexif()
    sub = exif.get_ifd(_EXIF_IFD)
    raw = sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        local = datetime.strptime(raw.strip("\x00 ").strip(), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    tz = _parse_offset(sub.get(_OFFSET_TIME_ORIGINAL)) or default_tz
    return local.replace(tzinfo=tz).astimezone(UTC)


def check_shape(width: int, height: int, *, min_side: int, max_aspect: float) -> None:
    """A photo the models can read: ``min_side`` px on its short side, sides at most ``max_aspect`` to 1."""
    if min(width, height) < min_side:
        raise PhotoTooSmall(f"{width}x{height} px: a photo needs at least {min_side} px on its short side.")
    if max(width, height) > max_aspect * min(width, height):
        raise PhotoAspectRatio(
            f"{width}x{height} px: the long side may be at most {max_aspect:g} times the short side."
        )


def prepare_photo(
    data: bytes, *, max_pixels: int, default_tz: tzinfo, min_side: int = 1, max_aspect: float = float("inf")
) -> PreparedPhoto:
    """Check and normalise an uploaded photo.

    Raises ``UnsupportedFileType`` (not JPEG/PNG/WebP by its bytes), ``ImageTooLarge`` (more
    than ``max_pixels``: decompression bombs are refused before decoding), ``PhotoTooSmall`` /
    ``PhotoAspectRatio`` (see :func:`check_shape`; checked from the header, before decoding),
    ``CorruptImage`` (truncated or undecodable). A photo with an EXIF orientation is stored upright.
    """
    media_type = sniff(data)
    if media_type not in PHOTO_TYPES:
        raise UnsupportedFileType("Photos must be JPEG, PNG or WebP.")
    assert media_type is not None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[media_type]])
            width, height = image.size
            if width * height > max_pixels:
                raise ImageTooLarge(f"{width}x{height} is {width * height} pixels; the limit is {max_pixels}.")
            check_shape(width, height, min_side=min_side, max_aspect=max_aspect)
            exif = image.getexif()
            rotated = exif.get(_ORIENTATION, 1) not in (1, None)
            xmp = "xmp" in image.info or "XML:com.adobe.xmp" in image.info
            reencode = rotated or (media_type is not MediaType.JPEG and (has_gps(exif) or xmp))
            if media_type is MediaType.JPEG and not reencode:
                image.draft("L", (_PHASH_DECODE_SIDE, _PHASH_DECODE_SIDE))  # a 1/2..1/8-scale decode
            image.load()  # every byte is read: truncated files fail here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge("The image declares more pixels than allowed.") from exc
    except (ImageTooLarge, PhotoTooSmall, PhotoAspectRatio):
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptImage("The image could not be decoded completely.") from exc

    captured_at = capture_time(image, default_tz=default_tz)
    gps = gps_position(exif) if has_gps(exif) else None
    stored = data
    upright: Image.Image = image
    if rotated:
        upright = ImageOps.exif_transpose(image)
        stored = _encode(upright, media_type, without_gps(upright.getexif()))
        width, height = upright.size
    elif media_type is MediaType.JPEG and (has_gps(exif) or xmp):
        stored = jpeg_without_gps(data, exif)  # lossless: only the metadata segments change
    elif has_gps(exif) or xmp:
        stored = _encode(image, media_type, without_gps(exif))
    phash = str(imagehash.phash(upright))
    return PreparedPhoto(
        data=stored,
        media_type=media_type,
        width=width,
        height=height,
        captured_at=captured_at,
        phash=phash,
        gps=gps,
    )


def _encode(image: Image.Image, media_type: MediaType, exif: Image.Exif) -> bytes:
    buffer = io.BytesIO()
    save_kwargs: dict[str, object] = {"exif": exif.tobytes()}
    if media_type is not MediaType.PNG:
        save_kwargs.update(quality=95)
    image.save(buffer, format=_PIL_FORMATS[media_type], **save_kwargs)
    return buffer.getvalue()


def hamming(a_hex: str, b_hex: str) -> int:
    return (int(a_hex, 16) ^ int(b_hex, 16)).bit_count()
