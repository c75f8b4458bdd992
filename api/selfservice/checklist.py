"""The documents a claim needs, by scenario (DOMAIN.md §1, §7: ask for what is missing once, in
one list). A claim can be in several scenarios at once (two vehicles and an injury): it needs
every item of each. Pure: the caller says which documents and photos the claim has.

>>> [s.value for s in scenarios_of(vehicles_involved=2, injuries=True, estimated_amount=None)]
['two_vehicles', 'injury']
>>> [i.key for i in items_for([Scenario.SMALL_LOSS])]
['photos', 'id_card', 'driving_licence', 'vehicle_licence']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from api.storage.schemas import DocumentKind
from api.workflow.tiers import PHOTOS_ONLY_LIMIT

PHOTOS: Final = "photos"


class Scenario(StrEnum):
    SINGLE_VEHICLE = "single_vehicle"
    TWO_VEHICLES = "two_vehicles"
    INJURY = "injury"
    SMALL_LOSS = "small_loss"  # under 500 yuan: photos alone are enough, no repair quote


_BASE: Final = (
    PHOTOS,
    DocumentKind.ID_CARD,
    DocumentKind.DRIVING_LICENCE,
    DocumentKind.VEHICLE_LICENCE,
)
NEEDS: Final[dict[Scenario, tuple[str, ...]]] = {
    Scenario.SMALL_LOSS: _BASE,
    Scenario.SINGLE_VEHICLE: (*_BASE, DocumentKind.POLICY, DocumentKind.REPAIR_QUOTE),
    Scenario.TWO_VEHICLES: (*_BASE, DocumentKind.POLICY, DocumentKind.ACCIDENT_REPORT, DocumentKind.REPAIR_QUOTE),
    Scenario.INJURY: (
        *_BASE,
        DocumentKind.POLICY,
        DocumentKind.ACCIDENT_REPORT,
        DocumentKind.MEDICAL_RECORD,
        DocumentKind.REPAIR_QUOTE,
    ),
}


@dataclass(frozen=True)
class Item:
    key: str  # "photos" or a DocumentKind value (also its page text key)
    have: bool = False


def scenarios_of(*, vehicles_involved: int, injuries: bool, estimated_amount: Decimal | None) -> list[Scenario]:
    """The scenarios a claim's facts put it in (at least one)."""
    found = []
    if vehicles_involved >= 2:
        found.append(Scenario.TWO_VEHICLES)
    if injuries:
        found.append(Scenario.INJURY)
    if not found:
        small = estimated_amount is not None and estimated_amount < PHOTOS_ONLY_LIMIT
        found.append(Scenario.SMALL_LOSS if small else Scenario.SINGLE_VEHICLE)
    return found


def items_for(scenarios: Iterable[Scenario]) -> list[Item]:
    """Every item the scenarios need, each once, in the order of the longest list."""
    keys: list[str] = []
    for scenario in scenarios:
        for key in NEEDS[scenario]:
            if key not in keys:
                keys.append(key)
    return [Item(str(key)) for key in keys]


def check(scenarios: Iterable[Scenario], *, documents: Collection[str], photos_complete: bool) -> list[Item]:
    """The items with whether the claim has each: a document kind it has at least one of; the
    photos once the guided shot list is complete."""
    return [
        Item(item.key, photos_complete if item.key == PHOTOS else item.key in documents)
        for item in items_for(scenarios)
    ]
