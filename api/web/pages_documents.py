"""Documents on the pages: OCR pre-fills the fields as soon as a document is uploaded; the
customer (or an adjuster) corrects what is wrong and confirms; staff see the cross-check
mismatches. All through ``api.documents.service``."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.auth.actor import Actor
from api.auth.roles import STAFF_ROLES, Role
from api.claims import service as claims
from api.db.models import Claim, Document, User
from api.deps import SessionDep, StateDep, end_transaction
from api.documents import repository
from api.documents import service as documents
from api.documents.access import STAFF_ONLY_FIELDS, UNMASKED_ROLES
from api.jobs.endpoints import hand_to_runner
from api.state import AppState
from api.storage import service as storage
from api.web.render import PageRoute, redirect
from api.web.session import CsrfChecked, PageForbidden, PageUser

log = structlog.get_logger(__name__)

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# Who sees personal fields unmasked and may correct them (the documents' one policy).
EDITORS = UNMASKED_ROLES
FIELD_PREFIX = "field."


def read_now(session: Session, *, claim: Claim, document: Document, user: User, state: AppState) -> None:
    """Queue the reading that pre-fills the fields, when OCR is loaded (the job of ``POST
    …/readings``; the claim page follows it). An unreadable document stays uploaded; its job
    fails. The caller holds the claim's row lock."""
    if state.ocr is None:
        return
    job = documents.request_reading(
        session, claim=claim, document=document, actor=Actor.of(user), max_attempts=state.settings.jobs.max_attempts
    )
    end_transaction(session)  # the upload and the job are committed before the runner is told
    hand_to_runner(job, state=state)


def documents_context(session: Session, *, claim: Claim, docs: list[Document], user: User) -> dict[str, Any]:
    readings = {}
    if user.role in EDITORS:
        for d in docs:
            reading = repository.latest_reading(session, document_id=d.id)
            if reading is not None:
                readings[d.id] = reading
    flags = documents.flags(session, claim=claim) if user.role in STAFF_ROLES else []
    locked = STAFF_ONLY_FIELDS if user.role is Role.CUSTOMER else frozenset()
    return {"readings": readings, "document_flags": flags, "show_flag_values": user.role in EDITORS, "locked": locked}


async def form_data(request: Request) -> FormData:
    return await request.form()


@router.post("/web/claims/{claim_id}/documents/{document_id}/confirm")
def confirm(
    claim_id: uuid.UUID,
    document_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
    form: Annotated[FormData, Depends(form_data)],
) -> Response:
    """Save the fields the person changed (each kept beside the OCR value) and confirm them."""
    if user.role not in EDITORS:
        raise PageForbidden("Only the claim's customer or an adjuster may correct documents.")
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    document = storage.get_document(session, claim=claim, document_id=document_id)
    reading = documents.latest(session, document=document)
    current = {row["name"]: row["value"] for row in reading.fields}
    for key, value in form.multi_items():
        name = key.removeprefix(FIELD_PREFIX)
        if not key.startswith(FIELD_PREFIX) or name not in current or not isinstance(value, str):
            continue
        new = value.strip() or None
        if new != current[name]:
            reading = documents.correct_field(
                session, claim=claim, reading=reading, name=name, value=new, actor=Actor.of(user), tz=state.tz
            )
    documents.confirm(session, reading=reading, actor=Actor.of(user))
    return redirect(f"/web/claims/{claim.id}#documents")
