"""Adding photos and documents to a claim: validate the bytes, store the file, add the row.

The file is written before the row is flushed; if the request's transaction is rolled back,
a file this request created is removed again unless another row uses it (``lifetime``), so
neither a row without a file nor a file without a row is left behind.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, BinaryIO

import structlog
from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.capture import quality
from api.capture.vocabulary import CaptureTags
from api.config import StorageSettings
from api.db.models import Claim, Document, Photo
from api.errors import ClaimSightError
from api.fraud import service as fraud
from api.reasons import Reason, TextCode
from api.storage import lifetime, repository
from api.storage.blobstore import BlobStore, StoredBlob
from api.storage.errors import (
    ClaimClosed,
    CorruptDocument,
    CorruptImage,
    DocumentNotFound,
    EmptyFile,
    FileTooLarge,
    ImageTooLarge,
    PhotoAspectRatio,
    PhotoAssessed,
    PhotoNotFound,
    PhotoTooSmall,
    UnsupportedFileType,
)
from api.storage.images import prepare_photo
from api.storage.media import DOCUMENT_TYPES, MediaType, sniff
from api.storage.schemas import DocumentKind
from api.workflow.service import record
from api.workflow.states import AuditAction, ClaimState

if TYPE_CHECKING:
    from api.state import AppState

log = structlog.get_logger(__name__)


def _store(session: Session, blobs: BlobStore, data: bytes) -> StoredBlob:
    return lifetime.store(session, blobs, data)


def _check_open(claim: Claim) -> None:
    if claim.state is ClaimState.CLOSED:
        raise ClaimClosed("Files cannot be added to or removed from a closed claim.")


def _check_size(data: bytes, limit: int) -> None:
    if not data:
        raise EmptyFile()
    if len(data) > limit:
        raise FileTooLarge(f"The limit is {limit} bytes.")


@dataclass(frozen=True)
class PhotoUpload:
    photo: Photo
    created: bool  # False: the same bytes were already on this claim, and that photo is the answer


@dataclass(frozen=True)
class PhotoRules:
    """What adding a photo needs from the running service: the store, the limits, the fraud
    check's pHash distance and the service's zone (for EXIF capture times)."""

    blobs: BlobStore
    limits: StorageSettings
    max_hash_distance: int
    tz: tzinfo

    @classmethod
    def of(cls, state: AppState) -> PhotoRules:
        return cls(state.blobs, state.settings.storage, state.settings.fraud.max_hash_distance, state.tz)


# Refused before anything is written: the file itself (or the claim's state) is the reason.
REFUSALS: tuple[type[ClaimSightError], ...] = (
    ClaimClosed,
    EmptyFile,
    FileTooLarge,
    UnsupportedFileType,
    ImageTooLarge,
    CorruptImage,
    PhotoTooSmall,
    PhotoAspectRatio,
)


def add_photos(
    session: Session,
    *,
    claim: Claim,
    files: Sequence[BinaryIO],
    actor: Actor,
    rules: PhotoRules,
    share_location: bool = False,
    tags: CaptureTags | None = None,
) -> list[PhotoUpload | ClaimSightError]:
    """Add photos to a claim (``claim`` locked by the caller): the one path of the API's upload,
    the customer's claim page and the guided-capture page. Each file is read up to the size
    limit, checked (:func:`upload_photo`) and stored; a file that is refused (not a photo, too
    small, …) is answered with its reason, in its place, and the others are kept: a refusal
    writes nothing."""
    answers: list[PhotoUpload | ClaimSightError] = []
    for file in files:
        data = file.read(rules.limits.max_photo_bytes + 1)  # one byte past the limit: too large, unread
        try:
            upload = upload_photo(
                session, claim=claim, data=data, actor=actor, rules=rules, share_location=share_location, tags=tags
            )
        except REFUSALS as refused:
            answers.append(refused)
        else:
            answers.append(upload)
    return answers


def upload_photo(
    session: Session,
    *,
    claim: Claim,
    data: bytes,
    actor: Actor,
    rules: PhotoRules,
    share_location: bool = False,
    tags: CaptureTags | None = None,
) -> PhotoUpload:
    """Check, store and flag a photo. The same bytes sent again to the same claim (a retry, a
    double tap) are not a second photo: the one already there is returned, and nothing changes.

    Only cheap checks run here (``prepare_photo``: type, size, shape, a reduced decode for the
    pHash; ``quality.check_upload``: blur, exposure and size on the 640 px copy, a reduced decode,
    so the customer may retake a photo at once); the full decode and the model-based checks run
    in the assessment job, which replaces the check stored with the photo.
    The stored file never carries its EXIF GPS position; with ``share_location`` (the customer's
    consent) the position becomes the claim's location, unless the claim already has one.
    ``tags`` (guided capture) say what the photo shows."""
    limits = rules.limits
    _check_open(claim)
    _check_size(data, limits.max_photo_bytes)
    prepared = prepare_photo(
        data,
        max_pixels=limits.max_image_pixels,
        default_tz=rules.tz,
        min_side=limits.min_photo_side,
        max_aspect=limits.max_photo_aspect,
    )
    checks = quality.check_upload(prepared.data, width=prepared.width, height=prepared.height)  # before the lock
    sha256 = hashlib.sha256(prepared.data).hexdigest()
    lifetime.lock_blob(session, sha256)  # one upload of these bytes at a time: the check below holds
    existing = repository.photo_with_content(session, claim_id=claim.id, sha256=sha256)
    if existing is not None:
        log.info("photo.already_there", claim_id=str(claim.id), photo_id=str(existing.id))
        return PhotoUpload(existing, created=False)
    stored = _store(session, rules.blobs, prepared.data)
    photo = Photo(
        id=uuid.uuid4(),
        claim_id=claim.id,
        uploaded_by=actor.user_id,
        sha256=stored.sha256,
        content_type=prepared.media_type.value,
        size_bytes=len(prepared.data),
        width=prepared.width,
        height=prepared.height,
        phash=prepared.phash,
        captured_at=prepared.captured_at,
        quality_json=quality.dump(checks),  # the assessment job replaces it with its own
    )
    if tags is not None:
        photo.shot, photo.zone = tags.shot, tags.zone
        photo.zone_side = tags.zone_side
    session.add(photo)
    if share_location and prepared.gps is not None and claim.location_lat is None:
        claim.location_lat, claim.location_lon = prepared.gps
    session.flush()
    record(
        session,
        claim=claim,
        action=AuditAction.PHOTO_ADDED,
        actor=actor,
        reason=Reason(TextCode.PHOTO, {"photo_id": str(photo.id)}),
    )
    fraud.check_photo(session, claim=claim, photo=photo, max_distance=rules.max_hash_distance, tz=rules.tz)
    log.info(
        "photo.added",
        claim_id=str(claim.id),
        photo_id=str(photo.id),
        size_bytes=photo.size_bytes,
        new_file=stored.created,
    )
    return PhotoUpload(photo, created=True)


def _check_document(data: bytes, media_type: MediaType, max_pixels: int) -> None:
    if media_type is MediaType.PDF:
        # A complete PDF ends with %%EOF (allowing trailing whitespace).
        if b"%%EOF" not in data[-1024:]:
            raise CorruptDocument("The PDF is truncated.")
        return
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > max_pixels:
                raise ImageTooLarge(f"The limit is {max_pixels} pixels.")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptDocument("The image could not be decoded completely.") from exc


def add_document(
    session: Session,
    *,
    claim: Claim,
    data: bytes,
    kind: DocumentKind,
    actor: Actor,
    blobs: BlobStore,
    limits: StorageSettings,
) -> Document:
    _check_open(claim)
    _check_size(data, limits.max_document_bytes)
    media_type = sniff(data)
    if media_type not in DOCUMENT_TYPES:
        raise UnsupportedFileType("Documents must be JPEG, PNG or PDF.")
    assert media_type is not None
    _check_document(data, media_type, limits.max_image_pixels)
    stored = _store(session, blobs, data)
    document = Document(
        id=uuid.uuid4(),
        claim_id=claim.id,
        uploaded_by=actor.user_id,
        sha256=stored.sha256,
        content_type=media_type.value,
        size_bytes=len(data),
        kind=kind.value,
    )
    session.add(document)
    session.flush()
    record(
        session,
        claim=claim,
        action=AuditAction.DOCUMENT_ADDED,
        actor=actor,
        reason=Reason(TextCode.DOCUMENT, {"kind": str(kind), "document_id": str(document.id)}),
    )
    log.info(
        "document.added",
        claim_id=str(claim.id),
        document_id=str(document.id),
        kind=kind,
        size_bytes=len(data),
    )
    return document


def get_photo(session: Session, *, claim: Claim, photo_id: uuid.UUID) -> Photo:
    photo = repository.photo(session, claim_id=claim.id, photo_id=photo_id)
    if photo is None:
        raise PhotoNotFound()
    return photo


def remove_photo(session: Session, *, claim: Claim, photo_id: uuid.UUID, actor: Actor, blobs: BlobStore) -> None:
    """Remove a photo the assessment has not used yet (a wrong or unreadable one), so the claim can
    be assessed without it. Its fraud flags stay (without the photo); its file goes with the commit
    unless another row uses the same bytes. ``claim`` must be locked by the caller."""
    _check_open(claim)
    photo = get_photo(session, claim=claim, photo_id=photo_id)
    if claim.state is ClaimState.ASSESSING:
        raise PhotoAssessed("An assessment of the claim's photos is running; try again when it is done.")
    if repository.assessed_since(session, claim_id=claim.id, since=photo.created_at):
        raise PhotoAssessed("The photo was assessed; it stays with the claim's record.")
    repository.detach_fraud_flags(session, photo_id=photo.id)
    session.delete(photo)
    session.flush()
    file_removed = lifetime.release(session, blobs, photo.sha256)
    record(
        session,
        claim=claim,
        action=AuditAction.PHOTO_REMOVED,
        actor=actor,
        reason=Reason(TextCode.PHOTO, {"photo_id": str(photo.id)}),
    )
    log.info("photo.removed", claim_id=str(claim.id), photo_id=str(photo.id), file_removed=file_removed)


def get_document(session: Session, *, claim: Claim, document_id: uuid.UUID) -> Document:
    document = repository.document(session, claim_id=claim.id, document_id=document_id)
    if document is None:
        raise DocumentNotFound()
    return document
