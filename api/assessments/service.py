"""Run the damage detector over a claim's photos and keep every finding with the model version."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.assessments.analysis import PhotoAnalysis, analyse_stored_file, fused_part
from api.assessments.errors import AssessmentFailed, NoAssessment, NoPhotosToAssess, NotAssessable
from api.auth.actor import Actor
from api.claims import repository as claims_repository
from api.claims.errors import ClaimNotFound
from api.db.engine import unit_of_work
from api.db.models import Claim, Photo
from api.db.models.assessment import Assessment, Finding
from api.errors import ClaimSightError
from api.jobs import repository as jobs
from api.jobs import service as job_service
from api.jobs.models import Job
from api.jobs.states import JobKind
from api.reasons import Reason, TextCode
from api.storage import repository as storage_repository
from api.storage.blobstore import BlobStore
from api.workflow import service as workflow
from api.workflow.errors import ConcurrentUpdate
from api.workflow.states import ClaimState
from inference.damaged_parts import SeesDamagedParts, bumper_end_card
from inference.parts import PartSegmenter
from inference.runtime import DamageDetector

log = structlog.get_logger(__name__)

# A new assessment may run before review and while under review (re-run after more photos).
ASSESSABLE = frozenset({ClaimState.SUBMITTED, ClaimState.UNDER_REVIEW, ClaimState.REOPENED})

# Photos analysed so far, photos to analyse.
Progress = Callable[[int, int], None]
# Called in the transaction that stores the assessment, with its id (a job marks itself done).
OnStored = Callable[[Session, uuid.UUID], None]


def _analyse(
    detector: DamageDetector,
    parts: PartSegmenter | None,
    blobs: BlobStore,
    photos: Sequence[Photo],
    on_progress: Progress | None = None,
    photos_at_once: int = 1,
) -> tuple[list[Finding], dict[str, list[dict[str, object]]]]:
    """Each photo through the models, ``photos_at_once`` of them side by side (one claim spreads
    over the cores); the findings keep the photos' order whatever order they finish in."""
    findings: list[Finding] = []
    quality: dict[str, list[dict[str, object]]] = {}

    def analyse(photo: Photo) -> PhotoAnalysis:
        return analyse_stored_file(blobs, photo.sha256, detector=detector, parts=parts)

    with ThreadPoolExecutor(max_workers=max(1, min(photos_at_once, len(photos))), thread_name_prefix="photo") as pool:
        results = pool.map(analyse, photos)
        for done, (photo, result) in enumerate(zip(photos, results, strict=True)):
            if on_progress is not None:
                on_progress(done, len(photos))
            findings += _findings_of(photo, result, first_rank=len(findings))
            quality[str(photo.id)] = result.quality_flags
    return findings, quality


def _findings_of(photo: Photo, result: PhotoAnalysis, *, first_rank: int) -> list[Finding]:
    findings: list[Finding] = []
    for f in result.findings:
        x1, y1, x2, y2 = f.xyxy
        # The segmenter, else the damaged-part model, else the customer's zone tag (docs/part-fusion.md).
        part = fused_part(f, zone=photo.zone, zone_side=photo.zone_side)
        findings.append(
            Finding(
                photo_id=photo.id,
                rank=first_rank + len(findings),
                damage_type=f.damage_type,
                confidence=f.confidence,
                x1=x1,
                y1=y1,
                x2=x2,
                y2=y2,
                part=part.part,
                part_method=part.method,
                side=part.side,
                severity=f.severity,
                severity_rule=f.severity_rule,
            )
        )
    return findings


@dataclass(frozen=True)
class StartedAssessment:
    """What the first short transaction hands to the model run: the photos to read (detached
    rows: id and sha256), and the claim's version when the run started."""

    claim_id: uuid.UUID
    photos: tuple[Photo, ...]
    claim_version: int
    moved_to_assessing: bool


def start_assessment(session: Session, *, claim: Claim, actor: Actor) -> StartedAssessment:
    """Check the claim may be assessed, read its photo list and move it to 'assessing'.

    The caller holds the claim's row lock; commit right after, before the models run.
    """
    if claim.state not in ASSESSABLE:
        raise NotAssessable(f"A claim that is '{claim.state}' cannot be assessed.")
    photos = tuple(storage_repository.photos_of(session, claim_id=claim.id))
    if not photos:
        raise NoPhotosToAssess("Upload at least one photo of the damage first.")
    moved = claim.state is ClaimState.SUBMITTED
    if moved:
        workflow.transition(
            session, claim=claim, to=ClaimState.ASSESSING, actor=actor, reason=Reason(TextCode.ASSESSMENT_STARTED)
        )
    session.flush()
    return StartedAssessment(claim.id, photos, claim.version_id, moved)


def request_assessment(session: Session, *, claim: Claim, actor: Actor, max_attempts: int) -> Job:
    """Queue the assessment job (the caller holds the claim's row lock), after the checks that
    would fail it at once: the claim's state and its photos (409). A job already queued or
    running for the claim is answered instead: the models run once."""
    running = jobs.active(session, claim_id=claim.id, kind=JobKind.ASSESSMENT, subject_id=None)
    if running is not None:
        return running
    if claim.state not in ASSESSABLE:
        raise NotAssessable(f"A claim that is '{claim.state}' cannot be assessed.")
    if not storage_repository.photos_of(session, claim_id=claim.id):
        raise NoPhotosToAssess("Upload at least one photo of the damage first.")
    return job_service.submit(session, claim=claim, kind=JobKind.ASSESSMENT, actor=actor, max_attempts=max_attempts)


def _locked_unchanged(session: Session, started: StartedAssessment) -> Claim:
    claim = claims_repository.get(session, claim_id=started.claim_id, for_update=True)
    if claim is None or claim.version_id != started.claim_version:
        raise ConcurrentUpdate("The claim changed while its photos were being assessed; run the assessment again.")
    present = {photo.id for photo in storage_repository.photos_of(session, claim_id=claim.id)}
    if not {photo.id for photo in started.photos} <= present:
        raise ConcurrentUpdate("A photo was removed while the photos were being assessed; run the assessment again.")
    return claim


def finish_assessment(
    session: Session,
    *,
    started: StartedAssessment,
    actor: Actor,
    detector: DamageDetector,
    parts: PartSegmenter | None,
    found: list[Finding],
    quality: dict[str, list[dict[str, object]]],
    latency_ms: int,
) -> Assessment:
    """Store the findings and move the claim on to review, if nobody changed it meanwhile
    (``ConcurrentUpdate`` otherwise: nothing is stored)."""
    claim = _locked_unchanged(session, started)
    card = detector.card
    assessment = Assessment(
        claim_id=claim.id,
        requested_by=actor.user_id,
        model_name=card.name,
        model_version=card.version,
        model_sha256=card.sha256,
        photo_count=len(started.photos),
        latency_ms=latency_ms,
        not_detectable=",".join(card.untrained_classes),
        part_model_version=parts.card.version if parts is not None else None,
        damaged_part_model_version=parts.damaged_parts.card.version if isinstance(parts, SeesDamagedParts) else None,
        bumper_end_model_version=(ends.version if (ends := bumper_end_card(parts)) is not None else None),
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
            reason=Reason(
                TextCode.ASSESSMENT_FINDINGS,
                {"findings": len(found), "photos": len(started.photos), "model": card.name, "version": card.version},
            ),
        )
    session.flush()
    log.info(
        "assessment.completed",
        claim_id=str(claim.id),
        photos=len(started.photos),
        findings=len(found),
        model_version=card.version,
        latency_ms=latency_ms,
    )
    return assessment


def abandon_assessment(session: Session, *, started: StartedAssessment, actor: Actor, reason: Reason) -> None:
    """The models failed: a claim this run moved to 'assessing' goes back to 'submitted' (retry)."""
    claim = claims_repository.get(session, claim_id=started.claim_id, for_update=True)
    if started.moved_to_assessing and claim is not None and claim.state is ClaimState.ASSESSING:
        workflow.transition(session, claim=claim, to=ClaimState.SUBMITTED, actor=actor, reason=reason)


def run_assessment(
    factory: sessionmaker[Session],
    *,
    claim_id: uuid.UUID,
    actor: Actor,
    detector: DamageDetector,
    parts: PartSegmenter | None,
    blobs: BlobStore,
    on_progress: Progress | None = None,
    on_stored: OnStored | None = None,
    photos_at_once: int = 1,
) -> Assessment:
    """Detect damage on every photo of the claim; the claim moves on to review.

    Three steps, so no lock is held while the models run (STYLE 20): a short transaction checks
    the claim and moves it to 'assessing'; the models run with no transaction open; a second
    short transaction stores the findings and moves the claim to review. When the models fail
    the claim goes back to 'submitted' in its own transaction and the error is answered.
    Blocking (inference): call it from a sync endpoint or a worker thread, never the event loop;
    the assessment job (``api.jobs.handlers``) is its caller, and ``on_stored`` marks the job
    done in the transaction that stores the findings (if that fails, nothing is stored). The
    caller has checked the actor may see the claim.
    """
    with unit_of_work(factory) as session:
        claim = claims_repository.get(session, claim_id=claim_id, for_update=True)
        if claim is None:
            raise ClaimNotFound()
        started = start_assessment(session, claim=claim, actor=actor)
    began = time.perf_counter()
    try:
        found, quality = _analyse(detector, parts, blobs, started.photos, on_progress, photos_at_once)
    except Exception as exc:
        with unit_of_work(factory) as session:
            abandon_assessment(
                session,
                started=started,
                actor=actor,
                reason=Reason(TextCode.ASSESSMENT_FAILED, {"error": type(exc).__name__}),
            )
        log.warning("assessment.failed", claim_id=str(claim_id), error_type=type(exc).__name__)
        if isinstance(exc, ClaimSightError):
            raise
        raise AssessmentFailed("The models could not assess these photos; the claim is back to 'submitted'.") from exc
    latency_ms = round(1000 * (time.perf_counter() - began))
    with unit_of_work(factory) as session:
        assessment = finish_assessment(
            session,
            started=started,
            actor=actor,
            detector=detector,
            parts=parts,
            found=found,
            quality=quality,
            latency_ms=latency_ms,
        )
        if on_stored is not None:
            on_stored(session, assessment.id)
    return assessment


def resume_interrupted(factory: sessionmaker[Session], *, claim_id: uuid.UUID, actor: Actor) -> bool:
    """Before a job's next attempt, or after its last: a claim an attempt left in 'assessing'
    (its runner stopped, or the claim changed under it) goes back to 'submitted', so the next
    attempt starts from the beginning, or the claim can be assessed again. Only an
    assessment job moves a claim to 'assessing' and a claim has one such job at a time, so the
    state is that job's own."""
    with unit_of_work(factory) as session:
        claim = claims_repository.get(session, claim_id=claim_id, for_update=True)
        if claim is None or claim.state is not ClaimState.ASSESSING:
            return False
        workflow.transition(
            session, claim=claim, to=ClaimState.SUBMITTED, actor=actor, reason=Reason(TextCode.ASSESSMENT_INTERRUPTED)
        )
    log.warning("assessment.resumed", claim_id=str(claim_id))
    return True


def recover_interrupted(factory: sessionmaker[Session], *, before: datetime) -> int:
    """Claims a stopped process left in 'assessing' (moved there before ``before``, this
    process's start) go back to 'submitted', so the assessment can be asked for again. A run
    still going in a sibling worker then finds its claim changed and stores nothing (409)."""
    actor = Actor.system("assessment-recovery")
    with unit_of_work(factory) as session:
        stuck = session.scalars(
            select(Claim)
            .where(Claim.state == ClaimState.ASSESSING, Claim.updated_at < before)
            .order_by(Claim.id)
            .with_for_update()
        ).all()
        for claim in stuck:
            workflow.transition(
                session,
                claim=claim,
                to=ClaimState.SUBMITTED,
                actor=actor,
                reason=Reason(TextCode.ASSESSMENT_STOPPED),
            )
    if stuck:
        log.warning("assessment.recovered", claims=len(stuck))
    return len(stuck)


def latest(session: Session, *, claim: Claim) -> Assessment:
    """The claim's most recent assessment."""
    query = select(Assessment).where(Assessment.claim_id == claim.id).order_by(Assessment.created_at.desc()).limit(1)
    assessment = session.scalars(query).first()
    if assessment is None:
        raise NoAssessment("This claim has not been assessed yet.")
    return assessment
