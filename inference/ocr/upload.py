"""An uploaded file to the page OCR reads, and what was read back in the file's own pixels.

A phone photographs a card at 12 MP (4032 px); print on it is legible at a third of that,
and detection's cost grows with the pixels. A photo is therefore decoded at reduced scale
(``inference.images.decode_for_models``: the JPEG decoder itself skips the pixels) to at most
``DOCUMENT_SIDE`` px, read there, and every box is mapped back to the uploaded image's pixels,
which is what the API and the CLI promise.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from inference.images import ModelImage, decode_for_models, decode_image
from inference.ocr.engine import Image, OcrEngine
from inference.ocr.errors import UnsupportedDocument
from inference.ocr.fields import DocumentKind, Extraction, Field, LineItem
from inference.ocr.pipeline import read_document

PDF_MAGIC = b"%PDF-"
PDF_LONG_SIDE = 1600
# The longer side a photo is read at, as a PDF page is rendered; a smaller photo is read as it is.
# On 16 phone photos (a 4032 px frame, the document 45-75 % of its width) 1400, 1600, 2048 px and
# the full size read 203, 205, 203 and 204 of 211 fields; docs/benchmarks/ocr-harsh.md, case
# phone_photo, compares it with the full size on every kind.
DOCUMENT_SIDE = PDF_LONG_SIDE


def decode_document(data: bytes, *, long_side: int | None = DOCUMENT_SIDE) -> ModelImage:
    """The page to read from photo bytes (at most ``long_side`` px; None: full size), or a PDF's first page.

    PDFs need the optional ``pypdfium2`` package; without it, or for a PDF that
    cannot be opened, :class:`UnsupportedDocument` is raised (the API's 415).

    >>> import io; from PIL import Image as P; buf = io.BytesIO(); P.new("RGB", (4032, 3024)).save(buf, "JPEG")
    >>> page = decode_document(buf.getvalue())
    >>> page.image_rgb.shape, page.resolution_wh
    ((1200, 1600, 3), (4032, 3024))
    """
    if data[:1024].lstrip().startswith(PDF_MAGIC):
        image = render_pdf_first_page(data)
        return ModelImage(image, (image.shape[1], image.shape[0]))
    if long_side is None:
        image = decode_image(data)
        return ModelImage(image, (image.shape[1], image.shape[0]))
    return decode_for_models(data, long_side=long_side)


def render_pdf_first_page(data: bytes, *, long_side: int = PDF_LONG_SIDE) -> Image:
    """First page of a PDF rendered so its longer side is ``long_side`` pixels."""
    try:
        import pypdfium2 as pdfium  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise UnsupportedDocument("PDF documents need pypdfium2; upload a photo or scan instead") from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnsupportedDocument("not a PDF that can be opened (damaged or password-protected)") from exc
    try:
        if len(pdf) == 0:
            raise UnsupportedDocument("the PDF has no pages")
        page = pdf[0]
        width, height = page.get_size()
        bitmap = page.render(scale=long_side / max(width, height, 1))
        image = np.ascontiguousarray(np.asarray(bitmap.to_pil().convert("RGB"), np.uint8))
    finally:
        pdf.close()
    return image


def read_page(page: ModelImage, engine: OcrEngine, *, kind: DocumentKind | None = None) -> Extraction:
    """``read_document`` on the decoded page, its boxes and size given in the uploaded image's pixels."""
    return in_photo_pixels(read_document(page.image_rgb, engine, kind=kind), page)


def in_photo_pixels(extraction: Extraction, page: ModelImage) -> Extraction:
    """``extraction`` (read on ``page.image_rgb``) with every field's quad in the photo's pixels.

    >>> from inference.ocr.fields import FieldStatus
    >>> quad = np.array([[10, 10], [50, 10], [50, 20], [10, 20]], np.float32)
    >>> read = Extraction(DocumentKind.ID_CARD_FRONT, 1.0, {"name": Field("name", "x", 0.9, quad)})
    >>> big = in_photo_pixels(read, ModelImage(np.zeros((100, 200, 3), np.uint8), (400, 200)))
    >>> big.fields["name"].xyxy, big.resolution_wh
    ((20.0, 20.0, 100.0, 40.0), (400, 200))
    """
    height, width = page.image_rgb.shape[:2]
    factor = np.array([page.resolution_wh[0] / width, page.resolution_wh[1] / height], np.float32)
    if np.allclose(factor, 1.0):
        return extraction

    def field(found: Field) -> Field:
        return found if found.quad is None else replace(found, quad=found.quad * factor)

    def scaled(read: Extraction) -> Extraction:
        return replace(
            read,
            fields={name: field(found) for name, found in read.fields.items()},
            items=tuple(LineItem({name: field(cell) for name, cell in item.cells.items()}) for item in read.items),
            resolution_wh=page.resolution_wh,
            parts=tuple(scaled(part) for part in read.parts),
        )

    return scaled(extraction)
