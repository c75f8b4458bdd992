"""The guided-capture page (phone first): the shot list with what is done, the car diagram to
tap the damaged areas, uploads of several photos at once tagged with shot, zone and side, the
quality check of each photo with a retake (replace) or delete. Without script every step is a
link or a form; ``capture.js`` only adds per-file progress to the upload."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import ADJUSTER_ROLES, Role
from api.capture import quality
from api.capture import service as capture
from api.capture.vocabulary import CaptureTags, InvalidCaptureTag, ShotKind, Zone, ZoneSide
from api.claims import service as claims
from api.db.models import Claim, User
from api.deps import SessionDep, StateDep
from api.errors import ClaimSightError
from api.state import AppState
from api.storage import repository as storage_repository
from api.storage import service as storage
from api.web import car_diagram, views
from api.web.i18n import translator
from api.web.render import PageRoute, redirect, render, request_lang
from api.web.session import CsrfChecked, PageForbidden, PageUser
from api.workflow.states import ClaimState

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# The refusals a customer can fix by taking or choosing another photo: shown on the page, in words.
_FIXABLE = frozenset(
    {
        "photo-too-small",
        "unsupported-file-type",
        "file-too-large",
        "image-too-large",
        "corrupt-image",
        "empty-file",
        "photo-aspect-ratio",
        "claim-closed",
        "photo-assessed",
        "invalid-capture-tag",
    }
)


def _may_change_photos(user: User) -> None:
    if user.role is not Role.CUSTOMER and user.role not in ADJUSTER_ROLES:
        raise PageForbidden("Only the claim's customer or an adjuster may add files.")


def _selected(zone: str, side: str) -> CaptureTags | None:
    try:
        tags = CaptureTags.parse(shot=None, zone=zone, side=side)
    except InvalidCaptureTag:
        return None
    return tags if tags.zone is not None else None


def _page_url(claim_id: uuid.UUID, zone: str = "", side: str = "", anchor: str = "") -> str:
    query = urlencode({k: v for k, v in (("zone", zone), ("side", side)) if v})
    return f"/web/claims/{claim_id}/capture" + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def _context(session: Session, *, claim: Claim, user: User, selected: CaptureTags | None) -> dict[str, Any]:
    assessment = views.latest_assessment(session, claim=claim)
    photos = storage_repository.photos_of(session, claim_id=claim.id)
    shots = capture.shots_of(session, claim=claim, named=selected)
    damaged = set(shots.areas)
    open_for_changes = claim.state not in (ClaimState.CLOSED, ClaimState.ASSESSING)
    return {
        "claim": claim,
        "shots": shots,
        "selected": selected,
        "shapes": car_diagram.SHAPES,
        "viewbox": " ".join(map(str, car_diagram.VIEWBOX)),
        "damaged": damaged,
        "photos": [
            {
                "photo": p,
                "checks": quality.load(p.quality_json),
                "checked": p.quality_json is not None,  # checked by the assessment job
                "removable": open_for_changes and (assessment is None or assessment.created_at < p.created_at),
            }
            for p in photos
        ],
        "shot_kinds": list(ShotKind),
        "zones": list(Zone),
        "sides": list(ZoneSide),
        "next_shot": next((item for item in shots.items if not item.done), None),
        "can_upload": claim.state is not ClaimState.CLOSED,
        "errors": [],
        "page_url": _page_url,
    }


@router.get("/web/claims/{claim_id}/capture")
def capture_page(
    claim_id: uuid.UUID, request: Request, session: SessionDep, user: PageUser, zone: str = "", side: str = ""
) -> Response:
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user)
    _may_change_photos(user)
    return render(
        request, "customer/capture.html", _context(session, claim=claim, user=user, selected=_selected(zone, side))
    )


def _message(request: Request, state: AppState, error: ClaimSightError) -> str:
    t = translator(request_lang(request))
    return t(f"capture.error.{error.code}").format(min_side=state.settings.storage.min_photo_side)


def _with_errors(
    request: Request, session: Session, *, claim: Claim, user: User, selected: CaptureTags | None, errors: list[str]
) -> Response:
    context = _context(session, claim=claim, user=user, selected=selected)
    context["errors"] = errors
    return render(request, "customer/capture.html", context, status_code=422 if errors else 200)


@router.post("/web/claims/{claim_id}/capture")
def upload(
    claim_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
    files: Annotated[list[UploadFile], File()],
    shot: Annotated[str, Form()] = "",
    zone: Annotated[str, Form()] = "",
    side: Annotated[str, Form()] = "",
) -> Response:
    """Several photos at once, all with the same tags. A photo that is refused (too small, not a
    photo …) is named with the reason in words; the others are kept."""
    _may_change_photos(user)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    selected = _selected(zone, side)
    try:
        tags = CaptureTags.parse(shot=shot, zone=zone, side=side)
    except InvalidCaptureTag as exc:
        return _with_errors(
            request, session, claim=claim, user=user, selected=selected, errors=[_message(request, state, exc)]
        )
    t = translator(request_lang(request))
    answers = storage.add_photos(
        session,
        claim=claim,
        files=[file.file for file in files],
        actor=Actor.of(user),
        rules=storage.PhotoRules.of(state),
        tags=tags,
    )
    errors = []
    for number, (file, answer) in enumerate(zip(files, answers, strict=True), start=1):
        if isinstance(answer, ClaimSightError):  # refused before anything was written
            # Name the photo among several; one sent alone (the script sends one at a time) needs no name.
            name = (file.filename or "")[:40]
            prefix = t("capture.error.file").format(n=number, name=name) if len(files) > 1 else ""
            errors.append(prefix + _message(request, state, answer))
    if errors:
        return _with_errors(request, session, claim=claim, user=user, selected=selected, errors=errors)
    return redirect(_page_url(claim.id, zone, side, "photos"))


@router.post("/web/claims/{claim_id}/capture/{photo_id}/replace")
def replace(
    claim_id: uuid.UUID,
    photo_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
    file: Annotated[UploadFile, File()],
) -> Response:
    """A retake: the new photo takes the old one's place and tags (the old one stays if refused)."""
    _may_change_photos(user)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    try:
        capture.replace_photo(
            session,
            claim=claim,
            photo_id=photo_id,
            file=file.file,
            actor=Actor.of(user),
            rules=storage.PhotoRules.of(state),
        )
    except ClaimSightError as exc:
        # A refused retake wrote nothing. An assessed old photo is found after the retake was
        # added: that error goes on, and the request's transaction rolls both back.
        if exc.code not in _FIXABLE or exc.code == "photo-assessed":
            raise
        return _with_errors(
            request, session, claim=claim, user=user, selected=None, errors=[_message(request, state, exc)]
        )
    return redirect(_page_url(claim.id, anchor="photos"))


@router.post("/web/claims/{claim_id}/capture/{photo_id}/delete")
def delete(
    claim_id: uuid.UUID,
    photo_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
) -> Response:
    _may_change_photos(user)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    try:
        storage.remove_photo(session, claim=claim, photo_id=photo_id, actor=Actor.of(user), blobs=state.blobs)
    except ClaimSightError as exc:
        if exc.code not in _FIXABLE:
            raise
        return _with_errors(
            request, session, claim=claim, user=user, selected=None, errors=[_message(request, state, exc)]
        )
    return redirect(_page_url(claim.id, anchor="photos"))
