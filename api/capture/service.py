"""Guided capture's actions on a claim's photos: the shot list, and replacing a photo (a retake)
in one step. Uploading and deleting are the storage service's own (``api.storage.service``)."""

from __future__ import annotations

import uuid
from datetime import tzinfo

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.capture.shots import ShotList, shot_list
from api.capture.vocabulary import CaptureTags, ShotKind, Zone, ZoneSide
from api.config import StorageSettings
from api.db.models import Claim, Photo
from api.storage import repository as storage_repository
from api.storage import service as storage
from api.storage.blobstore import BlobStore


def shots_of(session: Session, *, claim: Claim, named: CaptureTags | None = None) -> ShotList:
    """The claim's shot list; ``named`` adds a damaged area the customer just chose."""
    photos = storage_repository.photos_of(session, claim_id=claim.id)
    areas = [(named.zone, named.zone_side or ZoneSide.NONE)] if named is not None and named.zone else []
    return shot_list(photos, named=areas)


def tags_of(photo: Photo) -> CaptureTags | None:
    """The tags a photo was uploaded with (``None``: untagged, or tags this code no longer knows)."""
    try:
        return CaptureTags(
            ShotKind(photo.shot) if photo.shot else None,
            Zone(photo.zone) if photo.zone else None,
            ZoneSide(photo.zone_side) if photo.zone_side else None,
        )
    except ValueError:
        return None


def replace_photo(
    session: Session,
    *,
    claim: Claim,
    photo_id: uuid.UUID,
    data: bytes,
    actor: Actor,
    blobs: BlobStore,
    limits: StorageSettings,
    max_hash_distance: int,
    tz: tzinfo,
    tags: CaptureTags | None = None,
) -> Photo:
    """A retake: the new photo takes the old one's place (and its tags, unless ``tags`` are
    given). The new photo is checked first, so a refused retake changes nothing; the old photo
    must be one the assessment has not used (``PhotoAssessed`` otherwise, after the new photo
    was added: the caller's transaction must then roll back, as the request's does on an
    error). ``claim`` is locked by the caller."""
    old = storage.get_photo(session, claim=claim, photo_id=photo_id)
    keep = tags if tags is not None else tags_of(old)
    new = storage.add_photo(
        session,
        claim=claim,
        data=data,
        actor=actor,
        blobs=blobs,
        limits=limits,
        max_hash_distance=max_hash_distance,
        tz=tz,
        tags=keep,
    )
    if new.id != old.id:  # the same bytes again: the photo already there is the answer
        storage.remove_photo(session, claim=claim, photo_id=old.id, actor=actor, blobs=blobs)
    return new
