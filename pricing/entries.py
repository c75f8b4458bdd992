"""Catalog rows and the vocabulary they are keyed by: vehicle classes, price types, labour
kinds, the vehicle, and one immutable dataclass per price-list record kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pricing.money import Money
from pricing.parts import PartCode, Severity


class VehicleClass(StrEnum):
    """Vehicle classes used when no make/model-specific price exists."""

    ECONOMY = "economy"
    COMPACT = "compact"
    MIDSIZE = "midsize"
    SUV = "suv"
    LUXURY = "luxury"
    NEW_ENERGY = "new_energy"


class PriceType(StrEnum):
    """Which kind of parts price a figure is."""

    OEM_GUIDE = "oem_guide"
    MARKET_ORIGINAL = "market_original"
    BRAND_AFTERMARKET = "brand_aftermarket"

    @property
    def zh(self) -> str:
        return {
            "oem_guide": "4S店官方指导价",
            "market_original": "市场原厂件价",
            "brand_aftermarket": "品牌件价",
        }[self.value]


class LabourKind(StrEnum):
    """Labour kinds; each has its own hours table and regional hourly rate."""

    REMOVE_REFIT = "remove_refit"
    REPAIR = "repair"
    PAINT = "paint"

    @property
    def zh(self) -> str:
        return {"remove_refit": "拆装", "repair": "修复", "paint": "喷漆"}[self.value]


class MatchLevel(StrEnum):
    """How specific the catalog row that answered a lookup was."""

    MODEL_YEAR = "model_year"
    MODEL = "model"
    VEHICLE_CLASS = "vehicle_class"
    ANY_CLASS = "any_class"
    REGION = "region"
    PARENT_REGION = "parent_region"
    DEFAULT_REGION = "default_region"


@dataclass(frozen=True, slots=True)
class Vehicle:
    """The vehicle being priced. ``vehicle_class`` is required: it is the fallback key.

    >>> Vehicle(VehicleClass.COMPACT, make="Toyota", model="Corolla", year=2021).make
    'Toyota'
    """

    vehicle_class: VehicleClass
    make: str | None = None
    model: str | None = None
    year: int | None = None


def _norm(text: str | None) -> str | None:
    return None if text is None or not text.strip() else " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class PartPriceEntry:
    """One parts price. Blank make/model means the row prices the whole vehicle class;
    ``oe_number`` is the maker's part number where the list gives one (not part of the key)."""

    part_code: PartCode
    vehicle_class: VehicleClass
    price_type: PriceType
    amount: Money
    source: str
    effective_date: date
    list_version: str
    make: str | None = None
    model: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    oe_number: str | None = None

    @property
    def key(self) -> tuple[object, ...]:
        return (
            "part_price",
            self.part_code,
            self.vehicle_class,
            self.price_type,
            _norm(self.make),
            _norm(self.model),
            self.year_from,
            self.year_to,
        )

    def match(self, vehicle: Vehicle) -> MatchLevel | None:
        if self.vehicle_class is not vehicle.vehicle_class:
            return None
        if self.make is None and self.model is None:
            return MatchLevel.VEHICLE_CLASS
        if _norm(self.make) != _norm(vehicle.make) or _norm(self.model) != _norm(vehicle.model):
            return None
        if self.year_from is None and self.year_to is None:
            return MatchLevel.MODEL
        if vehicle.year is None:
            return None
        lo = self.year_from if self.year_from is not None else vehicle.year
        hi = self.year_to if self.year_to is not None else vehicle.year
        return MatchLevel.MODEL_YEAR if lo <= vehicle.year <= hi else None


@dataclass(frozen=True, slots=True)
class LabourHoursEntry:
    """Standard hours for one labour kind on one part; ``vehicle_class`` None = any class;
    ``severity`` is set only for repair hours."""

    part_code: PartCode
    vehicle_class: VehicleClass | None
    kind: LabourKind
    severity: Severity | None
    hours: Decimal
    source: str
    effective_date: date
    list_version: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("labour_hours", self.part_code, self.vehicle_class, self.kind, self.severity)


@dataclass(frozen=True, slots=True)
class LabourRateEntry:
    """Hourly rate of one labour kind in one region (a GB/T 2260 code or ``default``)."""

    region: str
    kind: LabourKind
    rate: Money
    source: str
    effective_date: date
    list_version: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("labour_rate", self.region, self.kind)


@dataclass(frozen=True, slots=True)
class PaintMaterialEntry:
    """Paint and consumables for one painted panel; ``vehicle_class`` None = any class."""

    part_code: PartCode
    vehicle_class: VehicleClass | None
    amount: Money
    source: str
    effective_date: date
    list_version: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("paint_material", self.part_code, self.vehicle_class)


Entry = PartPriceEntry | LabourHoursEntry | LabourRateEntry | PaintMaterialEntry
