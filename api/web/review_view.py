"""What the adjuster's review workspace draws: each photo of the claim large, with the findings as
corrected (AI, adjuster, customer-reported; rejected ones struck through) boxed over it, and the
car diagram whose zones name a part and side for the correction forms. Presentation only: the
forms post to the corrections and estimate routes, which call the same services as the API."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from api.assessments.part_fusion import hint_of
from api.assessments.schemas import CurrentFindingRead
from api.capture import quality
from api.capture.vocabulary import zone_part
from api.db.models import Photo
from api.reports.label_layout import BoxLabel, is_wide, place_labels
from api.web.car_diagram import SHAPES, VIEWBOX, Shape

DIAGRAM_VIEWBOX: Final = " ".join(map(str, VIEWBOX))


@dataclass(frozen=True)
class NumberedFinding:
    """A finding with its number in the review table (the box's label says the same number)."""

    number: int
    finding: CurrentFindingRead


@dataclass(frozen=True)
class ReviewPhoto:
    number: int
    id: uuid.UUID
    width: int
    height: int
    findings: list[NumberedFinding] = field(default_factory=list)
    # Reasons to retake the photo, as (中文, English): the capture check at upload and the
    # assessment's, each code once.
    quality: list[tuple[str, str]] = field(default_factory=list)
    # Uploaded after the assessment (nothing was found on it yet): it may still be removed.
    removable: bool = False


def _quality(photo: Photo, assessed: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    seen: dict[str, tuple[str, str]] = {}
    for check in quality.load(photo.quality_json):
        seen.setdefault(check.code, (check.message_zh, check.message_en))
    for flag in assessed:
        seen.setdefault(str(flag.get("code")), (str(flag.get("message_zh", "")), str(flag.get("message_en", ""))))
    return list(seen.values())


@dataclass(frozen=True)
class DiagramZone:
    """A diagram zone that is one part of the estimate: clicking it picks ``part`` (and ``side``
    where the part code names none, as for a wheel)."""

    shape: Shape
    part: str
    side: str


def review_photos(
    photos: Sequence[Photo],
    findings: Sequence[CurrentFindingRead],
    *,
    quality_json: str = "{}",
    assessed_at: datetime | None = None,
) -> list[ReviewPhoto]:
    """Every photo of the claim in upload order (a photo where the AI found nothing is where a
    missed damage is boxed), each with its findings numbered as in the review table, its quality
    flags (``quality_json``: the assessment's, by photo id) and whether it came after the
    assessment (``assessed_at``), so it may still be removed. The workspace is the one place the
    staff claim page shows the photos."""
    assessed: dict[str, list[dict[str, Any]]] = json.loads(quality_json or "{}")
    out = [
        ReviewPhoto(
            n,
            p.id,
            p.width,
            p.height,
            quality=_quality(p, assessed.get(str(p.id), [])),
            removable=assessed_at is not None and assessed_at < p.created_at,
        )
        for n, p in enumerate(photos, start=1)
    ]
    by_id = {p.id: p for p in out}
    for number, finding in enumerate(findings, start=1):
        photo = by_id.get(finding.photo_id)
        if photo is not None:
            photo.findings.append(NumberedFinding(number, finding))
    return out


def finding_lines(numbered: NumberedFinding, t: Callable[[object], str]) -> tuple[str, str]:
    """A box's label: ``#n`` type, the AI's confidence, rejected; then part (while it is unknown, the
    damaged-part model's guess with a question mark), side and severity."""
    f = numbered.finding
    first = f"#{numbered.number} {t(f.damage_type)}"
    if f.origin.value == "ai":
        first += f" {f.confidence * 100:.0f}%"
    if f.rejected:
        first += f" · {t('correct.rejected')}"
    second = [t(f.part)]
    if (hint := hint_of(f.part_method)) is not None:  # unknown, but the damaged-part model has a guess
        family, side = hint
        guess = t("family." + family)
        mark = "？" if any(map(is_wide, guess)) else "?"  # 尾灯？ / Tail lamp?
        second = [f"{guess[:1].upper()}{guess[1:]}{mark}"] + ([t(side)] if side else [])
    if f.side and f.side not in f.part:
        second.append(t(f.side))
    if f.severity:
        second.append(t(f.severity))
    return first, " · ".join(second)


def photo_labels(photo: ReviewPhoto, t: Callable[[object], str]) -> list[tuple[NumberedFinding, BoxLabel, str]]:
    """Each finding of ``photo`` with where its label goes (:func:`api.reports.label_layout.place_labels`)
    and its whole text, for the box's tooltip."""
    texts = [finding_lines(n, t) for n in photo.findings]
    boxes = [(b[0], b[1], b[2], b[3]) for b in (n.finding.xyxy for n in photo.findings)]
    labels = place_labels(boxes, texts, photo.width, photo.height)
    return [(n, label, " · ".join(text)) for n, label, text in zip(photo.findings, labels, texts, strict=True)]


def actor_ids(corrections: Sequence[CurrentFindingRead], revisions: Sequence[dict[str, Any] | None]) -> set[uuid.UUID]:
    """Who made the findings' corrections and the estimate's revisions (stored version bodies)."""
    ids = {h.actor_id for f in corrections for h in f.history if h.actor_id is not None}
    for body in revisions:
        actor = ((body or {}).get("revision") or {}).get("actor_id")
        try:
            ids.add(uuid.UUID(str(actor)))
        except ValueError:
            continue
    return ids


def diagram_zones() -> list[DiagramZone]:
    """The car diagram's zones that map to one part code (a side window, front or rear door glass, does not)."""
    zones = []
    for shape in SHAPES:
        mapped = zone_part(shape.zone, shape.side)
        if mapped is not None:
            zones.append(DiagramZone(shape, mapped[0], mapped[1] or ""))
    return zones
