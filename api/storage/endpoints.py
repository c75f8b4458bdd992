from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile, status
from fastapi.responses import FileResponse, Response

from api.auth.actor import Actor
from api.auth.errors import RoleRequired
from api.auth.roles import ADJUSTER_ROLES, Role
from api.capture.vocabulary import CaptureTags, ShotKind, Zone, ZoneSide
from api.claims.service import get_visible_claim
from api.db.models import User
from api.deps import BlobStoreDep, CurrentUser, SessionDep, StateDep
from api.documents import access as document_access
from api.errors import ClaimSightError, problem_responses
from api.security_headers import attachment
from api.storage import repository, service
from api.storage.schemas import DocumentKind, DocumentRead, PhotoRead

router = APIRouter(prefix="/claims/{claim_id}", tags=["photos and documents"])

_FILE_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The stored file",
        "content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}, "application/pdf": {}},
    }
}


def _may_upload(user: User) -> None:
    # The claim's customer (checked by get_visible_claim) and adjusters on site may upload.
    if user.role is not Role.CUSTOMER and user.role not in ADJUSTER_ROLES:
        raise RoleRequired("Only the claim's customer or an adjuster may add files.")


def _read_limited(upload: UploadFile, limit: int) -> bytes:
    # Read one byte past the limit so an oversized file is detected without reading it all.
    return upload.file.read(limit + 1)


@router.post(
    "/photos",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "The same bytes were already on this claim: that photo, unchanged", "model": PhotoRead},
        **problem_responses(401, 403, 404, 409, 413, 415, 422),
    },
)
def upload_photo(
    claim_id: uuid.UUID,
    response: Response,
    file: Annotated[
        UploadFile, File(description="JPEG, PNG or WebP, at most 40 megapixels, at least 320 px on its short side")
    ],
    session: SessionDep,
    state: StateDep,
    user: CurrentUser,
    share_location: Annotated[
        bool, Form(description="Consent to keep the photo's GPS position as the claim's location")
    ] = False,
    shot: Annotated[ShotKind | None, Form(description="Guided capture: which shot of the list this is")] = None,
    zone: Annotated[Zone | None, Form(description="The zone of the car a damage shot shows")] = None,
    side: Annotated[ZoneSide | None, Form(description="left or right for a zone on both sides; none otherwise")] = None,
) -> PhotoRead:
    """Add a photo. The type is detected from the bytes; EXIF orientation is applied; the EXIF GPS
    position is removed from the stored file (kept as the claim's location only with
    ``share_location``). Sending the same bytes to the same claim again answers 200 with the
    photo already there. ``shot``, ``zone`` and ``side`` tag what the photo shows (a damage shot
    needs its zone, a zone on both sides of the car its side); the assessment takes the zone as
    the part where the models name none. Only cheap checks run here (type, size, shape); the
    photo's quality check (blur, exposure, resolution) runs with the assessment job and is then
    in ``quality`` (empty until it ran)."""
    _may_upload(user)
    tags = CaptureTags(shot, zone, side)
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    [upload] = service.add_photos(
        session,
        claim=claim,
        files=[file.file],
        actor=Actor.of(user),
        rules=service.PhotoRules.of(state),
        share_location=share_location,
        tags=tags,
    )
    if isinstance(upload, ClaimSightError):
        raise upload
    if not upload.created:
        response.status_code = status.HTTP_200_OK
    return PhotoRead.model_validate(upload.photo)


@router.get("/photos", responses=problem_responses(401, 404, 422))
def list_photos(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> list[PhotoRead]:
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    return [PhotoRead.model_validate(p) for p in repository.photos_of(session, claim_id=claim.id)]


@router.delete(
    "/photos/{photo_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def delete_photo(
    claim_id: uuid.UUID,
    photo_id: uuid.UUID,
    session: SessionDep,
    blobs: BlobStoreDep,
    user: CurrentUser,
) -> None:
    """Remove a photo the assessment has not used (the claim's customer or an adjuster); 409 once assessed."""
    _may_upload(user)
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    service.remove_photo(session, claim=claim, photo_id=photo_id, actor=Actor.of(user), blobs=blobs)


@router.get(
    "/photos/{photo_id}/content",
    response_class=FileResponse,
    responses={**_FILE_CONTENT, **problem_responses(401, 404, 422)},
)
def photo_content(
    claim_id: uuid.UUID,
    photo_id: uuid.UUID,
    session: SessionDep,
    blobs: BlobStoreDep,
    user: CurrentUser,
) -> Response:
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    photo = service.get_photo(session, claim=claim, photo_id=photo_id)
    return attachment(blobs.stream(photo.sha256), media_type=photo.content_type, name=f"photo-{photo.id}")


@router.post(
    "/documents",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 413, 415, 422),
)
def upload_document(
    claim_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="JPEG, PNG or PDF")],
    session: SessionDep,
    state: StateDep,
    user: CurrentUser,
    kind: Annotated[DocumentKind, Form()] = DocumentKind.OTHER,
) -> DocumentRead:
    _may_upload(user)
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    limits = state.settings.storage
    document = service.add_document(
        session,
        claim=claim,
        data=_read_limited(file, limits.max_document_bytes),
        kind=kind,
        actor=Actor.of(user),
        blobs=state.blobs,
        limits=limits,
    )
    return DocumentRead.model_validate(document)


@router.get("/documents", responses=problem_responses(401, 404, 422))
def list_documents(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> list[DocumentRead]:
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    docs = repository.documents_of(session, claim_id=claim.id)
    return [DocumentRead.model_validate(d) for d in docs]


@router.get(
    "/documents/{document_id}/content",
    response_class=FileResponse,
    responses={**_FILE_CONTENT, **problem_responses(401, 403, 404, 422)},
)
def document_content(
    claim_id: uuid.UUID,
    document_id: uuid.UUID,
    session: SessionDep,
    blobs: BlobStoreDep,
    user: CurrentUser,
) -> Response:
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    document = service.get_document(session, claim=claim, document_id=document_id)
    document_access.check_raw_file(session, role=user.role, document=document)
    return attachment(blobs.stream(document.sha256), media_type=document.content_type, name=f"document-{document.id}")
