"""What each kind of job runs: the same service functions the requests ran before jobs existed,
with the runtimes of the process that runs the job (read at run time, so a runtime swapped in
the state is the one used)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from functools import partial

from sqlalchemy.orm import Session

from api.assessments import service as assessments
from api.capture import service as capture
from api.db.models.assessment import Assessment
from api.deps import DetectorNotLoaded, OcrNotLoaded
from api.documents import service as documents
from api.jobs.service import Attempt, Handler
from api.jobs.states import JobKind
from api.state import AppState
from api.straight_through import service as straight_through


def run_assessment_job(state: AppState, attempt: Attempt) -> None:
    ticket = attempt.ticket
    detector = state.detector
    if detector is None:
        raise DetectorNotLoaded("The damage detector is not loaded on this instance.")
    # The customer's own request (their photos are in) is the provisional path: the pipeline runs
    # it and prices a provisional estimate in the transaction that stores the findings.
    provisional = straight_through.is_provisional(ticket.actor)
    actor = straight_through.PIPELINE if provisional else ticket.actor

    def stored(session: Session, assessment_id: uuid.UUID) -> None:
        attempt.stored(session, assessment_id)
        # Each photo's quality check (decoded and measured by the job, not the upload) goes with the photo.
        assessment = session.get(Assessment, assessment_id)
        if assessment is not None:
            capture.record_checks(session, assessment=assessment)
        if provisional:
            threshold = detector.card.confidence_threshold
            straight_through.after_assessment(session, claim_id=ticket.claim_id, confidence_threshold=threshold)

    if ticket.attempts > 1:
        assessments.resume_interrupted(state.session_factory, claim_id=ticket.claim_id, actor=actor)
    try:
        assessments.run_assessment(
            state.session_factory,
            claim_id=ticket.claim_id,
            actor=actor,
            detector=detector,
            parts=state.parts,
            blobs=state.blobs,
            on_progress=attempt.progress,
            on_stored=stored,
            photos_at_once=state.settings.jobs.photos_at_once,
        )
    except Exception as exc:
        if attempt.is_last(exc):  # no attempt follows: the claim must not stay 'assessing'
            assessments.resume_interrupted(state.session_factory, claim_id=ticket.claim_id, actor=actor)
        raise


def run_reading_job(state: AppState, attempt: Attempt) -> None:
    ticket = attempt.ticket
    if state.ocr is None:
        raise OcrNotLoaded("Document OCR is not loaded on this instance.")
    assert ticket.subject_id is not None  # a reading job names its document
    documents.run_reading(
        state.session_factory,
        claim_id=ticket.claim_id,
        document_id=ticket.subject_id,
        actor=ticket.actor,
        engine=state.ocr,
        blobs=state.blobs,
        tz=state.tz,
        on_stored=attempt.stored,
    )


HANDLERS: Mapping[JobKind, Callable[[AppState, Attempt], None]] = {
    JobKind.ASSESSMENT: run_assessment_job,
    JobKind.DOCUMENT_READING: run_reading_job,
}


def bound(state: AppState) -> dict[JobKind, Handler]:
    """The handlers, each bound to the runtimes of ``state``."""
    return {kind: partial(handler, state) for kind, handler in HANDLERS.items()}
