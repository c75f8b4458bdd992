"""The customer's zone tag as the part prior: where the models name no part for a damage, the
zone the customer tapped on the car diagram for that photo names it.

The models' part always wins when they name one (the segmenter saw the part; the customer may
have tapped loosely). A zone that does not name one part (a side window: front or rear door
glass?) leaves the part unknown: nothing is guessed.

>>> part_for("unknown", "no_part_model", zone="front_door", zone_side="left")
PartDecision(part='front_left_door', method='capture_zone', side=None)
>>> part_for("hood", "mask_overlap", zone="front_door", zone_side="left")
PartDecision(part='hood', method='mask_overlap', side=None)
>>> part_for("unknown", "ambiguous", zone="side_window", zone_side="left")
PartDecision(part='unknown', method='ambiguous', side=None)
"""

from __future__ import annotations

from typing import Final, NamedTuple

from api.capture.vocabulary import Zone, ZoneSide, zone_part
from pricing import UNKNOWN_PART

CAPTURE_ZONE: Final = "capture_zone"
"""The ``part_method`` (part source) of a part taken from the customer's zone tag."""


class PartDecision(NamedTuple):
    part: str
    method: str
    side: str | None  # beside a part code that names no side (a wheel)


def part_for(part: str, method: str, *, zone: str | None, zone_side: str | None) -> PartDecision:
    """The part of one finding, given what the models decided and the photo's zone tag."""
    if part != UNKNOWN_PART or zone is None:
        return PartDecision(part, method, None)
    try:
        mapped = zone_part(Zone(zone), ZoneSide(zone_side or ZoneSide.NONE))
    except ValueError:  # a tag from a vocabulary this code no longer knows
        return PartDecision(part, method, None)
    if mapped is None:
        return PartDecision(part, method, None)
    return PartDecision(mapped[0], CAPTURE_ZONE, mapped[1])
