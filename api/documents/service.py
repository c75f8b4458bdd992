"""Read a stored document with OCR, keep corrections with who and when, flag cross-check mismatches.

Field values are personal data (names, ID numbers): they are stored, never logged.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

import structlog
from sqlalchemy.orm import Session, sessionmaker

from api.auth.actor import Actor
from api.claims import repository as claims_repository
from api.claims.errors import ClaimNotFound
from api.db.base import utcnow
from api.db.engine import unit_of_work
from api.db.models import Claim, Document
from api.db.models.ocr import DocumentFlag, DocumentReading, FieldCorrection
from api.documents import repository
from api.documents.access import check_may_correct
from api.documents.errors import ReadingNotFound, UnknownField, UnreadableDocument
from api.errors import ServiceUnavailable
from api.jobs import repository as jobs
from api.jobs import service as job_service
from api.jobs.models import Job
from api.jobs.states import JobKind
from api.storage import service as storage
from api.storage.blobstore import BlobStore
from api.storage.schemas import DocumentKind as UploadKind
from inference.errors import ImageError
from inference.ocr.crosscheck import flags_as_read_and_edited
from inference.ocr.engine import OcrEngine
from inference.ocr.errors import OcrUnavailable
from inference.ocr.fields import DocumentKind, Extraction, Field
from inference.ocr.upload import decode_document, read_page

log = structlog.get_logger(__name__)

# An upload's declared kind, used only when the page itself does not say what it is.
FALLBACK_KIND = {
    UploadKind.DRIVING_LICENCE: DocumentKind.DRIVING_LICENCE,
    UploadKind.VEHICLE_LICENCE: DocumentKind.VEHICLE_LICENCE,
    UploadKind.REPAIR_QUOTE: DocumentKind.REPAIR_QUOTE,
}


def _field_row(f: Field) -> dict[str, Any]:
    return {
        "name": f.name,
        "value": f.value,
        "ocr_value": f.value,
        "confidence": round(float(f.confidence), 4),
        "xyxy": [round(v, 1) for v in f.xyxy] if f.xyxy else None,
        "status": f.status.value,
        "message": f.message,
        "corrected_by": None,
        "corrected_at": None,
    }


def _run_ocr(data: bytes, engine: OcrEngine, hint: DocumentKind | None) -> tuple[Extraction, int]:
    started = time.perf_counter()
    try:
        page = decode_document(data)
    except ImageError as exc:
        raise UnreadableDocument(str(exc)) from exc
    try:
        extraction = read_page(page, engine)
        if extraction.kind is DocumentKind.UNKNOWN and hint is not None and extraction.line_count:
            extraction = read_page(page, engine, kind=hint)
    except OcrUnavailable as exc:  # a missing wheel model, a text-detector card that is not its file
        raise ServiceUnavailable(f"OCR cannot run: {exc}") from exc
    return extraction, int((time.perf_counter() - started) * 1000)


def store_reading(
    session: Session,
    *,
    claim: Claim,
    document_id: uuid.UUID,
    actor: Actor,
    engine_name: str,
    extraction: Extraction,
    latency_ms: int,
    tz: tzinfo,
) -> DocumentReading:
    """Keep what OCR read (the caller holds the claim's row lock) and refresh the cross-checks."""
    reading = DocumentReading(
        id=uuid.uuid4(),
        document_id=document_id,
        claim_id=claim.id,
        requested_by=actor.user_id,
        kind=extraction.kind.value,
        kind_confidence=float(extraction.kind_confidence),
        engine=engine_name,
        fields=[_field_row(f) for f in extraction.fields.values()],
        items=[{name: _field_row(cell) for name, cell in item.cells.items()} for item in extraction.items],
        messages=list(extraction.messages),
        quarter_turns=extraction.quarter_turns,
        latency_ms=latency_ms,
    )
    session.add(reading)
    session.flush()
    refresh_flags(session, claim=claim, tz=tz)
    log.info(
        "document.read",
        claim_id=str(claim.id),
        document_id=str(document_id),
        kind=reading.kind,
        fields_read=sum(f.value is not None for f in extraction.fields.values()),
        latency_ms=latency_ms,
    )
    return reading


def request_reading(session: Session, *, claim: Claim, document: Document, actor: Actor, max_attempts: int) -> Job:
    """Queue the reading job of ``document`` (the caller holds the claim's row lock and has found
    the document on the claim). A reading of it already queued or running is answered instead."""
    running = jobs.active(session, claim_id=claim.id, kind=JobKind.DOCUMENT_READING, subject_id=document.id)
    if running is not None:
        return running
    return job_service.submit(
        session,
        claim=claim,
        kind=JobKind.DOCUMENT_READING,
        actor=actor,
        max_attempts=max_attempts,
        subject_id=document.id,
    )


def run_reading(
    factory: sessionmaker[Session],
    *,
    claim_id: uuid.UUID,
    document_id: uuid.UUID,
    actor: Actor,
    engine: OcrEngine,
    blobs: BlobStore,
    tz: tzinfo,
    on_stored: Callable[[Session, uuid.UUID], None] | None = None,
) -> DocumentReading:
    """OCR a stored document and store the pre-filled fields, with no transaction open while
    OCR runs (STYLE 20): a short read finds the document, OCR runs, a short transaction stores
    the reading. Blocking: the reading job (``api.jobs.handlers``) calls it on a worker thread,
    and ``on_stored`` marks the job done in the transaction that stores the reading. The caller
    has checked the actor may see the claim."""
    with factory() as session:
        claim = claims_repository.get(session, claim_id=claim_id)
        if claim is None:
            raise ClaimNotFound()
        document = storage.get_document(session, claim=claim, document_id=document_id)
        sha256, declared = document.sha256, document.kind
    hint = FALLBACK_KIND.get(UploadKind(declared)) if declared in set(UploadKind) else None
    extraction, latency_ms = _run_ocr(blobs.read(sha256), engine, hint)
    with unit_of_work(factory) as session:
        claim = claims_repository.get(session, claim_id=claim_id, for_update=True)
        if claim is None:
            raise ClaimNotFound()
        reading = store_reading(
            session,
            claim=claim,
            document_id=document_id,
            actor=actor,
            engine_name=type(engine).__name__,
            extraction=extraction,
            latency_ms=latency_ms,
            tz=tz,
        )
        if on_stored is not None:
            on_stored(session, reading.id)
        return reading


def latest(session: Session, *, document: Document) -> DocumentReading:
    reading = repository.latest_reading(session, document_id=document.id)
    if reading is None:
        raise ReadingNotFound("Read the document first (POST .../readings).")
    return reading


def correct_field(
    session: Session, *, claim: Claim, reading: DocumentReading, name: str, value: str | None, actor: Actor, tz: tzinfo
) -> DocumentReading:
    """Set a field to the value a person says is right; the OCR value and the change are kept."""
    rows = [dict(row) for row in reading.fields]
    target = next((row for row in rows if row["name"] == name), None)
    if target is None:
        raise UnknownField(f"'{name}' is not a field of a {reading.kind} document.")
    assert actor.user_id is not None and actor.role is not None
    check_may_correct(actor.role, name)
    now = utcnow()
    session.add(
        FieldCorrection(
            id=uuid.uuid4(),
            reading_id=reading.id,
            field=name,
            previous_value=target["value"],
            value=value,
            ocr_value=target["ocr_value"],
            corrected_by=actor.user_id,
            created_at=now,
        )
    )
    target.update(value=value, corrected_by=str(actor.user_id), corrected_at=now.isoformat())
    reading.fields = rows  # a new list, so the JSON column is written
    session.flush()
    refresh_flags(session, claim=claim, tz=tz)
    log.info("document.field_corrected", claim_id=str(claim.id), reading_id=str(reading.id), field=name)
    return reading


def confirm(session: Session, *, reading: DocumentReading, actor: Actor) -> DocumentReading:
    reading.confirmed_by = actor.user_id
    reading.confirmed_at = utcnow()
    session.flush()
    log.info("document.reading_confirmed", reading_id=str(reading.id))
    return reading


def refresh_flags(session: Session, *, claim: Claim, tz: tzinfo) -> list[DocumentFlag]:
    """Re-run the cross-checks on the newest reading of each document and replace the claim's flags:
    over the values as read and as edited (an edit cannot clear a mismatch), and every edit."""
    as_read: dict[DocumentKind, dict[str, str | None]] = {}
    edited: dict[DocumentKind, dict[str, str | None]] = {}
    for reading in sorted(repository.latest_readings_of_claim(session, claim_id=claim.id), key=lambda r: r.created_at):
        kind = DocumentKind(reading.kind)
        if kind is not DocumentKind.UNKNOWN:
            as_read[kind] = {row["name"]: row["ocr_value"] for row in reading.fields}
            edited[kind] = {row["name"]: row["value"] for row in reading.fields}
    accident = claim.accident_at.astimezone(tz).date()
    repository.clear_flags(session, claim_id=claim.id)
    flags = [
        DocumentFlag(
            id=uuid.uuid4(),
            claim_id=claim.id,
            check=f.check.value,
            left_source=f.left_source,
            left_value=f.left_value,
            right_source=f.right_source,
            right_value=f.right_value,
            message=f.message,
        )
        for f in flags_as_read_and_edited(as_read, edited, accident=accident)
    ]
    session.add_all(flags)
    session.flush()
    if flags:
        log.info("document.flags_raised", claim_id=str(claim.id), checks=sorted({f.check for f in flags}))
    return flags


def flags(session: Session, *, claim: Claim) -> list[DocumentFlag]:
    return repository.flags_of(session, claim_id=claim.id)
