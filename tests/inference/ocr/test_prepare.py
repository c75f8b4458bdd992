"""Before OCR: a seal on a grey photocopy is taken out, a faded copy gets its contrast back."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from inference.ocr.engine import Image
from inference.ocr.lines import TextLines
from inference.ocr.prepare import prepare
from tests.inference.ocr.fakes import Box, FakeOcrEngine, lines_from

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


def test_on_another_document_the_seal_area_is_read_again_as_photographed_and_nothing_else() -> None:
    """Seal removal is tuned on ID cards; on a licence or a quote it can erase print under the seal
    (here the label 发证 of 发证日期). The seal's area, grown to the whole lines it touches, is read
    again from the photo on a blank sheet, so the rest of the page is not recognised twice."""
    from inference.ocr.fields import DocumentKind
    from inference.ocr.pipeline import read_document
    from tests.inference.ocr.fakes import lines_from
    from tests.inference.ocr.test_extract import VEHICLE_ROWS

    page = np.full((700, 1000, 3), 235, np.uint8)
    cv2.putText(page, "VIN 1234", (300, 350), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (40, 40, 40), 5)  # a grey copy
    cv2.circle(page, (750, 600), 40, RED, 6)  # over the dates' row
    erased = [*VEHICLE_ROWS[:-1], ("注册日期2019-07-02日期2019-07-05", (60, 585, 900, 620))]
    sheet_rows = VEHICLE_ROWS[-2:]  # what the sheet shows: the rows the seal's area holds
    engine = SheetEngine(lines_from(erased), sheet_rows, (750, 600))
    result = read_document(page, engine)
    seen = engine.seen
    assert result.kind is DocumentKind.VEHICLE_LICENCE
    assert len(seen) == 2
    assert seen[0][600, 790].min() > 180  # first read: the prepared image, seal gone
    sheet = seen[1]
    assert ((sheet[:, :, 0].astype(int) - sheet[:, :, 1]) > 100).any()  # then the seal's area as photographed
    assert (sheet[:500] == sheet[0, 0]).all()  # and nothing else: the rest is blank paper
    assert result.fields["issue_date"].value == "2019-07-05"
    assert result.fields["plate"].value == "沪AD12345"  # the rows outside the area are kept from the first read
    assert "prepared" not in result.extra


class SheetEngine(FakeOcrEngine):
    """Reads the page as ``first``; reads a seal sheet as ``rows`` placed where the sheet shows its seal."""

    def __init__(self, first: TextLines, rows: Sequence[tuple[str, Box]], seal_xy: tuple[int, int]) -> None:
        super().__init__(first)
        self.rows, self.seal_xy = rows, seal_xy
        self.seen: list[Image] = []

    def read(self, image_rgb: Image) -> TextLines:
        self.read_calls += 1
        self.seen.append(image_rgb)
        if self.read_calls == 1:
            return self.lines
        red = np.argwhere((image_rgb[:, :, 0].astype(int) - image_rgb[:, :, 1]) > 100)
        dy, dx = (np.array(self.seal_xy[::-1]) - red.mean(axis=0)).round().astype(int)
        height, width = image_rgb.shape[:2]
        shifted = [(text, (x1 - dx, y1 - dy, x2 - dx, y2 - dy)) for text, (x1, y1, x2, y2) in self.rows]
        return lines_from(shifted, resolution_wh=(width, height))


def test_a_seal_is_read_again_on_the_part_of_a_large_page_that_holds_it() -> None:
    """On a 2000 x 1500 page the seal's lines fill a strip: the detector is shown the strip (sides of at
    least 736 px, the size RapidOCR would scale a smaller image up to), not the whole page, and what it
    reads there comes back in the page's pixels."""
    from inference.ocr.pipeline import read_document
    from tests.inference.ocr.test_extract import VEHICLE_ROWS

    page = np.full((1500, 2000, 3), 235, np.uint8)
    cv2.putText(page, "VIN 1234", (300, 350), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (40, 40, 40), 5)
    cv2.circle(page, (750, 600), 40, RED, 6)
    erased = [*VEHICLE_ROWS[:-1], ("注册日期2019-07-02日期2019-07-05", (60, 585, 900, 620))]
    engine = SheetEngine(lines_from(erased, resolution_wh=(2000, 1500)), VEHICLE_ROWS[-1:], (750, 600))

    result = read_document(page, engine)

    _, sheet = engine.seen
    assert sheet.shape[0] >= 736 and sheet.shape[1] >= 736
    assert sheet.shape[0] * sheet.shape[1] < 0.3 * 2000 * 1500
    assert result.fields["issue_date"].value == "2019-07-05"
    assert result.fields["plate"].value == "沪AD12345"
