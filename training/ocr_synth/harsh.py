"""Harsh cases for every kind of claim document (issue 17 item 6).

Each case changes clean renders the way real uploads are changed, then ``augment.degrade``
photographs the result:

* ``photocopy_stamp``: a grey photocopy from a worn copier, two red "与原件一致" seals on its text;
* ``two_documents``: two documents copied onto one sheet (ID front and back, the vehicle
  licence's two pages, a driving licence with a vehicle licence);
* ``turned_region``: the same, the second document turned 180° or 90° on the sheet;
* ``faint_labels``: every printed label faded to 10–25 % of its contrast (labels are drawn in
  their own blue ink, so they can be faded alone);
* ``low_resolution``: the photo's longer side 640–800 px (text ~10–16 px high);
* ``glare``: a blown-out highlight over part of the document, and the rest over-exposed;
* ``phone_photo``: a phone's full 12 MP frame (4032 px), the document filling 45–75 % of its
  width on a table: what a customer uploads when nothing shrinks the photo first.

A case is a list of documents on one image, each with its own ground truth: the score of
an image is the score of each document on it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image

from inference.ocr.fields import DocumentKind
from training.ocr_synth.hard import grey_copy
from training.ocr_synth.identities import fake_person, fake_vehicle
from training.ocr_synth.render import (
    LABEL,
    Rendered,
    render,
    render_driving_licence,
    render_id_back,
    render_id_front,
    render_vehicle_licence,
    render_vehicle_licence_second,
    stamp_on,
)

CASES = (
    "photocopy_stamp",
    "two_documents",
    "turned_region",
    "faint_labels",
    "low_resolution",
    "glare",
    "phone_photo",
)
KINDS = tuple(k for k in DocumentKind if k is not DocumentKind.UNKNOWN)
PAIRS = ("id_card", "vehicle_licence", "licences")
SHEET = (250, 250, 250)
PHONE_SIDE = 4032  # a 12 MP phone photo's longer side (4032 x 3024)
PHONE_MARGIN = 0.08  # ``augment.degrade`` puts this much table around what it photographs, per side


@dataclass
class HarshCase:
    case: str
    image: Image.Image
    documents: list[Rendered]  # each document on the image, with its kind and truth
    max_side: int = 1400  # the photo's longer side (smaller for low_resolution)
    photocopy: bool = False


def faint_labels(image: Image.Image, keep: float) -> Image.Image:
    """Pixels drawn in the label ink (and its anti-aliased edge) pulled toward the paper."""
    pixels = np.asarray(image, np.float32)
    ink = np.array(LABEL, np.float32)
    paper = np.median(pixels.reshape(-1, 3), axis=0)
    # how far along the paper→label-ink line each pixel lies (1: label ink, 0: paper)
    direction = ink - paper
    along = ((pixels - paper) @ direction) / float(direction @ direction)
    off_line = np.linalg.norm(pixels - paper - along[..., None] * direction, axis=2)
    is_label = (along > 0.15) & (off_line < 40)
    faded = paper + (pixels - paper) * keep
    out = np.where(is_label[..., None], faded, pixels)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def glare(image: Image.Image, rng: random.Random) -> Image.Image:
    """A bright elliptical highlight (centre saturated) over part of the page, the page over-exposed."""
    pixels = np.asarray(image, np.float32)
    h, w = pixels.shape[:2]
    cx, cy = rng.uniform(0.25, 0.75) * w, rng.uniform(0.25, 0.75) * h
    rx, ry = rng.uniform(0.12, 0.22) * w, rng.uniform(0.10, 0.20) * h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    spot = np.exp(-(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2))
    strength = rng.uniform(0.75, 0.95)
    exposure = rng.uniform(1.05, 1.2)
    out = pixels * exposure
    out = out + (255 - out) * (strength * spot)[..., None]
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def on_a_table(image: Image.Image, rng: random.Random) -> Image.Image:
    """``image`` on a 4:3 table, filling 45–75 % of its width, the whole at a phone's resolution.

    The document is enlarged with a cubic filter (a phone's optics soften print the same way);
    the table is sized so that ``augment.degrade``'s margin brings the frame to ``PHONE_SIDE``.
    """
    long_side = round(PHONE_SIDE / (1 + 2 * PHONE_MARGIN))
    frame_w, frame_h = long_side, long_side * 3 // 4
    fill = rng.uniform(0.45, 0.75)
    scale = min(fill * frame_w / image.width, 0.9 * frame_h / image.height)
    document = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BICUBIC)
    table = tuple(rng.randrange(60, 160) for _ in range(3))
    frame = Image.new("RGB", (frame_w, frame_h), table)
    left = rng.randrange(0, frame_w - document.width + 1)
    top = rng.randrange(0, frame_h - document.height + 1)
    frame.paste(document, (left, top))
    return frame


def _pair(rng: random.Random, which: str) -> list[Rendered]:
    person = fake_person(rng)
    vehicle = fake_vehicle(rng, person)
    if which == "id_card":
        return [render_id_front(rng, person), render_id_back(rng, person)]
    if which == "vehicle_licence":
        return [render_vehicle_licence(rng, person, vehicle), render_vehicle_licence_second(rng, vehicle)]
    licence_class = rng.choice(("C1", "C2", "B2"))
    return [render_driving_licence(rng, person, licence_class), render_vehicle_licence(rng, person, vehicle)]


def on_one_sheet(first: Image.Image, second: Image.Image, rng: random.Random, *, turn: int = 0) -> Image.Image:
    """``first`` above ``second`` on one sheet; ``second`` turned by ``turn`` degrees (0, 90, 180)."""
    if turn:
        second = second.rotate(turn, expand=True)
    gap = rng.randrange(120, 240)
    width = max(first.width, second.width) + 200
    sheet = Image.new("RGB", (width, 100 + first.height + gap + second.height + 100), SHEET)
    sheet.paste(first, (100, 100))
    sheet.paste(second, (100, 100 + first.height + gap))
    return sheet


def make(case: str, rng: random.Random, index: int) -> HarshCase:
    """Case ``case`` (one of ``CASES``); ``index`` picks the kind or pair, so a run covers them evenly."""
    if case in ("two_documents", "turned_region"):
        documents = _pair(rng, PAIRS[index % len(PAIRS)])
        turn = rng.choice((90, 180)) if case == "turned_region" else 0
        sheet = on_one_sheet(documents[0].image, documents[1].image, rng, turn=turn)
        return HarshCase(case, sheet, documents)
    document = render(KINDS[index % len(KINDS)], rng)
    image = document.image
    if case == "photocopy_stamp":
        image = grey_copy(image, toner=rng.uniform(0.35, 0.55))
        for _ in range(2):
            centre = (rng.randrange(60, image.width // 2), rng.randrange(60, image.height - 60))
            image = stamp_on(image, rng, centre, rng.randrange(60, 85), "与原件一致", alpha=rng.randrange(190, 240))
        return HarshCase(case, image, [document], photocopy=True)
    if case == "faint_labels":
        return HarshCase(case, faint_labels(image, rng.uniform(0.1, 0.25)), [document])
    if case == "low_resolution":
        return HarshCase(case, image, [document], max_side=rng.randrange(640, 800))
    if case == "glare":
        return HarshCase(case, glare(image, rng), [document])
    if case == "phone_photo":
        return HarshCase(case, on_a_table(image, rng), [document], max_side=PHONE_SIDE)
    raise ValueError(f"unknown case {case!r}")
