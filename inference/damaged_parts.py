"""The damaged-part model behind a Protocol: which part family a damage is on, in medium views and
close-ups where the whole-car part segmenter sees no part.

It is a YOLO detector (served by :class:`inference.runtime.OnnxDetector`, card-checked) whose classes
are side-less part families (``door``, ``bumper``, ``lamp`` …): the side, and front or rear where a
family has both, come from the fusion rules (``api.assessments.part_fusion``), never from this model.
Its versions live under ``models/damaged-parts/<version>/``; while none is there the assessment
behaves as if the model did not exist.

>>> found = Detections(np.array([[0, 0, 100, 100]], np.float32), np.array([0.7], np.float32), np.array([1]))
>>> best_family(np.array([10, 10, 30, 30], np.float32), found, ["bumper", "door"])
'door'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from inference.artifact import CARD_FILE, ModelCard, load_card
from inference.bumper_end import BumperEndClassifier, ReadsBumperEnd
from inference.detections import Detections
from inference.errors import ModelCardMismatch
from inference.lamp_colour import lamp_family
from inference.parts import PartSegmenter
from inference.runtime import OnnxDetector, open_verified_session

Image = npt.NDArray[np.uint8]
MODEL_NAME: Final = "damaged-parts"
FAMILIES: Final = (
    "bumper",
    "hood",
    "trunk_lid",
    "roof",
    "front_fender",
    "rear_quarter",
    "door",
    "rocker",
    "lamp",
    "headlamp",
    "tail_lamp",
    "fog_lamp",
    "mirror",
    "windscreen",
    "rear_window",
    "side_window",
    "grille",
    "wheel",
    "tyre",
    "plate",
)
"""Every family a damaged-part model may name; a card with another class is refused."""
MIN_COVER: Final = 0.3  # the family box must cover at least this share of the damage box
FAMILY_THRESHOLD: Final = 0.05
"""From this confidence a box may name the family under a damage the detector found; only boxes at the
card's threshold tell the photo's view. Chosen on val by ``python -m training.family_threshold``
(``docs/benchmarks/damaged-part-families.md``; a test ties the two)."""


class DamagedPartModel(Protocol):
    """Finds damaged-part family boxes on an upright RGB photo (boxes in its pixels; class ids index
    ``card.classes``)."""

    @property
    def card(self) -> ModelCard: ...

    def detect(self, image_rgb: Image) -> Detections: ...


def load_damaged_part_model(model_dir: Path, *, threads: int = 1) -> OnnxDetector:
    """The ONNX damaged-part model in ``model_dir``, checked against its card (file hash, embedded card,
    input size) and its classes against :data:`FAMILIES`; :class:`ModelCardMismatch` otherwise.

    >>> load_damaged_part_model(Path("models/damaged-parts/1.0.0"))  # doctest: +SKIP
    """
    card = load_card(model_dir)
    if card.name != MODEL_NAME:
        raise ModelCardMismatch(f"{model_dir}: card names {card.name!r}, not a {MODEL_NAME} model")
    unknown = sorted(set(card.classes) - set(FAMILIES))
    if unknown:
        raise ModelCardMismatch(f"{model_dir}: classes that are no part family: {unknown}")
    session = open_verified_session(model_dir, card, threads=threads)
    return OnnxDetector(session, card, confidence=min(card.confidence_threshold, FAMILY_THRESHOLD))


class DamagedPartsWithEnds:
    """The damaged-part model with the bumper-end classifier beside it (:mod:`inference.bumper_end`):
    it detects like the model (its card is the model's) and lends :attr:`bumper_end` to the assessment."""

    def __init__(self, model: DamagedPartModel, bumper_end: ReadsBumperEnd) -> None:
        self._model = model
        self._bumper_end = bumper_end

    @property
    def card(self) -> ModelCard:
        return self._model.card

    @property
    def bumper_end(self) -> ReadsBumperEnd:
        return self._bumper_end

    def detect(self, image_rgb: Image) -> Detections:
        return self._model.detect(image_rgb)


@runtime_checkable
class TellsBumperEnd(Protocol):
    """A damaged-part model that carries the bumper-end classifier."""

    @property
    def bumper_end(self) -> ReadsBumperEnd: ...


def bumper_end_card(parts: object) -> ModelCard | None:
    """The card of the bumper-end classifier that ``parts`` (a damaged-part model, or a segmenter
    carrying one) carries, or None when it carries none.

    >>> bumper_end_card(None) is None
    True
    """
    damaged = parts.damaged_parts if isinstance(parts, SeesDamagedParts) else parts
    return damaged.bumper_end.card if isinstance(damaged, TellsBumperEnd) else None


def load_served_damaged_part_model(
    root: Path | None, *, model_dir: Path | None = None, threads: int = 1, bumper_end_root: Path | None = None
) -> DamagedPartModel | None:
    """``model_dir`` when given, else the newest version under ``root``; None when there is none. The
    newest bumper-end classifier under ``bumper_end_root`` (if any) serves beside it.

    >>> load_served_damaged_part_model(Path("/nonexistent")) is None
    True
    """
    found = model_dir or (newest_model_dir(root) if root is not None else None)
    if found is None:
        return None
    model = load_damaged_part_model(found, threads=threads)
    ends = newest_model_dir(bumper_end_root) if bumper_end_root is not None else None
    return DamagedPartsWithEnds(model, BumperEndClassifier.load(ends, threads=threads)) if ends else model


def newest_model_dir(root: Path) -> Path | None:
    """The newest ``root/<version>/`` holding a card (versions compared as numbers), or None.

    >>> newest_model_dir(Path("/nonexistent")) is None
    True
    """
    if not root.is_dir():
        return None
    versions = [p for p in root.iterdir() if (p / CARD_FILE).is_file()]

    def key(path: Path) -> tuple[int, ...]:
        try:
            return tuple(int(v) for v in path.name.split("."))
        except ValueError:
            return (-1,)

    return max(versions, key=key) if versions else None


def _cover(damage_xyxy: npt.NDArray[np.float32], boxes: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Share of the damage box inside each of ``boxes``."""
    lt = np.maximum(damage_xyxy[:2], boxes[:, :2])
    rb = np.minimum(damage_xyxy[2:], boxes[:, 2:])
    inter = np.prod(np.clip(rb - lt, 0, None), axis=1)
    area = float(np.prod(damage_xyxy[2:] - damage_xyxy[:2]))
    return (inter / area if area > 0 else np.zeros(len(boxes))).astype(np.float32)


def best_family_index(
    damage_xyxy: npt.NDArray[np.float32], found: Detections, *, min_cover: float = MIN_COVER
) -> int | None:
    """The index of the family box that covers most of the damage box (ties: the more confident), or
    None when no box covers ``min_cover`` of it."""
    if len(found) == 0:
        return None
    cover = _cover(np.asarray(damage_xyxy, np.float32), found.xyxy)
    order = np.lexsort((-found.confidence, -cover))
    best = int(order[0])
    return best if cover[best] >= min_cover else None


def best_family(
    damage_xyxy: npt.NDArray[np.float32], found: Detections, classes: Sequence[str], *, min_cover: float = MIN_COVER
) -> str | None:
    """The family whose box covers most of the damage box (:func:`best_family_index`), or None.

    >>> found = Detections(np.array([[0, 0, 10, 10], [0, 0, 100, 100]], np.float32),
    ...                    np.array([0.9, 0.5], np.float32), np.array([0, 1]))
    >>> best_family(np.array([0, 0, 50, 50], np.float32), found, ["hood", "bumper"])
    'bumper'
    >>> best_family(np.array([200, 200, 210, 210], np.float32), found, ["hood", "bumper"]) is None
    True
    """
    best = best_family_index(damage_xyxy, found, min_cover=min_cover)
    return classes[int(found.class_id[best])] if best is not None else None


def box_families(image_rgb: Image, found: Detections, classes: Sequence[str]) -> list[str]:
    """The family of each box, a coarse ``lamp`` named ``headlamp`` or ``tail_lamp`` where the colour
    inside its box tells (:func:`inference.lamp_colour.lamp_family`).

    >>> red = np.zeros((20, 20, 3), np.uint8); red[..., 0] = 220
    >>> found = Detections(np.array([[0, 0, 10, 10], [5, 5, 20, 20]], np.float32),
    ...                    np.array([0.9, 0.5], np.float32), np.array([0, 1]))
    >>> box_families(red, found, ["lamp", "door"])
    ['tail_lamp', 'door']
    """
    names = [classes[int(c)] for c in found.class_id]
    return [(lamp_family(image_rgb, found.xyxy[i]) or name) if name == "lamp" else name for i, name in enumerate(names)]


# A pair of lamps seen side by side: which side of the car the one on the image's left is on
# (behind the car its left is on the viewer's left; in front of it, on the viewer's right).
_LEFT_IN_IMAGE: Final = {"tail_lamp": "left", "headlamp": "right"}


def pair_sides(families: Sequence[str], xyxy: npt.NDArray[np.float32]) -> list[str | None]:
    """The car side of each box that is one of exactly two head (or tail) lamps side by side in the
    photo (not overlapping across), told by which is on the image's left; None for every other box.

    >>> boxes = np.array([[10, 0, 30, 10], [70, 0, 90, 10], [40, 0, 60, 10]], np.float32)
    >>> pair_sides(["tail_lamp", "tail_lamp", "bumper"], boxes)
    ['left', 'right', None]
    >>> pair_sides(["headlamp", "headlamp", "bumper"], boxes)
    ['right', 'left', None]
    """
    sides: list[str | None] = [None] * len(families)
    for family, left_side in _LEFT_IN_IMAGE.items():
        pair = [i for i, name in enumerate(families) if name == family]
        if len(pair) != 2:
            continue
        a, b = sorted(pair, key=lambda i: float(xyxy[i][0] + xyxy[i][2]))
        if xyxy[a][2] <= xyxy[b][0]:
            sides[a] = left_side
            sides[b] = "right" if left_side == "left" else "left"
    return sides


@dataclass(frozen=True, slots=True)
class DamageFamilies:
    """What the damaged-part model tells of each damage of a photo, and of the photo."""

    over: list[str | None]  # per damage, the family over it (None: no box covers it)
    sides: list[str | None]  # per damage, the side its box's place tells (pair_sides), else None
    in_photo: list[str]  # every box's family: the fusion's evidence of the view
    ends: list[str | None]  # per damage on a bumper, the end the classifier tells, else None


def damage_families(
    image_rgb: Image,
    damage_xyxy: npt.NDArray[np.float32],
    found: Detections,
    classes: Sequence[str],
    *,
    sure_at: float = 0.0,
    bumper_end: ReadsBumperEnd | None = None,
) -> DamageFamilies:
    """Each damage's family (as :func:`box_families` names them, from any box of ``found``), side
    (:func:`pair_sides`) and, for a damage on a bumper, the end ``bumper_end`` reads from the bumper box
    (None without it). Only the boxes at ``sure_at`` or above (the card's threshold) make the pairs of
    lamps and the photo's evidence."""
    best = [best_family_index(box, found) for box in damage_xyxy]
    sure = [i for i in range(len(found)) if float(found.confidence[i]) >= sure_at]
    # Only the boxes used are named (a lamp's colour is read once each): the sure ones and those over a damage.
    used = sorted(set(sure) | {b for b in best if b is not None})
    families = dict(zip(used, box_families(image_rgb, found[np.array(used, np.int64)], classes), strict=True))
    box_sides = dict(zip(sure, pair_sides([families[i] for i in sure], found.xyxy[sure]), strict=True))
    over: list[str | None] = []
    sides: list[str | None] = []
    ends: list[str | None] = []
    for b in best:
        over.append(families[b] if b is not None else None)
        sides.append(box_sides.get(b) if b is not None else None)
        end = None
        if b is not None and families[b] == "bumper" and bumper_end is not None:
            end = bumper_end.end_of(image_rgb, found.xyxy[b])
        ends.append(end)
    return DamageFamilies(over, sides, [families[i] for i in sure], ends)


@runtime_checkable
class SeesDamagedParts(Protocol):
    """A part segmenter that also carries a damaged-part model (the assessment asks it for families)."""

    @property
    def damaged_parts(self) -> DamagedPartModel: ...


class SegmenterWithDamagedParts:
    """The whole-car segmenter and the damaged-part model as one part runtime: it segments like the
    segmenter (its card is the segmenter's), and lends :attr:`damaged_parts` to the assessment."""

    def __init__(self, segmenter: PartSegmenter, damaged_parts: DamagedPartModel) -> None:
        self._segmenter = segmenter
        self._damaged_parts = damaged_parts

    @property
    def card(self) -> ModelCard:
        return self._segmenter.card

    @property
    def damaged_parts(self) -> DamagedPartModel:
        return self._damaged_parts

    def segment(self, image_rgb: Image) -> Detections:
        return self._segmenter.segment(image_rgb)
