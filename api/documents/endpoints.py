from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Response, status

from api.auth.actor import Actor
from api.auth.errors import RoleRequired
from api.auth.roles import ADJUSTER_ROLES, Role
from api.claims.service import get_visible_claim
from api.db.models import User
from api.db.models.ocr import DocumentFlag, DocumentReading
from api.deps import CurrentUser, SessionDep, StaffUser, StateDep, end_transaction, get_ocr
from api.documents import service
from api.documents.access import UNMASKED_ROLES
from api.documents.schemas import FieldCorrectionCreate, FieldRead, FlagRead, LineItemRead, ReadingRead
from api.errors import problem_responses
from api.jobs.endpoints import accepted
from api.jobs.schemas import JobRead
from api.storage import service as storage
from inference.ocr.privacy import mask_field

router = APIRouter(prefix="/claims/{claim_id}", tags=["document OCR"])


def _may_edit(user: User) -> None:
    if user.role is not Role.CUSTOMER and user.role not in ADJUSTER_ROLES:
        raise RoleRequired("Only the claim's customer or an adjuster may read or correct documents.")


def _field(row: dict[str, Any], *, mask: bool) -> FieldRead:
    value, ocr_value = row["value"], row["ocr_value"]
    masked = mask and mask_field(row["name"], value) != value
    if mask:
        value, ocr_value = mask_field(row["name"], value), mask_field(row["name"], ocr_value)
    return FieldRead(
        name=row["name"],
        value=value,
        ocr_value=ocr_value,
        confidence=row["confidence"],
        xyxy=row["xyxy"],
        status=row["status"],
        message=row["message"],
        corrected_by=uuid.UUID(row["corrected_by"]) if row.get("corrected_by") else None,
        corrected_at=datetime.fromisoformat(row["corrected_at"]) if row.get("corrected_at") else None,
        masked=masked,
    )


def _read(reading: DocumentReading, user: User) -> ReadingRead:
    mask = user.role not in UNMASKED_ROLES
    return ReadingRead(
        id=reading.id,
        document_id=reading.document_id,
        claim_id=reading.claim_id,
        kind=reading.kind,
        kind_confidence=reading.kind_confidence,
        fields=[_field(row, mask=mask) for row in reading.fields],
        items=[LineItemRead(cells={k: _field(c, mask=mask) for k, c in item.items()}) for item in reading.items],
        messages=reading.messages,
        quarter_turns=reading.quarter_turns,
        latency_ms=reading.latency_ms,
        engine=reading.engine,
        created_at=reading.created_at,
        confirmed_by=reading.confirmed_by,
        confirmed_at=reading.confirmed_at,
    )


@router.post(
    "/documents/{document_id}/readings",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 404, 503),
    dependencies=[Depends(get_ocr)],  # 503 at once where OCR is not loaded
)
def read_document(
    claim_id: uuid.UUID,
    document_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    user: CurrentUser,
    response: Response,
    prefer: Annotated[str | None, Header(description="wait=N: answer once the job is done, or after N s")] = None,
) -> JobRead:
    """Queue OCR of an uploaded document into pre-filled fields: 202 with the job (``Location:
    /jobs/{id}``); its ``result`` links the reading once it succeeded, and a document that cannot
    be read fails the job with an ``unreadable-document`` problem."""
    _may_edit(user)
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    document = storage.get_document(session, claim=claim, document_id=document_id)
    job = service.request_reading(
        session, claim=claim, document=document, actor=Actor.of(user), max_attempts=state.settings.jobs.max_attempts
    )
    end_transaction(session)  # the job is committed before a runner is told of it
    return accepted(job, state=state, response=response, prefer=prefer)


@router.get("/documents/{document_id}/readings/latest", responses=problem_responses(401, 404))
def latest_reading(claim_id: uuid.UUID, document_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> ReadingRead:
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    document = storage.get_document(session, claim=claim, document_id=document_id)
    return _read(service.latest(session, document=document), user)


@router.patch("/documents/{document_id}/readings/latest", responses=problem_responses(401, 403, 404, 422))
def correct_field(
    claim_id: uuid.UUID,
    document_id: uuid.UUID,
    body: FieldCorrectionCreate,
    session: SessionDep,
    state: StateDep,
    user: CurrentUser,
) -> ReadingRead:
    """Correct one pre-filled field; the OCR value and who changed it when are kept."""
    _may_edit(user)
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    document = storage.get_document(session, claim=claim, document_id=document_id)
    reading = service.latest(session, document=document)
    reading = service.correct_field(
        session, claim=claim, reading=reading, name=body.field, value=body.value, actor=Actor.of(user), tz=state.tz
    )
    return _read(reading, user)


@router.post("/documents/{document_id}/readings/latest/confirm", responses=problem_responses(401, 403, 404))
def confirm_reading(claim_id: uuid.UUID, document_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> ReadingRead:
    """The customer (or an adjuster) says the fields, as corrected, are right."""
    _may_edit(user)
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    document = storage.get_document(session, claim=claim, document_id=document_id)
    reading = service.confirm(session, reading=service.latest(session, document=document), actor=Actor.of(user))
    return _read(reading, user)


@router.get("/document-flags", responses=problem_responses(401, 403, 404))
def document_flags(claim_id: uuid.UUID, session: SessionDep, user: StaffUser) -> list[FlagRead]:
    """Cross-check mismatches between the claim's documents, both values shown (staff only)."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    return [_flag(f, mask=user.role not in UNMASKED_ROLES) for f in service.flags(session, claim=claim)]


def _flag(f: DocumentFlag, *, mask: bool) -> FlagRead:
    left, right, message = f.left_value, f.right_value, f.message
    if mask:
        left = mask_field(f.left_source.rsplit(".", 1)[-1], left)
        right = mask_field(f.right_source.rsplit(".", 1)[-1], right)
        if (left, right) != (f.left_value, f.right_value):
            message = f"{f.left_source} and {f.right_source} differ"
    return FlagRead(
        id=f.id,
        claim_id=f.claim_id,
        check=f.check,
        left_source=f.left_source,
        left_value=left,
        right_source=f.right_source,
        right_value=right,
        message=message,
        created_at=f.created_at,
    )
