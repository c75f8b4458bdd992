from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from inference.errors import ImageTooLarge, ImageTooSmall, UnsupportedImage
from inference.images import decode_image


def encode(im: Image.Image, fmt: str = "PNG", **kwargs: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kwargs)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("image", "fmt", "expected_rgb"),
    [
        (Image.new("L", (64, 48), 128), "PNG", (128, 128, 128)),
        (Image.new("CMYK", (64, 48), (0, 0, 0, 0)), "JPEG", (255, 255, 255)),
        (Image.fromarray(np.full((48, 64), 65535, np.uint16)), "PNG", (255, 255, 255)),
        (Image.new("RGBA", (64, 48), (255, 0, 0, 0)), "PNG", (114, 114, 114)),
        (Image.new("RGBA", (64, 48), (255, 0, 0, 255)), "PNG", (255, 0, 0)),
        (Image.new("RGB", (64, 48), (0, 0, 0)), "PNG", (0, 0, 0)),
        (Image.new("P", (64, 48), 3), "PNG", None),
    ],
    ids=["grey", "cmyk", "16-bit", "transparent", "opaque-alpha", "black", "palette"],
)
def test_every_mode_becomes_rgb_uint8(image: Image.Image, fmt: str, expected_rgb: tuple[int, int, int] | None) -> None:
    decoded = decode_image(encode(image, fmt))

    assert decoded.shape == (48, 64, 3) and decoded.dtype == np.uint8
    if expected_rgb is not None:
        assert tuple(int(v) for v in decoded[0, 0]) == pytest.approx(expected_rgb, abs=2)


def test_exif_rotation_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = encode(Image.new("RGB", (80, 40)), "JPEG", exif=exif)

    assert decode_image(data).shape == (80, 40, 3)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"%PDF-1.7 not an image", UnsupportedImage),
        (b"", UnsupportedImage),
        (encode(Image.new("RGB", (640, 480)), "JPEG")[:300], UnsupportedImage),
        (encode(Image.new("RGB", (20, 300))), ImageTooSmall),
        (encode(Image.new("1", (8000, 6000))), ImageTooLarge),
    ],
    ids=["pdf", "empty", "truncated-jpeg", "tiny", "over-40-megapixels"],
)
def test_bad_bytes_raise_a_clear_error(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        decode_image(data)


def test_model_decode_of_a_large_jpeg_is_reduced_but_keeps_the_photo_size() -> None:
    from inference.images import decode_for_models

    photo = Image.new("RGB", (4000, 3000), (10, 120, 200))
    decoded = decode_for_models(encode(photo, "JPEG"), long_side=640)

    assert decoded.image_rgb.shape == (480, 640, 3) and decoded.image_rgb.dtype == np.uint8
    assert decoded.resolution_wh == (4000, 3000)
    assert decoded.scale == pytest.approx(0.16)
    assert tuple(int(v) for v in decoded.image_rgb[10, 10]) == pytest.approx((10, 120, 200), abs=3)
    boxes = decoded.to_photo_xyxy(np.array([[64, 48, 640, 480]], np.float32))
    assert boxes.tolist() == [[400.0, 300.0, 4000.0, 3000.0]]


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "JPEG"])
def test_model_decode_applies_exif_rotation_before_reducing(fmt: str) -> None:
    from inference.images import decode_for_models

    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    decoded = decode_for_models(encode(Image.new("RGB", (2000, 1000)), fmt, exif=exif), long_side=640)

    assert decoded.resolution_wh == (1000, 2000)
    assert decoded.image_rgb.shape == (640, 320, 3)


def test_model_decode_never_enlarges_a_small_photo() -> None:
    from inference.images import decode_for_models

    decoded = decode_for_models(encode(Image.new("L", (400, 300), 128)), long_side=640)

    assert decoded.image_rgb.shape == (300, 400, 3) and decoded.scale == 1.0


def test_model_decode_refuses_what_decode_image_refuses() -> None:
    from inference.images import decode_for_models

    with pytest.raises(ImageTooLarge):
        decode_for_models(encode(Image.new("1", (8000, 6000))))
    with pytest.raises(UnsupportedImage):
        decode_for_models(encode(Image.new("RGB", (640, 480)), "JPEG")[:300])
