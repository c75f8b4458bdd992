"""The shot list of a claim: which shots are done and which are still to take.

Fixed shots: the four corners (45° views of the whole car), the plate, the VIN, the odometer.
Each damaged area the customer named (a zone tapped on the car diagram, or a zone on any photo)
needs two more: one from far (where on the car) and one close (how bad).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from api.capture.vocabulary import CORNERS, DAMAGE_SHOTS, ShotKind, Zone, ZoneSide

Area = tuple[Zone, ZoneSide]


class TaggedPhoto(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def shot(self) -> str | None: ...
    @property
    def zone(self) -> str | None: ...
    @property
    def zone_side(self) -> str | None: ...


@dataclass(frozen=True)
class ShotStatus:
    shot: ShotKind
    area: Area | None  # the damaged area, for a far or close shot
    photo_ids: tuple[uuid.UUID, ...]

    @property
    def done(self) -> bool:
        return bool(self.photo_ids)


@dataclass(frozen=True)
class ShotList:
    items: tuple[ShotStatus, ...]
    areas: tuple[Area, ...]  # the damaged areas, in the order they were first named

    @property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def complete(self) -> bool:
        return bool(self.areas) and all(item.done for item in self.items)


def _area(photo: TaggedPhoto) -> Area | None:
    try:
        return (Zone(photo.zone), ZoneSide(photo.zone_side or ZoneSide.NONE)) if photo.zone else None
    except ValueError:
        return None


def shot_list(photos: Iterable[TaggedPhoto], *, named: Iterable[Area] = ()) -> ShotList:
    """The shot list for ``photos`` (upload order), with ``named`` damaged areas added (the zone
    the customer just tapped, before any photo of it).

    >>> from types import SimpleNamespace as P
    >>> photo = P(id=uuid.UUID(int=1), shot="damage_close", zone="hood", zone_side="none")
    >>> result = shot_list([photo])
    >>> result.done, len(result.items), result.areas
    (1, 9, ((<Zone.HOOD: 'hood'>, <ZoneSide.NONE: 'none'>),))
    """
    photos = list(photos)
    areas: list[Area] = []
    for area in [*(a for a in map(_area, photos) if a is not None), *named]:
        if area not in areas:
            areas.append(area)

    def taken(shot: ShotKind, area: Area | None = None) -> ShotStatus:
        ids = tuple(p.id for p in photos if p.shot == shot and (area is None or _area(p) == area))
        return ShotStatus(shot, area, ids)

    items = [taken(shot) for shot in CORNERS]
    items += [taken(shot, area) for area in areas for shot in DAMAGE_SHOTS]
    items += [taken(shot) for shot in (ShotKind.PLATE, ShotKind.VIN, ShotKind.ODOMETER)]
    return ShotList(tuple(items), tuple(areas))
