"""The car diagram of the capture page: the car seen from above, front at the top, its left on
the left, each zone a rectangle that links to choosing it (no script needed: a tap is a link).

Coordinates are in the SVG's own units (``VIEWBOX``); a sided zone appears once per side, the
wheels twice per side (front and rear), each wheel as its tyre with the rim inside."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from api.capture.vocabulary import Zone, ZoneSide

VIEWBOX: Final = (0, 0, 300, 500)
L, R, N = ZoneSide.LEFT, ZoneSide.RIGHT, ZoneSide.NONE


@dataclass(frozen=True)
class Shape:
    zone: Zone
    side: ZoneSide
    x: int
    y: int
    w: int
    h: int
    label: bool = False  # big enough to carry its name

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


def _pair(zone: Zone, x: int, y: int, w: int, h: int, *, label: bool = False) -> tuple[Shape, Shape]:
    """The zone on the left at ``x`` and mirrored on the right."""
    return Shape(zone, L, x, y, w, h, label), Shape(zone, R, 300 - x - w, y, w, h, label)


SHAPES: Final[tuple[Shape, ...]] = (
    Shape(Zone.FRONT_BUMPER, N, 62, 8, 176, 30, True),
    *_pair(Zone.FOG_LAMP, 70, 14, 22, 16),
    Shape(Zone.GRILLE, N, 115, 38, 70, 18),
    *_pair(Zone.HEADLAMP, 62, 38, 50, 20),
    Shape(Zone.HOOD, N, 92, 58, 116, 92, True),
    *_pair(Zone.FRONT_FENDER, 62, 58, 30, 92),
    *_pair(Zone.TYRE, 30, 70, 30, 70),
    *_pair(Zone.WHEEL_RIM, 38, 88, 14, 34),
    Shape(Zone.WINDSCREEN, N, 92, 150, 116, 40, True),
    *_pair(Zone.SIDE_MIRROR, 30, 160, 32, 20),
    *_pair(Zone.FRONT_DOOR, 62, 190, 30, 85),
    *_pair(Zone.SIDE_WINDOW, 92, 190, 14, 130),
    Shape(Zone.ROOF, N, 106, 190, 88, 130, True),
    *_pair(Zone.REAR_DOOR, 62, 275, 30, 75),
    *_pair(Zone.ROCKER_PANEL, 48, 190, 14, 160),
    Shape(Zone.REAR_WINDOW, N, 92, 320, 116, 32, True),
    *_pair(Zone.REAR_QUARTER_PANEL, 62, 350, 30, 92),
    *_pair(Zone.TYRE, 30, 362, 30, 70),
    *_pair(Zone.WHEEL_RIM, 38, 380, 14, 34),
    Shape(Zone.TRUNK_LID, N, 92, 352, 116, 56, True),
    Shape(Zone.TAILGATE, N, 92, 408, 116, 34, True),
    *_pair(Zone.TAIL_LAMP, 62, 442, 50, 18),
    Shape(Zone.REAR_BUMPER, N, 62, 460, 176, 32),
    Shape(Zone.PLATE, N, 122, 466, 56, 20, True),
)
