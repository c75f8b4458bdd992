"""Guided capture's actions on a claim's photos: the shot list, and replacing a photo (a retake)
in one step. Uploading and deleting are the storage service's own (``api.storage.service``)."""

from __future__ import annotations

import json
import uuid
from typing import BinaryIO

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.capture import quality
from api.capture.shots import ShotList, shot_list
from api.capture.vocabulary import CaptureTags, ShotKind, Zone, ZoneSide
from api.db.models import Claim, Photo
from api.db.models.assessment import Assessment
from api.errors import ClaimSightError
from api.storage import repository as storage_repository
from api.storage import service as storage


def shots_of(session: Session, *, claim: Claim, named: CaptureTags | None = None) -> ShotList:
    """The claim's shot list; ``named`` adds a damaged area the customer just chose."""
    photos = storage_repository.photos_of(session, claim_id=claim.id)
    areas = [(named.zone, named.zone_side or ZoneSide.NONE)] if named is not None and named.zone else []
    return shot_list(photos, named=areas)


def record_checks(session: Session, *, assessment: Assessment) -> int:
    """Keep each assessed photo's quality check with the photo (in the transaction that stores
    the assessment), so the capture and claim pages show it; returns how many photos were checked."""
    flags_by_photo: dict[str, list[dict[str, object]]] = json.loads(assessment.quality_json or "{}")
    checked = 0
    for photo in storage_repository.photos_of(session, claim_id=assessment.claim_id):
        flags = flags_by_photo.get(str(photo.id))
        if flags is not None:
            photo.quality_json = quality.dump(quality.check_photo(width=photo.width, height=photo.height, flags=flags))
            checked += 1
    return checked


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
    file: BinaryIO,
    actor: Actor,
    rules: storage.PhotoRules,
    tags: CaptureTags | None = None,
) -> Photo:
    """A retake: the new photo takes the old one's place (and its tags, unless ``tags`` are
    given). The new photo is checked first, so a refused retake changes nothing (its refusal is
    raised); the old photo must be one the assessment has not used (``PhotoAssessed`` otherwise,
    after the new photo was added: the caller's transaction must then roll back, as the
    request's does on an error). ``claim`` is locked by the caller."""
    old = storage.get_photo(session, claim=claim, photo_id=photo_id)
    keep = tags if tags is not None else tags_of(old)
    [added] = storage.add_photos(session, claim=claim, files=[file], actor=actor, rules=rules, tags=keep)
    if isinstance(added, ClaimSightError):
        raise added
    new = added.photo
    if new.id != old.id:  # the same bytes again: the photo already there is the answer
        storage.remove_photo(session, claim=claim, photo_id=old.id, actor=actor, blobs=rules.blobs)
    return new
