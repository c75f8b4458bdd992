"""An uploaded file to the page OCR reads: photos decoded at reduced scale, PDFs rendered,
bad files refused, and every box given back in the uploaded image's pixels."""

from __future__ import annotations

import io
import random
from typing import Any

import numpy as np
import pytest
from PIL import Image

from inference.errors import ImageTooSmall, UnsupportedImage
from inference.ocr.engine import OcrEngine
from inference.ocr.errors import UnsupportedDocument
from inference.ocr.fields import DocumentKind, Extraction
from inference.ocr.upload import DOCUMENT_SIDE, decode_document, read_page
from tests.inference.ocr.fakes import FakeOcrEngine
from tests.inference.ocr.test_extract import ID_FRONT_MERGED

EXIF_ORIENTATION = 0x0112


def _png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_images_decode() -> None:
    assert decode_document(_png((200, 100))).image_rgb.shape == (100, 200, 3)


@pytest.mark.parametrize(("data", "error"), [(b"hello", UnsupportedImage), (b"%PDF-1.4 broken", UnsupportedDocument)])
def test_garbage_is_refused(data: bytes, error: type[Exception]) -> None:
    pytest.importorskip("pypdfium2")
    with pytest.raises(error):
        decode_document(data)


def test_tiny_images_are_refused() -> None:
    with pytest.raises(ImageTooSmall):
        decode_document(_png((10, 10)))


def test_pdf_first_page_is_rendered() -> None:
    pytest.importorskip("pypdfium2")
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (600, 400), "white"), Image.new("RGB", (300, 300), "black")
    first.save(buffer, "PDF", save_all=True, append_images=[second])
    image = decode_document(buffer.getvalue()).image_rgb
    assert max(image.shape[:2]) == 1600
    assert image.shape[1] > image.shape[0]  # the landscape first page, not the square second
    assert image.mean() > 250  # white


def test_pdf_without_a_renderer_is_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pdfium(name: str, *args: object, **kwargs: object) -> object:
        if name == "pypdfium2":
            raise ImportError("not installed")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pdfium)
    with pytest.raises(UnsupportedDocument, match="pypdfium2"):
        decode_document(b"%PDF-1.4\n...")


def _phone_jpeg(*, orientation: int = 1) -> bytes:
    """A 4032 x 3024 JPEG as a phone stores it, with its EXIF orientation."""
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", (4032, 3024), "white").save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_a_phone_photo_is_read_at_the_document_side_and_stays_upright() -> None:
    page = decode_document(_phone_jpeg(orientation=6))  # stored landscape, shown portrait
    assert page.image_rgb.shape == (DOCUMENT_SIDE, DOCUMENT_SIDE * 3 // 4, 3)
    assert page.resolution_wh == (3024, 4032)


def test_full_size_is_there_for_a_measurement() -> None:
    assert decode_document(_phone_jpeg(), long_side=None).image_rgb.shape == (3024, 4032, 3)


def test_boxes_come_back_in_the_uploaded_images_pixels() -> None:
    page = decode_document(_phone_jpeg())
    scale = 4032 / DOCUMENT_SIDE
    result = read_page(page, FakeOcrEngine(ID_FRONT_MERGED))
    assert result.value("id_number") == "310115198503071230"
    assert result.resolution_wh == (4032, 3024)
    x1, y1, x2, y2 = result.fields["id_number"].xyxy or (0, 0, 0, 0)
    # the fake engine read the number at (340, 525, 820, 570) on the decoded page: the line
    # is cut at the ID number's own characters, so the box starts at or after x 340
    assert x1 >= 340 * scale - 1 and y1 == pytest.approx(525 * scale, rel=1e-3)
    assert x2 == pytest.approx(820 * scale, rel=1e-3) and y2 == pytest.approx(570 * scale, rel=1e-3)


def test_a_small_photo_is_read_as_it_is() -> None:
    page = decode_document(_png((1000, 700)))
    result = read_page(page, FakeOcrEngine(ID_FRONT_MERGED))
    assert page.image_rgb.shape == (700, 1000, 3)
    assert result.fields["id_number"].xyxy == (340.0, 525.0, 820.0, 570.0)


@pytest.mark.slow
def test_phone_photos_of_a_card_read_as_the_card() -> None:
    pytest.importorskip("rapidocr")
    pytest.importorskip("pylopdf_fonts_zh_cn")
    from inference.ocr.engine import RapidOcrEngine

    engine = RapidOcrEngine(threads=2)
    right = 0
    for seed in range(11, 16):  # five photos: one misread field is within what the benchmark measures
        result, document, size = _phone_photo_of_a_card(seed, engine)
        assert result.resolution_wh == size and result.kind is DocumentKind.ID_CARD_FRONT
        right += sum(result.value(name) == document.truth[name] for name in ("name", "id_number", "birth_date"))
        boxes = np.array([f.xyxy for f in result.fields.values() if f.xyxy])
        assert boxes[:, 2].max() <= size[0] and boxes[:, 3].max() <= size[1]
    assert right >= 14


def _phone_photo_of_a_card(seed: int, engine: OcrEngine) -> tuple[Extraction, Any, tuple[int, int]]:
    """A 12 MP phone photo of a synthetic ID card's front, read through the upload path."""
    from training.ocr_synth.augment import degrade
    from training.ocr_synth.harsh import make

    rng = random.Random(seed)
    made = make("phone_photo", rng, 0)  # KINDS[0]: an ID card's front
    photo, recipe = degrade(made.image, rng, max_side=made.max_side, turns=0, photocopy=False)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=recipe.jpeg_quality)
    assert max(photo.size) == 4032
    (document,) = made.documents
    return read_page(decode_document(buffer.getvalue()), engine), document, photo.size
