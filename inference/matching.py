"""Which car part each damage lies on, decided by mask overlap and never guessed.

For every damage row, each part class gets an overlap: the fraction of the
damage's pixels (its mask if it has one, else its box) covered by that part's
masks (the union of the class's instances). Without part masks, the part boxes
stand in (``box_overlap``). The best part wins only if it covers at least
``MIN_OVERLAP`` of the damage and leads the runner-up by ``AMBIGUITY_MARGIN``;
otherwise the part is ``unknown`` (``no_part_visible`` or ``ambiguous``) and the
adjuster is asked, with the candidates shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from inference.detections import Detections
from inference.parts import part_side

UNKNOWN = "unknown"
MIN_OVERLAP = 0.3  # the best part must cover at least this fraction of the damage
AMBIGUITY_MARGIN = 0.15  # ... and beat the runner-up by this much
Method = Literal["mask_overlap", "box_overlap", "no_part_visible", "ambiguous"]


@dataclass(frozen=True)
class PartCandidate:
    """One part class and how much of the damage it covers."""

    part: str
    overlap: float
    confidence: float


@dataclass(frozen=True)
class PartMatch:
    """The part a damage is on (or ``unknown``), how that was decided, and the candidates weighed."""

    part: str
    side: str | None
    method: Method
    overlap: float
    candidates: tuple[PartCandidate, ...]

    @property
    def known(self) -> bool:
        return self.part != UNKNOWN


def _damage_region(damage: Detections, i: int, height: int, width: int) -> tuple[slice, slice, npt.NDArray[np.bool_]]:
    """The damage's pixels, as a box slice and a boolean mask within it."""
    x1, y1 = (int(v) for v in np.floor(damage.xyxy[i, :2]).clip(0))
    x2, y2 = int(np.ceil(min(damage.xyxy[i, 2], width))), int(np.ceil(min(damage.xyxy[i, 3], height)))
    rows, cols = slice(y1, max(y2, y1)), slice(x1, max(x2, x1))
    if damage.mask is not None and damage.mask.shape[1:] == (height, width):
        return rows, cols, damage.mask[i, rows, cols]
    return rows, cols, np.ones((rows.stop - rows.start, cols.stop - cols.start), bool)


def _box_cover(damage_xyxy: npt.NDArray[np.float32], part_xyxy: npt.NDArray[np.float32]) -> float:
    """Fraction of the damage box inside the part box."""
    lt = np.maximum(damage_xyxy[:2], part_xyxy[:2])
    rb = np.minimum(damage_xyxy[2:], part_xyxy[2:])
    inter = float(np.prod(np.clip(rb - lt, 0, None)))
    area = float(np.prod(damage_xyxy[2:] - damage_xyxy[:2]))
    return inter / area if area > 0 else 0.0


def part_overlaps(damage: Detections, i: int, parts: Detections, part_names: Sequence[str]) -> list[PartCandidate]:
    """Every part class that covers some of damage ``i``, most-covering first."""
    use_masks = parts.mask is not None and len(parts) > 0
    candidates = []
    for class_id in np.unique(parts.class_id):
        rows_of_class = np.flatnonzero(parts.class_id == class_id)
        confidence = float(parts.confidence[rows_of_class].max())
        if use_masks:
            assert parts.mask is not None
            height, width = parts.mask.shape[1:]
            rows, cols, region = _damage_region(damage, i, height, width)
            pixels = int(region.sum())
            covered = parts.mask[rows_of_class, rows, cols].any(axis=0) & region
            overlap = float(covered.sum()) / pixels if pixels else 0.0
        else:
            overlap = max(_box_cover(damage.xyxy[i], parts.xyxy[r]) for r in rows_of_class)
        if overlap > 0:
            candidates.append(PartCandidate(part_names[int(class_id)], round(overlap, 4), round(confidence, 4)))
    return sorted(candidates, key=lambda c: (-c.overlap, -c.confidence, c.part))


def decide(candidates: Sequence[PartCandidate], *, measured_by: Method) -> PartMatch:
    """Apply the thresholds to ranked candidates.

    >>> decide([PartCandidate("hood", 0.9, 0.8)], measured_by="mask_overlap").part
    'hood'
    >>> decide([PartCandidate("hood", 0.5, 0.8), PartCandidate("front_bumper", 0.45, 0.9)],
    ...        measured_by="mask_overlap").method
    'ambiguous'
    """
    ranked = tuple(candidates)
    best = ranked[0] if ranked else None
    if best is None or best.overlap < MIN_OVERLAP:
        return PartMatch(UNKNOWN, None, "no_part_visible", best.overlap if best else 0.0, ranked)
    if len(ranked) > 1 and best.overlap - ranked[1].overlap < AMBIGUITY_MARGIN:
        return PartMatch(UNKNOWN, None, "ambiguous", best.overlap, ranked)
    return PartMatch(best.part, part_side(best.part), measured_by, best.overlap, ranked)


def match_damage_to_parts(damage: Detections, parts: Detections, part_names: Sequence[str]) -> list[PartMatch]:
    """One :class:`PartMatch` per damage row, in the damage's row order.

    ``parts`` comes from the part segmenter on the same photo (masks at the
    photo's resolution); ``part_names`` are its card's classes.

    >>> parts = Detections(np.array([[0, 0, 10, 10]], np.float32), np.array([0.9], np.float32), np.array([0]),
    ...                    np.ones((1, 10, 10), bool))
    >>> damage = Detections(np.array([[2, 2, 4, 4]], np.float32), np.array([0.8], np.float32), np.array([0]))
    >>> m = match_damage_to_parts(damage, parts, ["front_left_door"])[0]
    >>> m.part, m.side, m.method, m.overlap
    ('front_left_door', 'left', 'mask_overlap', 1.0)
    """
    measured_by: Method = "mask_overlap" if parts.mask is not None else "box_overlap"
    return [decide(part_overlaps(damage, i, parts, part_names), measured_by=measured_by) for i in range(len(damage))]


def part_mask_area(parts: Detections, part_names: Sequence[str], part: str) -> float | None:
    """Pixels of ``part`` in the photo (the union of its masks), for :func:`inference.severity.grade`;
    ``None`` for ``unknown`` or a part without masks.

    >>> parts = Detections(np.array([[0, 0, 4, 4]], np.float32), np.array([0.9], np.float32), np.array([0]),
    ...                    np.ones((1, 4, 4), bool))
    >>> part_mask_area(parts, ["hood"], "hood"), part_mask_area(parts, ["hood"], UNKNOWN)
    (16.0, None)
    """
    if part == UNKNOWN or parts.mask is None or part not in part_names:
        return None
    rows = parts.class_id == list(part_names).index(part)
    return float(parts.mask[rows].any(axis=0).sum()) if rows.any() else None
