"""Before OCR: a seal on a grey photocopy is taken out, a faded copy gets its contrast back."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from inference.ocr.engine import Image
from inference.ocr.lines import TextLines
from inference.ocr.prepare import prepare
from tests.inference.ocr.fakes import Box, FakeOcrEngine

RED = (200, 30, 30)


class SpyEngine(FakeOcrEngine):
    """A fake engine that keeps every image it was asked to read."""

    def __init__(self, rows: Sequence[tuple[str, Box]], seen: list[Image]) -> None:
        super().__init__(rows)
        self.seen = seen

    def read(self, image_rgb: Image) -> TextLines:
        self.seen.append(image_rgb)
        return super().read(image_rgb)


def _copy(ink: int = 40, paper: int = 235) -> np.ndarray:
    page = np.full((300, 500, 3), paper, np.uint8)
    cv2.putText(page, "ID 1234", (40, 120), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (ink, ink, ink), 5)
    return page


def test_a_red_seal_on_a_grey_copy_is_taken_out_and_the_ink_under_it_kept() -> None:
    page = _copy()
    cv2.circle(page, (150, 100), 70, RED, 6)
    out, notes = prepare(page)
    ring = out[100, 150 + 70]  # a seal pixel on paper
    assert ring.min() > 180 and int(ring.max()) - int(ring.min()) < 10
    assert out[:, :, 0].min() < 90  # the printed text is still dark
    assert "seal" in " ".join(notes)


def test_a_faded_copy_is_given_contrast() -> None:
    page = _copy(ink=170, paper=215)
    out, notes = prepare(page)
    grey = out[:, :, 0].astype(int)
    assert np.percentile(grey, 99) - grey.min() > 215 - 170
    assert "contrast" in " ".join(notes)


def test_a_colour_photo_is_left_alone() -> None:
    page = np.zeros((300, 500, 3), np.uint8)
    page[:] = (40, 120, 200)  # a blue card
    cv2.putText(page, "No 88", (40, 120), cv2.FONT_HERSHEY_SIMPLEX, 2.0, RED, 5)  # red print is content here
    out, notes = prepare(page)
    assert out is page
    assert notes == ()


def test_the_pipeline_reads_the_prepared_image_and_says_so() -> None:
    from inference.ocr.pipeline import read_document
    from tests.inference.ocr.test_extract import ID_FRONT_MERGED

    page = np.full((700, 1000, 3), 235, np.uint8)
    cv2.putText(page, "ID 1234", (300, 350), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (40, 40, 40), 5)  # a grey copy
    cv2.circle(page, (150, 100), 70, RED, 6)
    seen: list[Image] = []
    result = read_document(page, SpyEngine(ID_FRONT_MERGED, seen))
    assert seen and seen[0][100, 220].min() > 180  # the engine never saw the seal
    assert "seal" in result.extra["prepared"]


def test_a_colour_print_on_white_paper_keeps_its_seal_and_colours() -> None:
    page = np.full((300, 500, 3), 250, np.uint8)  # white paper: unsaturated, like a copy's
    for y in (100, 160, 220):
        cv2.putText(page, "VIN", (110, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (60, 90, 140), 3)  # a blue label
        cv2.putText(page, "LSV12", (210, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (25, 25, 30), 3)  # a black value
    cv2.circle(page, (350, 150), 70, RED, 6)  # the shop's seal: print, on a colour photo
    out, notes = prepare(page)
    assert out is page
    assert notes == ()


def test_ink_under_a_translucent_seal_stays_dark() -> None:
    page = _copy()
    seal = page.copy()
    cv2.circle(seal, (150, 100), 60, RED, -1)  # a filled seal over the text
    page = np.asarray(cv2.addWeighted(page, 0.5, seal, 0.5, 0), np.uint8)
    out, _ = prepare(page)
    ink_under_seal = (page[..., 1] < 60) & (page[..., 0] > 90)  # dark red: ink with the seal over it
    assert ink_under_seal.any()
    assert out[..., 0][ink_under_seal].max() < 90
    assert out[150, 150].min() > 180  # the seal over bare paper (below the text) is gone


def test_any_kind_on_a_grey_copy_is_read_once_with_its_seal_taken_out() -> None:
    """A vehicle licence (not only an ID card) is read from the seal-free image, once: reading the
    seal's lines again as photographed lost more than it found on the harsh cases (883 -> 906 of 991
    fields without it, 70 images), and cost a sixth of the time."""
    from inference.ocr.fields import DocumentKind
    from inference.ocr.pipeline import read_document
    from tests.inference.ocr.test_extract import VEHICLE_ROWS

    page = np.full((700, 1000, 3), 235, np.uint8)
    cv2.putText(page, "VIN 1234", (300, 350), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (40, 40, 40), 5)  # a grey copy
    cv2.circle(page, (750, 600), 40, RED, 6)  # a seal over the dates' row
    seen: list[Image] = []
    engine = SpyEngine(VEHICLE_ROWS, seen)

    result = read_document(page, engine)

    assert result.kind is DocumentKind.VEHICLE_LICENCE
    (read,) = seen
    assert read[600, 790].min() > 180  # the seal's ring is gone from what was read
    assert result.extra["prepared"] == "red seal taken out of a grey copy"
    assert result.fields["plate"].value == "沪AD12345"
