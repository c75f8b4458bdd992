"""Guided capture over HTTP: the claim's shot list, and replacing a photo with a retake."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile, status
from pydantic import BaseModel, Field

from api.auth.actor import Actor
from api.auth.errors import RoleRequired
from api.auth.roles import ADJUSTER_ROLES, Role
from api.capture import service
from api.capture.shots import ShotList
from api.capture.vocabulary import CaptureTags, ShotKind, Zone, ZoneSide
from api.claims.service import get_visible_claim
from api.deps import CurrentUser, SessionDep, StateDep
from api.errors import problem_responses
from api.storage.schemas import PhotoRead
from api.storage.service import PhotoRules

router = APIRouter(prefix="/claims/{claim_id}", tags=["photos and documents"])


class ShotRead(BaseModel):
    shot: ShotKind
    zone: Zone | None = None
    side: ZoneSide | None = None
    done: bool
    photo_ids: list[uuid.UUID]


class ShotListRead(BaseModel):
    done: int = Field(description="Shots taken")
    total: int
    complete: bool = Field(description="Every shot taken, and at least one damaged area named")
    shots: list[ShotRead]

    @classmethod
    def of(cls, shots: ShotList) -> ShotListRead:
        return cls(
            done=shots.done,
            total=len(shots.items),
            complete=shots.complete,
            shots=[
                ShotRead(
                    shot=item.shot,
                    zone=item.area[0] if item.area else None,
                    side=item.area[1] if item.area else None,
                    done=item.done,
                    photo_ids=list(item.photo_ids),
                )
                for item in shots.items
            ],
        )


@router.get("/shots", responses=problem_responses(401, 404, 422))
def shot_list(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> ShotListRead:
    """The guided-capture shot list: four corners, far and close of each damaged area (the zones
    on the claim's photos), plate, VIN, odometer; which are done and by which photos."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    return ShotListRead.of(service.shots_of(session, claim=claim))


@router.post(
    "/photos/{photo_id}/replacement",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 413, 415, 422),
)
def replace_photo(
    claim_id: uuid.UUID,
    photo_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="The retake: JPEG, PNG or WebP, at least 320 px on its short side")],
    session: SessionDep,
    state: StateDep,
    user: CurrentUser,
    shot: Annotated[ShotKind | None, Form()] = None,
    zone: Annotated[Zone | None, Form()] = None,
    side: Annotated[ZoneSide | None, Form()] = None,
) -> PhotoRead:
    """Replace a photo the assessment has not used with a retake, in one step (the old photo
    stays if the new one is refused). Without tags the retake keeps the old photo's."""
    if user.role is not Role.CUSTOMER and user.role not in ADJUSTER_ROLES:
        raise RoleRequired("Only the claim's customer or an adjuster may change photos.")
    given = None if (shot, zone, side) == (None, None, None) else CaptureTags(shot, zone, side)
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    photo = service.replace_photo(
        session,
        claim=claim,
        photo_id=photo_id,
        file=file.file,
        actor=Actor.of(user),
        rules=PhotoRules.of(state),
        tags=given,
    )
    return PhotoRead.model_validate(photo)
