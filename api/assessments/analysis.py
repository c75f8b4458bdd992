"""One photo through the models: damage, the part it is on, how bad, and whether to retake it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt
import structlog

from api.assessments.part_fusion import family_evidence, fuse_part
from api.capture.prior import PartDecision
from api.storage.blobstore import BlobStore
from inference.damaged_parts import SeesDamagedParts, TellsBumperEnd, damage_families
from inference.detections import Detections
from inference.errors import ImageError
from inference.images import MODEL_SIDE, decode_for_models
from inference.matching import UNKNOWN, match_damage_to_parts, part_mask_area
from inference.parts import PartSegmenter
from inference.quality import assess_capture
from inference.runtime import DamageDetector
from inference.severity import grade

NO_PART_MODEL = "no_part_model"
UNREADABLE_FLAG: dict[str, object] = {
    "code": "unreadable",
    "message_zh": "照片无法读取，请删除后重新上传",
    "message_en": "The photo could not be read: delete it and upload it again.",
    "value": 0.0,
    "threshold": 0.0,
}

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class PhotoFinding:
    damage_type: str
    confidence: float
    xyxy: tuple[float, float, float, float]
    part: str
    part_method: str
    severity: str
    severity_rule: str
    # The damaged-part model's family over the damage (None: no such model, or no box over it), and
    # the parts anywhere in the photo (the segmenter's, and the end-telling families of the damaged-part
    # model, api.assessments.part_fusion.family_evidence): the fusion's evidence.
    part_family: str | None = None
    seen_parts: tuple[str, ...] = ()
    # The side the family box's place tells (one of a pair of lamps: inference.damaged_parts.pair_sides).
    part_family_side: str | None = None
    # The end of the car a bumper family box shows, read by the bumper-end classifier (inference.bumper_end).
    part_family_end: str | None = None


@dataclass(frozen=True)
class PhotoAnalysis:
    findings: list[PhotoFinding]
    quality_flags: list[dict[str, object]]


def analyse_photo(
    image_rgb: npt.NDArray[np.uint8], *, detector: DamageDetector, parts: PartSegmenter | None
) -> PhotoAnalysis:
    """Damage findings with part, severity and the rule behind it, plus capture-quality flags.

    Without a part segmenter every part is ``unknown`` (method ``no_part_model``) and
    severity compares the damage with the photo instead of the part.
    """
    damage = detector.detect(image_rgb)
    names = detector.card.classes
    height, width = image_rgb.shape[:2]
    found_parts: Detections | None = parts.segment(image_rgb) if parts is not None else None
    if found_parts is not None and parts is not None:
        matches = match_damage_to_parts(damage, found_parts, parts.card.classes)
        where: list[tuple[str, str]] = [(m.part, m.method) for m in matches]
    else:
        where = [(UNKNOWN, NO_PART_MODEL)] * len(damage)
    types = [names[int(c)] for c in damage.class_id]
    families: list[str | None] = [None] * len(damage)
    family_sides: list[str | None] = [None] * len(damage)
    family_ends: list[str | None] = [None] * len(damage)
    evidence: set[str] = set()
    if isinstance(parts, SeesDamagedParts) and len(damage):
        damaged = parts.damaged_parts
        boxes = damaged.detect(image_rgb)
        ends = damaged.bumper_end if isinstance(damaged, TellsBumperEnd) else None
        told = damage_families(
            image_rgb,
            damage.xyxy,
            boxes,
            damaged.card.classes,
            sure_at=damaged.card.confidence_threshold,
            bumper_end=ends,
        )
        families, family_sides, family_ends = told.over, told.sides, told.ends
        evidence = family_evidence(told.in_photo)
    if found_parts is not None and parts is not None:
        evidence |= {parts.card.classes[int(c)] for c in found_parts.class_id}
    seen = tuple(sorted(evidence))
    per_part = Counter(zip(types, (part for part, _ in where), strict=True))
    findings = []
    for i, (damage_type, (part, method)) in enumerate(zip(types, where, strict=True)):
        part_area = part_mask_area(found_parts, parts.card.classes, part) if found_parts is not None and parts else None
        severity = grade(
            damage_type=damage_type,
            damage_area_px=float(damage.area[i]),
            part_area_px=part_area,
            count_on_part=per_part[(damage_type, part)] if part != UNKNOWN else 1,
            image_area_px=float(height * width),
        )
        x1, y1, x2, y2 = (round(float(v), 1) for v in damage.xyxy[i])
        findings.append(
            PhotoFinding(
                damage_type,
                round(float(damage.confidence[i]), 4),
                (x1, y1, x2, y2),
                part,
                method,
                severity.level,
                severity.rule[:160],
                families[i],
                seen,
                family_sides[i],
                family_ends[i],
            )
        )
    flags = assess_capture(
        image_rgb, parts=found_parts, damage=damage, part_names=parts.card.classes if parts else None
    )
    return PhotoAnalysis(findings, [f.as_json() for f in flags])


def fused_part(finding: PhotoFinding, *, zone: str | None, zone_side: str | None) -> PartDecision:
    """The part of a finding from every source that can tell (docs/part-fusion.md): the segmenter's,
    else the damaged-part model's family, else the photo's capture zone and side (None: no tag)."""
    return fuse_part(
        finding.part,
        finding.part_method,
        family=finding.part_family,
        family_side=finding.part_family_side,
        family_end=finding.part_family_end,
        seen_parts=finding.seen_parts,
        zone=zone,
        zone_side=zone_side,
    )


def analyse_stored_photo(data: bytes, *, detector: DamageDetector, parts: PartSegmenter | None) -> PhotoAnalysis:
    """:func:`analyse_photo` on a stored photo's bytes, decoded only as large as the models need
    (longest side ``MODEL_SIDE`` px, or a model's input if larger); boxes come back in the
    stored photo's pixels. Part masks stay at that reduced size, so memory does not grow with
    the camera's resolution. Raises ``inference.errors.ImageError`` for unreadable bytes.
    """
    sides = [MODEL_SIDE, detector.card.imgsz, *([parts.card.imgsz] if parts is not None else [])]
    if isinstance(parts, SeesDamagedParts):
        sides.append(parts.damaged_parts.card.imgsz)
    decoded = decode_for_models(data, long_side=max(sides))
    result = analyse_photo(decoded.image_rgb, detector=detector, parts=parts)
    if decoded.scale == 1.0:
        return result
    findings = []
    for f in result.findings:
        x1, y1, x2, y2 = (round(float(v), 1) for v in decoded.to_photo_xyxy(np.array([f.xyxy], np.float32))[0])
        findings.append(replace(f, xyxy=(x1, y1, x2, y2)))
    return PhotoAnalysis(findings, result.quality_flags)


@runtime_checkable
class AnalysesStoredPhotos(Protocol):
    """A detector that runs the whole per-photo analysis where it lives (the Ray runner's: the
    photo is read, decoded and checked on a worker, next to the models, not on the API host)."""

    def analyse_stored(self, sha256: str) -> PhotoAnalysis: ...


def analyse_stored_file(
    blobs: BlobStore, sha256: str, *, detector: DamageDetector, parts: PartSegmenter | None
) -> PhotoAnalysis:
    """:func:`analyse_stored_photo` on a stored file. A file that is missing, altered or cannot be
    decoded gives no findings and one ``unreadable`` flag, so one bad photo never stops an assessment.
    A detector that :class:`AnalysesStoredPhotos` is handed the file's name instead, and does the
    same where it runs."""
    if isinstance(detector, AnalysesStoredPhotos):
        return detector.analyse_stored(sha256)
    try:
        return analyse_stored_photo(blobs.read(sha256), detector=detector, parts=parts)
    except (OSError, ImageError) as exc:
        log.warning("assessment.photo_unreadable", file=sha256[:12], error=type(exc).__name__)
        return PhotoAnalysis([], [dict(UNREADABLE_FLAG)])
