"""What a customer's photo shows: the kind of shot (a corner, a damaged area from far or close,
the plate, the VIN, the odometer) and, for a damaged area, the zone of the car and its side.

The zones are the estimate's part list as a customer points at it on the car diagram; a zone that
is one part of the estimate (``hood``, ``headlamp`` on the left …) maps to that part code, which
the assessment uses as the part when the models name none (:mod:`api.capture.prior`).

>>> zone_part(Zone.FRONT_DOOR, ZoneSide.LEFT), zone_part(Zone.TYRE, ZoneSide.RIGHT), zone_part(Zone.ROOF, ZoneSide.NONE)
(('front_left_door', None), ('tyre', 'right'), ('roof', None))
>>> zone_part(Zone.SIDE_WINDOW, ZoneSide.LEFT) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from api.errors import InvalidInput
from pricing import PartCode


class ShotKind(StrEnum):
    CORNER_FRONT_LEFT = "corner_front_left"
    CORNER_FRONT_RIGHT = "corner_front_right"
    CORNER_REAR_LEFT = "corner_rear_left"
    CORNER_REAR_RIGHT = "corner_rear_right"
    DAMAGE_FAR = "damage_far"
    DAMAGE_CLOSE = "damage_close"
    PLATE = "plate"
    VIN = "vin"
    ODOMETER = "odometer"


CORNERS: Final = (
    ShotKind.CORNER_FRONT_LEFT,
    ShotKind.CORNER_FRONT_RIGHT,
    ShotKind.CORNER_REAR_LEFT,
    ShotKind.CORNER_REAR_RIGHT,
)
DAMAGE_SHOTS: Final = (ShotKind.DAMAGE_FAR, ShotKind.DAMAGE_CLOSE)
FIXED_SHOTS: Final = (*CORNERS, ShotKind.PLATE, ShotKind.VIN, ShotKind.ODOMETER)


class ZoneSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


class Zone(StrEnum):
    FRONT_BUMPER = "front_bumper"
    REAR_BUMPER = "rear_bumper"
    HOOD = "hood"
    TRUNK_LID = "trunk_lid"
    TAILGATE = "tailgate"
    ROOF = "roof"
    GRILLE = "grille"
    WINDSCREEN = "windscreen"
    REAR_WINDOW = "rear_window"
    PLATE = "plate"
    FRONT_FENDER = "front_fender"
    REAR_QUARTER_PANEL = "rear_quarter_panel"
    FRONT_DOOR = "front_door"
    REAR_DOOR = "rear_door"
    ROCKER_PANEL = "rocker_panel"
    HEADLAMP = "headlamp"
    TAIL_LAMP = "tail_lamp"
    FOG_LAMP = "fog_lamp"
    SIDE_MIRROR = "side_mirror"
    SIDE_WINDOW = "side_window"
    WHEEL_RIM = "wheel_rim"
    TYRE = "tyre"

    @property
    def sided(self) -> bool:
        """A zone the car has on both sides: the tag must say which."""
        return self not in UNSIDED


UNSIDED: Final = frozenset(
    {
        Zone.FRONT_BUMPER,
        Zone.REAR_BUMPER,
        Zone.HOOD,
        Zone.TRUNK_LID,
        Zone.TAILGATE,
        Zone.ROOF,
        Zone.GRILLE,
        Zone.WINDSCREEN,
        Zone.REAR_WINDOW,
        Zone.PLATE,
    }
)

_UNSIDED_PART: Final = {
    Zone.FRONT_BUMPER: PartCode.FRONT_BUMPER,
    Zone.REAR_BUMPER: PartCode.BACK_BUMPER,
    Zone.HOOD: PartCode.HOOD,
    Zone.TRUNK_LID: PartCode.TRUNK,
    Zone.TAILGATE: PartCode.TAILGATE,
    Zone.WINDSCREEN: PartCode.FRONT_GLASS,
    Zone.REAR_WINDOW: PartCode.BACK_GLASS,
    Zone.ROOF: PartCode.ROOF,
    Zone.GRILLE: PartCode.GRILLE,
    Zone.PLATE: PartCode.PLATE,
}
_SIDED_PART: Final = {
    (Zone.FRONT_FENDER, ZoneSide.LEFT): PartCode.FRONT_LEFT_FENDER,
    (Zone.FRONT_FENDER, ZoneSide.RIGHT): PartCode.FRONT_RIGHT_FENDER,
    (Zone.FRONT_DOOR, ZoneSide.LEFT): PartCode.FRONT_LEFT_DOOR,
    (Zone.FRONT_DOOR, ZoneSide.RIGHT): PartCode.FRONT_RIGHT_DOOR,
    (Zone.REAR_DOOR, ZoneSide.LEFT): PartCode.BACK_LEFT_DOOR,
    (Zone.REAR_DOOR, ZoneSide.RIGHT): PartCode.BACK_RIGHT_DOOR,
    (Zone.HEADLAMP, ZoneSide.LEFT): PartCode.FRONT_LEFT_LIGHT,
    (Zone.HEADLAMP, ZoneSide.RIGHT): PartCode.FRONT_RIGHT_LIGHT,
    (Zone.TAIL_LAMP, ZoneSide.LEFT): PartCode.BACK_LEFT_LIGHT,
    (Zone.TAIL_LAMP, ZoneSide.RIGHT): PartCode.BACK_RIGHT_LIGHT,
    (Zone.SIDE_MIRROR, ZoneSide.LEFT): PartCode.LEFT_MIRROR,
    (Zone.SIDE_MIRROR, ZoneSide.RIGHT): PartCode.RIGHT_MIRROR,
    (Zone.REAR_QUARTER_PANEL, ZoneSide.LEFT): PartCode.BACK_LEFT_QUARTER,
    (Zone.REAR_QUARTER_PANEL, ZoneSide.RIGHT): PartCode.BACK_RIGHT_QUARTER,
    (Zone.ROCKER_PANEL, ZoneSide.LEFT): PartCode.LEFT_ROCKER,
    (Zone.ROCKER_PANEL, ZoneSide.RIGHT): PartCode.RIGHT_ROCKER,
    (Zone.FOG_LAMP, ZoneSide.LEFT): PartCode.FRONT_LEFT_FOG_LAMP,
    (Zone.FOG_LAMP, ZoneSide.RIGHT): PartCode.FRONT_RIGHT_FOG_LAMP,
}
_WHEEL_ZONES: Final = {Zone.WHEEL_RIM: PartCode.WHEEL, Zone.TYRE: PartCode.TYRE}
"""The wheel and tyre codes name no side (a car has four): the zone's side goes beside the code."""


def zone_part(zone: Zone, side: ZoneSide) -> tuple[str, str | None] | None:
    """The estimate's part code for a zone, and the side to keep beside a code that names none;
    ``None`` for a zone that does not name one part (a side window: front or rear door glass?)."""
    if zone in _UNSIDED_PART:
        return _UNSIDED_PART[zone].value, None
    if zone in _WHEEL_ZONES and side is not ZoneSide.NONE:
        return _WHEEL_ZONES[zone].value, side.value
    part = _SIDED_PART.get((zone, side))
    return (part.value, None) if part is not None else None


class InvalidCaptureTag(InvalidInput):
    code = "invalid-capture-tag"
    title = "The photo's shot or zone tag is not valid"


@dataclass(frozen=True)
class CaptureTags:
    """A photo's tags, checked together: a damage shot needs a zone; a zone on both sides of the
    car needs its side; a zone on the car's centre line takes none; other shots take no zone."""

    shot: ShotKind | None = None
    zone: Zone | None = None
    side: ZoneSide | None = None

    def __post_init__(self) -> None:
        if self.zone is None:
            if self.side not in (None, ZoneSide.NONE):
                raise InvalidCaptureTag("A side needs a zone.")
            if self.shot in DAMAGE_SHOTS:
                raise InvalidCaptureTag("A photo of a damaged area needs the zone it shows.")
            return
        if self.shot is not None and self.shot not in DAMAGE_SHOTS:
            raise InvalidCaptureTag(f"A '{self.shot}' photo takes no zone.")
        if self.zone.sided and self.side not in (ZoneSide.LEFT, ZoneSide.RIGHT):
            raise InvalidCaptureTag(f"Zone '{self.zone}' is on both sides of the car: say left or right.")
        if not self.zone.sided and self.side not in (None, ZoneSide.NONE):
            raise InvalidCaptureTag(f"Zone '{self.zone}' has no left or right.")

    @property
    def zone_side(self) -> ZoneSide | None:
        if self.zone is None:
            return None
        return self.side or ZoneSide.NONE

    @classmethod
    def parse(cls, *, shot: str | None, zone: str | None, side: str | None) -> CaptureTags:
        """From form fields (empty means not given); an unknown value is a 422 naming the field."""
        values: list[object] = []
        for name, text, enum in (("shot", shot, ShotKind), ("zone", zone, Zone), ("side", side, ZoneSide)):
            text = (text or "").strip()
            if not text:
                values.append(None)
                continue
            try:
                values.append(enum(text))
            except ValueError:
                allowed = ", ".join(m.value for m in enum)
                raise InvalidCaptureTag(f"{name} '{text[:40]}' is not one of: {allowed}.") from None
        return cls(*values)  # type: ignore[arg-type]
