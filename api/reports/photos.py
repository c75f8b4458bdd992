"""Annotated photos for the 定损单: each damage box drawn with its damage type and part name.

Boxes arrive in the original photo's pixels (``xyxy``, as the detector and the ``findings`` table
store them); the photo is scaled down for the report and the boxes with it.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw
from PIL.ImageFont import FreeTypeFont

from api.reports.fonts import pil_font
from api.reports.label_layout import LINE, Box, BoxLabel, place_labels
from pricing import PART_NAMES, PartCode
from pricing.parts import DAMAGE_ZH, DamageType

MAX_SIDE: Final = 1280
JPEG_QUALITY: Final = 82
UNKNOWN_PART_ZH: Final = "部位待确认"
COLOURS: Final = {
    DamageType.DENT: (230, 57, 70),
    DamageType.SCRATCH: (255, 159, 28),
    DamageType.CRACK: (155, 93, 229),
    DamageType.GLASS_SHATTER: (0, 150, 199),
    DamageType.LAMP_BROKEN: (241, 91, 181),
    DamageType.TIRE_FLAT: (46, 196, 182),
}
DEFAULT_COLOUR: Final = (255, 214, 10)
# Where a finding came from, as the 定损单 names it (lines and photo boxes alike).
ORIGIN_ZH: Final = {"ai": "AI 识别", "adjuster": "定损员新增", "customer_reported": "客户报告"}


@dataclass(frozen=True, slots=True)
class PhotoBox:
    """One damage on a photo: box in original-image pixels, damage type, part code (or "unknown"),
    and where it came from: the AI's box shows the model's score, a box a person drew
    (``adjuster``, ``customer_reported``) names its origin instead: it has no score."""

    xyxy: tuple[float, float, float, float]
    damage_type: str
    part: str = "unknown"
    confidence: float | None = None  # a model score, shown as a percentage; not money
    origin: str = "ai"

    @property
    def label_zh(self) -> str:
        damage = DAMAGE_ZH[DamageType(self.damage_type)] if _is_damage(self.damage_type) else self.damage_type
        part = PART_NAMES[PartCode(self.part)].zh if _is_part(self.part) else UNKNOWN_PART_ZH
        if self.origin != "ai":
            return f"{damage}·{part} {ORIGIN_ZH.get(self.origin, self.origin)}"
        score = f" {self.confidence:.0%}" if self.confidence is not None else ""
        return f"{damage}·{part}{score}"


@dataclass(frozen=True, slots=True)
class ReportPhoto:
    """A photo as the report shows it: annotated JPEG bytes, its label ("照片1") and its boxes."""

    photo_id: str
    label: str
    jpeg: bytes
    width: int
    height: int
    boxes: tuple[PhotoBox, ...] = ()

    @property
    def data_uri(self) -> str:
        return "data:image/jpeg;base64," + base64.b64encode(self.jpeg).decode("ascii")

    @property
    def caption(self) -> str:
        if not self.boxes:
            return f"{self.label}：未识别到损伤"
        return f"{self.label}：" + "；".join(f"#{n} {b.label_zh}" for n, b in enumerate(self.boxes, 1))


def _is_part(code: str) -> bool:
    return code in PartCode._value2member_map_


def _is_damage(code: str) -> bool:
    return code in DamageType._value2member_map_


def box_tags(
    size: tuple[int, int], boxes: Sequence[Box], texts: Sequence[str], font: FreeTypeFont, stroke: int
) -> list[BoxLabel]:
    """Where each box's one-line label goes on a photo of ``size`` (:func:`api.reports.label_layout.place_labels`,
    widths measured with ``font``, ``stroke`` of padding around the text): none covers another, and a
    crowded box keeps only its number (the caption under the photo has every label whole)."""
    ascent, descent = font.getmetrics()

    def measure(text: str, _size: float) -> float:
        return float(font.getlength(text)) + 2 * stroke

    lines = [(text,) for text in texts]
    return place_labels(boxes, lines, size[0], size[1], size=(ascent + descent + 2 * stroke) / LINE, measure=measure)


def annotate_photo(
    image_rgb: npt.NDArray[np.uint8],
    *,
    photo_id: str,
    label: str,
    boxes: Sequence[PhotoBox] = (),
    max_side: int = MAX_SIDE,
) -> ReportPhoto:
    """Draw ``boxes`` on an ``(H, W, 3) uint8`` RGB photo, scaled so its longer side is at most
    ``max_side``; returns the JPEG and what the report needs to caption it.

    >>> import numpy as np
    >>> photo = annotate_photo(np.zeros((100, 200, 3), np.uint8), photo_id="p1", label="照片1",
    ...                        boxes=[PhotoBox((10, 10, 80, 60), "dent", "hood", 0.9)])
    >>> photo.width, photo.height, photo.caption
    (200, 100, '照片1：#1 凹陷·发动机盖 90%')
    """
    if image_rgb.ndim != 3 or image_rgb.shape[2] != 3:
        raise ValueError(f"expected an (H, W, 3) RGB image, got {image_rgb.shape}")
    im = Image.fromarray(np.ascontiguousarray(image_rgb, dtype=np.uint8), "RGB")
    scale = min(1.0, max_side / max(im.size))
    if scale < 1.0:
        im = im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))), Image.Resampling.LANCZOS)
    draw = ImageDraw.Draw(im)
    stroke = max(2, round(max(im.size) / 320))
    font = pil_font(max(12, round(max(im.size) / 45)))
    scaled = [(x1 * scale, y1 * scale, x2 * scale, y2 * scale) for x1, y1, x2, y2 in (b.xyxy for b in boxes)]
    colours = [COLOURS[DamageType(b.damage_type)] if _is_damage(b.damage_type) else DEFAULT_COLOUR for b in boxes]
    for xyxy, colour in zip(scaled, colours, strict=True):
        draw.rectangle(xyxy, outline=colour, width=stroke)
    # Labels after every box, so that no box line crosses a label.
    tags = box_tags(im.size, scaled, [f"#{n} {box.label_zh}" for n, box in enumerate(boxes, 1)], font, stroke)
    for tag, colour in zip(tags, colours, strict=True):
        draw.rectangle(tag.rect, fill=colour)
        draw.text((tag.rect[0] + stroke, tag.rect[1] + stroke), tag.lines[0], fill=(0, 0, 0), font=font)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=JPEG_QUALITY)
    return ReportPhoto(photo_id, label, buf.getvalue(), im.width, im.height, tuple(boxes))
