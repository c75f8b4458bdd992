"""The customer's pages: their claims, reporting a claim, photos with capture feedback at
once, documents, the status timeline with published deadlines, the findings, the dispute."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import ADJUSTER_ROLES, STAFF_ROLES, Role
from api.claims import service as claims
from api.claims.errors import InvalidClaim
from api.claims.schemas import ClaimCreate
from api.db.base import utcnow
from api.db.models import User
from api.deps import BlobStoreDep, SessionDep, StateDep
from api.errors import ClaimSightError, InvalidInput
from api.security_headers import attachment
from api.state import AppState
from api.storage import repository as storage_repository
from api.storage import service as storage
from api.storage.schemas import DocumentKind
from api.web import views
from api.web.forms import FORM, refused_fields
from api.web.render import PageRoute, redirect, render, request_lang
from api.web.session import CsrfChecked, PageUser, require
from api.workflow import repository as workflow_repository
from api.workflow.timeline import build_timeline

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/web/claims")
def my_claims(request: Request, session: SessionDep, user: PageUser) -> Response:
    require(user, Role.CUSTOMER)
    items, total = claims.list_claims(session, user=user, status=None, tier=None, limit=100, offset=0)
    return render(request, "customer/claims.html", {"claims": items, "total": total})


@router.get("/web/claims/new")
def new_claim_form(request: Request, user: PageUser) -> Response:
    require(user, Role.CUSTOMER)
    return render(request, "customer/new_claim.html", {"today": date.today().isoformat(), "form": {}, "errors": []})


def _amount(text: str) -> Decimal | None:
    text = text.strip().replace(",", "").replace("¥", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise InvalidInput("The amount is not a number.") from exc


def _claim_form(request: Request, *, typed: dict[str, object], refused: list[str]) -> Response:
    """The report form again, as the customer filled it, the refused fields marked."""
    context = {"today": date.today().isoformat(), "form": typed, "errors": refused}
    return render(request, "customer/new_claim.html", context, status_code=422)


@router.post("/web/claims/new")
def report_claim(
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
    policy_number: Annotated[str, Form()],
    policy_start: Annotated[str, Form()],
    accident_at: Annotated[str, Form(description="datetime-local, in the service's time zone")],
    description: Annotated[str, Form()] = "",
    vehicles_involved: Annotated[int, Form()] = 1,
    injuries: Annotated[bool, Form()] = False,
    estimated_amount: Annotated[str, Form()] = "",
    training_consent: Annotated[bool, Form()] = False,
) -> Response:
    require(user, Role.CUSTOMER)
    typed = {
        "policy_number": policy_number,
        "policy_start": policy_start,
        "accident_at": accident_at,
        "description": description,
        "vehicles_involved": str(vehicles_involved),
        "injuries": injuries,
        "estimated_amount": estimated_amount,
        "training_consent": training_consent,
    }
    refused: list[str] = []
    accident = start = amount = None
    try:
        accident = datetime.fromisoformat(accident_at)
        accident = accident if accident.tzinfo is not None else accident.replace(tzinfo=state.tz)
    except ValueError:
        refused.append("accident_at")
    try:
        start = date.fromisoformat(policy_start)
    except ValueError:
        refused.append("policy_start")
    try:
        amount = _amount(estimated_amount)
    except InvalidInput:
        refused.append("estimated_amount")
    if refused:
        return _claim_form(request, typed=typed, refused=refused)
    try:
        body = ClaimCreate(
            policy_number=policy_number,
            policy_start=start,
            accident_at=accident,
            description=description,
            vehicles_involved=vehicles_involved,
            injuries=injuries,
            estimated_amount={"amount": str(amount), "currency": "CNY"} if amount is not None else None,
            training_consent=training_consent,
        )
        claim = claims.create_claim(session, customer=user, claim_create=body, now=utcnow(), tz=state.tz)
    except ValidationError as exc:
        return _claim_form(request, typed=typed, refused=refused_fields(exc, fields=set(typed)))
    except InvalidClaim as exc:  # refused before anything is written
        return _claim_form(request, typed=typed, refused=[str(exc.extra.get("field", FORM))])
    return redirect(f"/web/claims/{claim.id}")


@router.get("/web/claims/{claim_id}")
def claim_page(
    claim_id: uuid.UUID, request: Request, session: SessionDep, state: StateDep, user: PageUser, uploaded: str = ""
) -> Response:
    return claim_response(request, session, state, user, claim_id=claim_id, uploaded=uploaded)


def claim_response(
    request: Request,
    session: Session,
    state: AppState,
    user: User,
    *,
    claim_id: uuid.UUID,
    uploaded: str = "",
    extra: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    """The claim page (the customer's or the staff's); ``extra`` and ``status_code`` show a form
    of it refused, as the user filled it."""
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user)
    events = workflow_repository.audit_events(session, claim_id=claim.id)
    assessment = views.latest_assessment(session, claim=claim)
    photos = views.annotated_photos(session, claim=claim, assessment=assessment)
    docs = list(storage_repository.documents_of(session, claim_id=claim.id))
    feedback = None
    for item in photos:
        if str(item.photo.id) == uploaded:
            feedback = views.capture_feedback(item.photo)
    context = {
        "claim": claim,
        "timeline": build_timeline(claim, events, now=utcnow()),
        "photos": photos,
        "photo_tags": views.photo_tags,
        "assessment": assessment,
        "documents": docs,
        "document_kinds": list(DocumentKind),
        "feedback": feedback,
        "complaints": views.complaints_of(session, claim=claim),
        "now": utcnow(),
        "can_upload": user.role is Role.CUSTOMER or user.role in ADJUSTER_ROLES,
        "can_edit_estimate": user.role in ADJUSTER_ROLES,
        "estimate": None,
        "readings": {},
        "document_flags": [],
    }
    from api.web.pages_documents import documents_context
    from api.web.pages_estimates import estimate_context

    context.update(documents_context(session, claim=claim, docs=docs, user=user))
    context.update(estimate_context(session, claim=claim, staff=user.role in STAFF_ROLES))
    from api.web.complaint_outcome import outcome_context
    from api.web.pages_signing import signing_context

    context.update(signing_context(session, claim=claim, user=user))
    context.update(outcome_context(session, claim=claim, lang=request_lang(request)))
    from api.web.pages_selfservice import claim_extras

    context.update(claim_extras(session, claim=claim, staff=user.role in STAFF_ROLES))
    from api.web.pages_jobs import jobs_context

    context.update(jobs_context(session, claim=claim))
    from api.web.pages_provisional import provisional_context

    context.update(provisional_context(session, claim=claim))
    if user.role in STAFF_ROLES:
        from api.web.pages_staff import staff_context

        context.update(staff_context(session, claim=claim, user=user, events=events))
        return render(request, "staff/claim.html", context | (extra or {}), status_code=status_code)
    return render(request, "customer/claim.html", context | (extra or {}), status_code=status_code)


@router.get("/web/claims/{claim_id}/photos/{photo_id}")
def photo_file(
    claim_id: uuid.UUID, photo_id: uuid.UUID, session: SessionDep, blobs: BlobStoreDep, user: PageUser
) -> Response:
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user)
    photo = storage.get_photo(session, claim=claim, photo_id=photo_id)
    return attachment(blobs.stream(photo.sha256), media_type=photo.content_type, name=f"photo-{photo.id}")


def _may_upload(user_role: Role) -> None:
    if user_role is not Role.CUSTOMER and user_role not in ADJUSTER_ROLES:
        from api.web.session import PageForbidden

        raise PageForbidden("Only the claim's customer or an adjuster may add files.")


@router.post("/web/claims/{claim_id}/photos")
def upload_photo(
    claim_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
    file: Annotated[UploadFile, File()],
    share_location: Annotated[bool, Form()] = False,
) -> Response:
    _may_upload(user.role)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    [upload] = storage.add_photos(
        session,
        claim=claim,
        files=[file.file],
        actor=Actor.of(user),
        rules=storage.PhotoRules.of(state),
        share_location=share_location,
    )
    if isinstance(upload, ClaimSightError):
        raise upload
    return redirect(f"/web/claims/{claim.id}?uploaded={upload.photo.id}#photos")


@router.post("/web/claims/{claim_id}/photos/{photo_id}/delete")
def delete_photo(
    claim_id: uuid.UUID, photo_id: uuid.UUID, session: SessionDep, state: StateDep, user: PageUser, _csrf: CsrfChecked
) -> Response:
    _may_upload(user.role)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    storage.remove_photo(session, claim=claim, photo_id=photo_id, actor=Actor.of(user), blobs=state.blobs)
    return redirect(f"/web/claims/{claim.id}#photos")


@router.post("/web/claims/{claim_id}/documents")
def upload_document(
    claim_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
    file: Annotated[UploadFile, File()],
    kind: Annotated[DocumentKind, Form()] = DocumentKind.OTHER,
) -> Response:
    _may_upload(user.role)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    limits = state.settings.storage
    document = storage.add_document(
        session,
        claim=claim,
        data=file.file.read(limits.max_document_bytes + 1),
        kind=kind,
        actor=Actor.of(user),
        blobs=state.blobs,
        limits=limits,
    )
    from api.web.pages_documents import read_now

    read_now(session, claim=claim, document=document, user=user, state=state)
    return redirect(f"/web/claims/{claim.id}#documents")
