"""What the pages show, read through the domains' services and repositories: annotated
photos, the timeline, the staff queue. No HTTP here."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import case, exists, select
from sqlalchemy.orm import Session

from api.customers.models import CustomerRisk
from api.db.models import Claim, Photo
from api.reports.label_layout import BoxLabel, place_labels
from api.storage import repository as storage_repository
from api.workflow.states import BEFORE_ASSESSMENT, ClaimState

GRID_LABEL_SHARE: Final = 0.05  # a label's type in the photo grid, as a share of the photo's height


@dataclass(frozen=True)
class Box:
    label: str
    confidence: float | None  # the detector's; None for a damage an adjuster or the customer added
    xyxy: tuple[float, float, float, float]
    number: int  # the finding's row in the findings table


@dataclass
class AnnotatedPhoto:
    photo: Photo
    boxes: list[Box] = field(default_factory=list)


@dataclass(frozen=True)
class AssessmentView:
    model_name: str
    model_version: str
    created_at: datetime
    findings: list[tuple[uuid.UUID, Box, str, str | None]]  # photo, box, part, severity


def latest_assessment(session: Session, *, claim: Claim) -> AssessmentView | None:
    from api.assessments import service as assessments
    from api.assessments.errors import NoAssessment

    try:
        row = assessments.latest(session, claim=claim)
    except NoAssessment:
        return None
    return AssessmentView(
        model_name=row.model_name,
        model_version=row.model_version,
        created_at=row.created_at,
        findings=[
            (
                f.photo_id,
                Box(f.damage_type, f.confidence if f.origin == "ai" else None, (f.x1, f.y1, f.x2, f.y2), number),
                f.part,
                f.severity,
            )
            # a false finding an adjuster rejected is not drawn or listed
            for number, f in enumerate((f for f in row.findings if not f.rejected), start=1)
        ],
    )


def annotated_photos(session: Session, *, claim: Claim, assessment: AssessmentView | None) -> list[AnnotatedPhoto]:
    boxes: dict[uuid.UUID, list[Box]] = defaultdict(list)
    for photo_id, box, _part, _severity in assessment.findings if assessment else []:
        boxes[photo_id].append(box)
    return [AnnotatedPhoto(p, boxes[p.id]) for p in storage_repository.photos_of(session, claim_id=claim.id)]


def photo_tags(item: AnnotatedPhoto, t: Callable[[object], str]) -> list[tuple[Box, BoxLabel]]:
    """Each box of ``item`` with where its one-line label (``#n`` type, confidence) goes, so that no
    label covers another (:func:`api.reports.label_layout.place_labels`; a crowded box shows its number,
    the findings table under the photos has the rest)."""
    texts = [
        (f"#{b.number} {t(b.label)}" + (f" {b.confidence * 100:.0f}%" if b.confidence is not None else ""),)
        for b in item.boxes
    ]
    # The photos are small here (a phone's width, or a grid): a larger type than the workspace's.
    size = GRID_LABEL_SHARE * item.photo.height
    labels = place_labels([b.xyxy for b in item.boxes], texts, item.photo.width, item.photo.height, size=size)
    return list(zip(item.boxes, labels, strict=True))


@dataclass(frozen=True)
class CaptureFeedback:
    """A photo's quality check as the customer sees it after an upload: ``checked`` False until
    the assessment job ran it (the upload itself only checks type, size and shape)."""

    checked: bool
    messages: list[tuple[str, str]]  # (中文, English) reasons to retake; empty: good enough


def capture_feedback(photo: Photo) -> CaptureFeedback:
    """The photo's stored quality check (nothing is decoded here: the job checked the photo)."""
    from api.capture import quality

    checks = quality.load(photo.quality_json)
    return CaptureFeedback(photo.quality_json is not None, [(c.message_zh, c.message_en) for c in checks])


def staff_queue(session: Session, *, now: datetime, limit: int = 100) -> Sequence[Claim]:
    """Claims waiting for an adjuster: overdue first, then by the nearest assessment deadline,
    complex cases before simple ones on the same deadline."""
    waiting = [*BEFORE_ASSESSMENT, ClaimState.DISPUTED]
    overdue_first = case((Claim.assessment_due_at < now, 0), else_=1)
    tier_order = case({"complex": 0, "normal": 1, "simple": 2}, value=Claim.tier, else_=3)
    query = (
        select(Claim)
        .where(Claim.state.in_(waiting))
        .order_by(overdue_first, Claim.assessment_due_at, tier_order, Claim.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def escalated_claims(session: Session, *, limit: int = 50) -> Sequence[Claim]:
    """The supervisor's escalated claims: high-risk customers' first (the stored flag sorts first in
    every queue), then the nearest assessment deadline."""
    flagged = exists().where(CustomerRisk.customer_id == Claim.customer_id, CustomerRisk.high_risk.is_(True))
    query = (
        select(Claim)
        .where(Claim.assessment_escalated_at.is_not(None) | Claim.payment_escalated_at.is_not(None))
        .where(Claim.state != ClaimState.CLOSED)
        .order_by(case((flagged, 0), else_=1), Claim.assessment_due_at, Claim.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def complaints_of(session: Session, *, claim: Claim) -> list[object]:
    """The claim's complaints, newest first."""
    from api.disputes.models import Complaint

    query = select(Complaint).where(Complaint.claim_id == claim.id).order_by(Complaint.received_at.desc())
    return list(session.scalars(query).all())
