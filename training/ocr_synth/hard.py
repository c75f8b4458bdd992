"""The ID-card cases that real uploads lose most: lost labels, stamps on photocopies, two sides, other papers.

Each case is a clean render changed the way real uploads are (a label faded or cut off
by the scanner, a grey photocopy certified with a red seal over a label, front and back
copied onto one sheet with the back upside down, a household-register page uploaded as
an ID card); ``augment.degrade`` then photographs it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image

from inference.ocr.fields import DocumentKind
from training.ocr_synth.identities import fake_person
from training.ocr_synth.render import Rendered, Sheet, render_id_back, render_id_front, stamp_on

# Where render_id_front draws each label (x0, y0, x1, y1) on its 1000 × 630 card.
FRONT_LABELS = {
    "name": (66, 58, 142, 106),
    "sex": (66, 138, 134, 180),
    "ethnicity": (316, 138, 384, 180),
    "birth_date": (66, 218, 134, 260),
    "address": (66, 298, 134, 340),
    "id_number": (66, 528, 256, 572),
}
CASES = (
    "clean_front",
    "clean_back",
    "faint_label",
    "cut_labels",
    "photocopy_stamp",
    "two_sided",
    "two_sided_turned",
    "household_register",
)
PAPER = np.array([246, 244, 236], np.float32)


@dataclass
class HardCase:
    case: str
    rendered: Rendered  # kind: what a correct reading reports (UNKNOWN: it must be refused)
    photocopy: bool


def fade(image: Image.Image, box: tuple[int, int, int, int], keep: float) -> Image.Image:
    """The pixels in ``box`` pulled toward the paper: ``keep`` of their contrast is left."""
    pixels = np.asarray(image, np.float32).copy()
    x0, y0, x1, y1 = box
    pixels[y0:y1, x0:x1] = PAPER + (pixels[y0:y1, x0:x1] - PAPER) * keep
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def grey_copy(image: Image.Image, *, toner: float = 1.0) -> Image.Image:
    """A grey photocopy (before any seal is put on it); ``toner`` < 1 is a worn copier's faded print."""
    grey = np.asarray(image.convert("L"), np.float32)
    grey = np.clip((grey - 40) * 1.25, 0, 255)
    grey = 250 - (250 - grey) * toner
    return Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8)).convert("RGB")


def two_sided(rng: random.Random, *, turned: bool) -> Rendered:
    """Front above back on one photocopied sheet; the back upside down when ``turned``."""
    person = fake_person(rng)
    front, back = render_id_front(rng, person), render_id_back(rng, person)
    gap = rng.randrange(120, 260)
    sheet = Image.new("RGB", (1200, 150 + 630 + gap + 630 + 150), (250, 250, 250))
    sheet.paste(front.image, (100, 150))
    sheet.paste(back.image.rotate(180) if turned else back.image, (100, 150 + 630 + gap))
    truth = {**front.truth, **back.truth}
    return Rendered(DocumentKind.ID_CARD_FRONT, grey_copy(sheet), truth, [])


def household_register(rng: random.Random) -> Rendered:
    """A 常住人口登记卡 page: ID-card words and a valid ID number, but not an ID card."""
    person = fake_person(rng)
    s = Sheet(1100, 800, rng, paper=(248, 246, 240))
    s.text((380, 30), "常住人口登记卡", 44, serif=True)
    s.grid((40, 100, 1060, 760), 8)
    rows = (
        (("户主姓名", person.name), ("与户主关系", "户主")),
        (("姓名", person.name), ("曾用名", "")),
        (("性别", person.sex), ("民族", person.ethnicity)),
        (("出生日期", f"{person.birth_date:%Y年%m月%d日}"), ("出生地", person.region[1])),
        (("公民身份号码", person.id_number), ("", "")),
        (("住址", person.address[:18]), ("", "")),
        (("户号", f"{rng.randrange(10**8):08d}"), ("服务处所", "")),
    )
    for i, pairs in enumerate(rows):
        y = 118 + i * 82
        for x, (label, value) in zip((60, 620), pairs, strict=True):
            if label:
                s.pair((x, y), label, value, 28)
    return Rendered(DocumentKind.UNKNOWN, s.image, {}, [])


def make(case: str, rng: random.Random) -> HardCase:
    """A fresh document of ``case`` (one of ``CASES``)."""
    if case == "household_register":
        return HardCase(case, household_register(rng), False)
    if case in ("two_sided", "two_sided_turned"):
        return HardCase(case, two_sided(rng, turned=case == "two_sided_turned"), True)
    person = fake_person(rng)
    if case == "clean_back":
        return HardCase(case, render_id_back(rng, person), False)
    card = render_id_front(rng, person)
    image = card.image
    if case == "faint_label":
        for name in rng.sample(sorted(FRONT_LABELS), 2):
            image = fade(image, FRONT_LABELS[name], rng.uniform(0.05, 0.15))
    elif case == "cut_labels":  # scanned with the card's left edge outside the glass
        image = image.crop((rng.randrange(150, 165), 0, image.width, image.height))
    elif case == "photocopy_stamp":
        image = grey_copy(image, toner=rng.uniform(0.25, 0.4))
        for name in rng.sample(("name", "birth_date", "address", "id_number"), 2):
            x0, y0, x1, y1 = FRONT_LABELS[name]
            centre = ((x0 + x1) // 2 + rng.randrange(-10, 10), (y0 + y1) // 2 + rng.randrange(-10, 10))
            image = stamp_on(image, rng, centre, rng.randrange(60, 80), "与原件一致", alpha=rng.randrange(200, 240))
    return HardCase(case, Rendered(card.kind, image, card.truth, []), case == "photocopy_stamp")
