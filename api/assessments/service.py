"""Run the damage detector over a claim's photos and keep every finding with the model version."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.assessments.analysis import analyse_stored_photo
from api.assessments.errors import NoAssessment, NoPhotosToAssess, NotAssessable
from api.auth.actor import Actor
from api.db.models import Claim, Photo
from api.db.models.assessment import Assessment, Finding
from api.storage import repository as storage_repository
from api.storage.blobstore import BlobStore
from api.workflow import service as workflow
from api.workflow.states import ClaimState
from inference.parts import PartSegmenter
from inference.runtime import DamageDetector

log = structlog.get_logger(__name__)

# A new assessment may run before review and while under review (re-run after more photos).
ASSESSABLE = frozenset({ClaimState.SUBMITTED, ClaimState.UNDER_REVIEW, ClaimState.REOPENED})


def _analyse(
    detector: DamageDetector, parts: PartSegmenter | None, blobs: BlobStore, photos: Sequence[Photo]
) -> tuple[list[Finding], dict[str, list[dict[str, object]]]]:
    findings: list[Finding] = []
    quality: dict[str, list[dict[str, object]]] = {}
    for photo in photos:
        result = analyse_stored_photo(blobs.path_of(photo.sha256).read_bytes(), detector=detector, parts=parts)
        quality[str(photo.id)] = result.quality_flags
        for f in result.findings:
            x1, y1, x2, y2 = f.xyxy
            findings.append(
                Finding(
                    photo_id=photo.id,
                    rank=len(findings),
                    damage_type=f.damage_type,
                    confidence=f.confidence,
                    x1=x1,
                    y1=y1,
                    x2=x2,
                    y2=y2,
                    part=f.part,
                    part_method=f.part_method,
                    severity=f.severity,
                    severity_rule=f.severity_rule,
                )
            )
    return findings, quality


def assess_claim(
    session: Session,
    *,
    claim: Claim,
    actor: Actor,
    detector: DamageDetector,
    parts: PartSegmenter | None,
    blobs: BlobStore,
) -> Assessment:
    """Detect damage on every photo of ``claim``; the claim moves on to review.

    Blocking (inference): call it from a sync endpoint or a worker thread, never the event loop.
    """
    if claim.state not in ASSESSABLE:
        raise NotAssessable(f"A claim that is '{claim.state}' cannot be assessed.")
    photos = storage_repository.photos_of(session, claim_id=claim.id)
    if not photos:
        raise NoPhotosToAssess("Upload at least one photo of the damage first.")
    if claim.state is ClaimState.SUBMITTED:
        workflow.transition(session, claim=claim, to=ClaimState.ASSESSING, actor=actor, reason="automatic assessment")
    start = time.perf_counter()
    found, quality = _analyse(detector, parts, blobs, photos)
    latency_ms = round(1000 * (time.perf_counter() - start))
    card = detector.card
    assessment = Assessment(
        claim_id=claim.id,
        requested_by=actor.user_id,
        model_name=card.name,
        model_version=card.version,
        model_sha256=card.sha256,
        photo_count=len(photos),
        latency_ms=latency_ms,
        not_detectable=",".join(card.untrained_classes),
        part_model_version=parts.card.version if parts is not None else None,
        quality_json=json.dumps(quality, ensure_ascii=False),
        findings=found,
    )
    session.add(assessment)
    if claim.state is ClaimState.ASSESSING:
        workflow.transition(
            session,
            claim=claim,
            to=ClaimState.UNDER_REVIEW,
            actor=actor,
            reason=f"{len(found)} findings on {len(photos)} photos by {card.name} {card.version}",
        )
    session.flush()
    log.info(
        "assessment.completed",
        claim_id=str(claim.id),
        photos=len(photos),
        findings=len(found),
        model_version=card.version,
        latency_ms=latency_ms,
    )
    return assessment


def latest(session: Session, *, claim: Claim) -> Assessment:
    """The claim's most recent assessment."""
    query = select(Assessment).where(Assessment.claim_id == claim.id).order_by(Assessment.created_at.desc()).limit(1)
    assessment = session.scalars(query).first()
    if assessment is None:
        raise NoAssessment("This claim has not been assessed yet.")
    return assessment
