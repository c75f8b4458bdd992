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
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from inference.artifact import CARD_FILE, ModelCard
from inference.detections import Detections
from inference.errors import ModelCardMismatch
from inference.parts import PartSegmenter
from inference.runtime import OnnxDetector

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
    model = OnnxDetector.load(model_dir, threads=threads)
    card = model.card
    if card.name != MODEL_NAME:
        raise ModelCardMismatch(f"{model_dir}: card names {card.name!r}, not a {MODEL_NAME} model")
    unknown = sorted(set(card.classes) - set(FAMILIES))
    if unknown:
        raise ModelCardMismatch(f"{model_dir}: classes that are no part family: {unknown}")
    return model


def load_served_damaged_part_model(
    root: Path | None, *, model_dir: Path | None = None, threads: int = 1
) -> OnnxDetector | None:
    """``model_dir`` when given, else the newest version under ``root``; None when there is none.

    >>> load_served_damaged_part_model(Path("/nonexistent")) is None
    True
    """
    found = model_dir or (newest_model_dir(root) if root is not None else None)
    return load_damaged_part_model(found, threads=threads) if found is not None else None


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


def best_family(
    damage_xyxy: npt.NDArray[np.float32], found: Detections, classes: Sequence[str], *, min_cover: float = MIN_COVER
) -> str | None:
    """The family whose box covers most of the damage box (ties: the more confident), or None when
    no box covers ``min_cover`` of it.

    >>> found = Detections(np.array([[0, 0, 10, 10], [0, 0, 100, 100]], np.float32),
    ...                    np.array([0.9, 0.5], np.float32), np.array([0, 1]))
    >>> best_family(np.array([0, 0, 50, 50], np.float32), found, ["hood", "bumper"])
    'bumper'
    >>> best_family(np.array([200, 200, 210, 210], np.float32), found, ["hood", "bumper"]) is None
    True
    """
    if len(found) == 0:
        return None
    cover = _cover(np.asarray(damage_xyxy, np.float32), found.xyxy)
    order = np.lexsort((-found.confidence, -cover))
    best = int(order[0])
    return classes[int(found.class_id[best])] if cover[best] >= min_cover else None


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
