"""The parts catalog: prices, labour hours, labour rates and paint materials, with their basis.

:class:`PartsCatalog` is the Protocol the estimate depends on; :class:`InMemoryCatalog` is an
immutable implementation built by :func:`pricing.price_list.import_price_list`. Every lookup
returns a :class:`Quote` — the value plus its :class:`Basis` (price type, source, effective date,
catalog version, how specific the match was, and whether it fell back) — or ``None`` when the
catalog has no figure. ``None`` means "price it by hand"; it never means zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Generic, Protocol, TypeVar

from pricing.entries import (
    Entry,
    LabourHoursEntry,
    LabourKind,
    LabourRateEntry,
    MatchLevel,
    PaintMaterialEntry,
    PartPriceEntry,
    PriceType,
    Vehicle,
    VehicleClass,
)
from pricing.money import DEFAULT_CURRENCY, Money
from pricing.parts import PartCode, Severity

__all__ = [
    "DEFAULT_REGION",
    "Basis",
    "Entry",
    "InMemoryCatalog",
    "LabourHoursEntry",
    "LabourKind",
    "LabourRateEntry",
    "MatchLevel",
    "PaintMaterialEntry",
    "PartPriceEntry",
    "PartsCatalog",
    "PriceType",
    "Quote",
    "Vehicle",
    "VehicleClass",
    "region_chain",
]

V = TypeVar("V", Money, Decimal)
DEFAULT_REGION: Final = "default"
_LEVEL_ORDER: Final = (MatchLevel.MODEL_YEAR, MatchLevel.MODEL, MatchLevel.VEHICLE_CLASS)


@dataclass(frozen=True, slots=True)
class Basis:
    """Where a catalog figure came from. ``fell_back`` is True when a less specific row was used
    than the input asked for (vehicle class instead of the model, default region, a less
    preferred price type); ``note`` then says so in words."""

    source: str
    effective_date: date
    catalog_version: str
    list_version: str
    match: MatchLevel
    price_type: PriceType | None = None
    fell_back: bool = False
    note: str = ""
    note_zh: str = ""


@dataclass(frozen=True, slots=True)
class Quote(Generic[V]):
    """A catalog figure and its basis."""

    value: V
    basis: Basis


class PartsCatalog(Protocol):
    """What the estimate needs from a catalog. Every method returns None when it has no figure."""

    @property
    def version(self) -> str: ...

    @property
    def currency(self) -> str: ...

    def part_price(self, part: PartCode, vehicle: Vehicle, price_types: Sequence[PriceType]) -> Quote[Money] | None: ...

    def labour_hours(
        self, part: PartCode, vehicle: Vehicle, kind: LabourKind, severity: Severity | None = None
    ) -> Quote[Decimal] | None: ...

    def labour_rate(self, region: str, kind: LabourKind) -> Quote[Money] | None: ...

    def paint_material(self, part: PartCode, vehicle: Vehicle) -> Quote[Money] | None: ...


def region_chain(region: str) -> tuple[tuple[str, MatchLevel], ...]:
    """Regions tried for a labour rate: the code, its city and province, then ``default``.

    >>> [r for r, _ in region_chain("310115")]
    ['310115', '310100', '310000', 'default']
    """
    chain: list[tuple[str, MatchLevel]] = [(region, MatchLevel.REGION)]
    if len(region) == 6 and region.isdigit():
        for parent in (region[:4] + "00", region[:2] + "0000"):
            if all(parent != r for r, _ in chain):
                chain.append((parent, MatchLevel.PARENT_REGION))
    if region != DEFAULT_REGION:
        chain.append((DEFAULT_REGION, MatchLevel.DEFAULT_REGION))
    return tuple(chain)


@dataclass(frozen=True)
class InMemoryCatalog:
    """An immutable catalog version. Build it with :func:`pricing.price_list.import_price_list`
    (which validates) or :meth:`from_entries`.

    >>> from pricing.price_list import load_sample_catalog
    >>> cat = load_sample_catalog()
    >>> q = cat.part_price(PartCode.HOOD, Vehicle(VehicleClass.COMPACT), [PriceType.MARKET_ORIGINAL])
    >>> q is not None and q.basis.match is MatchLevel.VEHICLE_CLASS
    True
    """

    version: str
    entries: tuple[Entry, ...]
    currency: str = DEFAULT_CURRENCY
    parent_version: str | None = None
    _by_key: Mapping[tuple[object, ...], Entry] = field(init=False, repr=False, compare=False)
    _prices: Mapping[tuple[PartCode, PriceType, VehicleClass], tuple[PartPriceEntry, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_key: dict[tuple[object, ...], Entry] = {}
        for entry in self.entries:
            if entry.key in by_key:
                raise ValueError(f"duplicate catalog key {entry.key}")
            by_key[entry.key] = entry
        object.__setattr__(self, "_by_key", MappingProxyType(by_key))
        prices: dict[tuple[PartCode, PriceType, VehicleClass], list[PartPriceEntry]] = {}
        for entry in self.entries:
            if isinstance(entry, PartPriceEntry):
                prices.setdefault((entry.part_code, entry.price_type, entry.vehicle_class), []).append(entry)
        object.__setattr__(self, "_prices", MappingProxyType({k: tuple(v) for k, v in prices.items()}))

    @classmethod
    def from_entries(
        cls,
        *,
        version: str,
        entries: Sequence[Entry],
        currency: str = DEFAULT_CURRENCY,
        parent_version: str | None = None,
    ) -> InMemoryCatalog:
        """Wrap already-validated entries (tests, fakes); duplicate keys are a ValueError.

        >>> InMemoryCatalog.from_entries(version="empty", entries=[]).entries
        ()
        """
        return cls(version, tuple(entries), currency, parent_version)

    def _basis(
        self,
        entry: Entry,
        match: MatchLevel,
        *,
        price_type: PriceType | None = None,
        fell_back: bool = False,
        notes: Sequence[tuple[str, str]] = (),
    ) -> Basis:
        return Basis(
            entry.source,
            entry.effective_date,
            self.version,
            entry.list_version,
            match,
            price_type,
            fell_back,
            "; ".join(en for _, en in notes),
            "；".join(zh for zh, _ in notes),
        )

    def part_price(self, part: PartCode, vehicle: Vehicle, price_types: Sequence[PriceType]) -> Quote[Money] | None:
        """The price of ``part`` in the first of ``price_types`` the catalog has, most specific
        vehicle match first (model+year, model, vehicle class).

        >>> from pricing.price_list import load_sample_catalog
        >>> civic = Vehicle(VehicleClass.COMPACT, make="Honda", model="Civic")
        >>> q = load_sample_catalog().part_price(PartCode.HOOD, civic, [PriceType.OEM_GUIDE])
        >>> str(q.value), q.basis.fell_back, q.basis.note
        ('2430.00 CNY', True, 'no price for Honda Civic; used the compact class price')
        """
        wants_model = vehicle.make is not None and vehicle.model is not None
        for rank, price_type in enumerate(price_types):
            candidates = []
            for entry in self._prices.get((part, price_type, vehicle.vehicle_class), ()):
                level = entry.match(vehicle)
                if level is not None:
                    # most specific level first; among year ranges the narrowest, then the newest
                    width = (entry.year_to or 9999) - (entry.year_from or 0)
                    candidates.append(((_LEVEL_ORDER.index(level), width, -(entry.year_from or 0)), entry, level))
            if not candidates:
                continue
            _, entry, level = min(candidates, key=lambda c: c[0])
            notes: list[tuple[str, str]] = []
            if wants_model and level is MatchLevel.VEHICLE_CLASS:
                cls = vehicle.vehicle_class.value
                notes.append(
                    (
                        f"价格库无 {vehicle.make} {vehicle.model} 的价格，按 {cls} 级别价格",
                        f"no price for {vehicle.make} {vehicle.model}; used the {cls} class price",
                    )
                )
            if rank > 0:
                notes.append(
                    (
                        f"无{price_types[0].zh}，按{price_type.zh}",
                        f"no {price_types[0].value} price; used {price_type.value}",
                    )
                )
            return Quote(
                entry.amount,
                self._basis(
                    entry,
                    level,
                    price_type=price_type,
                    fell_back=bool(notes),
                    notes=notes,
                ),
            )
        return None

    def _class_lookup(
        self,
        entry_type: type[LabourHoursEntry] | type[PaintMaterialEntry],
        keys: Sequence[tuple[object, ...]],
    ) -> tuple[Entry, MatchLevel] | None:
        for key, level in zip(keys, (MatchLevel.VEHICLE_CLASS, MatchLevel.ANY_CLASS), strict=True):
            entry = self._by_key.get(key)
            if isinstance(entry, entry_type):
                return entry, level
        return None

    def labour_hours(
        self, part: PartCode, vehicle: Vehicle, kind: LabourKind, severity: Severity | None = None
    ) -> Quote[Decimal] | None:
        """Standard hours of ``kind`` labour on ``part`` (class row first, then the any-class row).

        >>> from pricing.price_list import load_sample_catalog
        >>> q = load_sample_catalog().labour_hours(PartCode.HOOD, Vehicle(VehicleClass.SUV), LabourKind.PAINT)
        >>> q.value, q.basis.match.value
        (Decimal('4.0'), 'vehicle_class')
        """
        sev = severity if kind is LabourKind.REPAIR else None
        found = self._class_lookup(
            LabourHoursEntry,
            [
                ("labour_hours", part, vehicle.vehicle_class, kind, sev),
                ("labour_hours", part, None, kind, sev),
            ],
        )
        if found is None:
            return None
        entry, level = found
        assert isinstance(entry, LabourHoursEntry)
        return Quote(entry.hours, self._basis(entry, level))

    def labour_rate(self, region: str, kind: LabourKind) -> Quote[Money] | None:
        """Hourly rate for ``kind`` in ``region``, falling back to its city, province, then
        ``default`` — a fallback is flagged and explained.

        >>> from pricing.price_list import load_sample_catalog
        >>> q = load_sample_catalog().labour_rate("310115", LabourKind.PAINT)
        >>> str(q.value), q.basis.match.value
        ('130.00 CNY', 'parent_region')
        """
        for code, level in region_chain(region):
            entry = self._by_key.get(("labour_rate", code, kind))
            if isinstance(entry, LabourRateEntry):
                fell_back = level is not MatchLevel.REGION
                note = (
                    f"地区 {region} 无{kind.zh}工时费标准，按 {code}",
                    f"no {kind.value} rate for region {region}; used {code}",
                )
                notes = [note] if fell_back else []
                return Quote(entry.rate, self._basis(entry, level, fell_back=fell_back, notes=notes))
        return None

    def paint_material(self, part: PartCode, vehicle: Vehicle) -> Quote[Money] | None:
        """Paint and consumables for one panel (class row first, then the any-class row).

        >>> from pricing.price_list import load_sample_catalog
        >>> str(load_sample_catalog().paint_material(PartCode.HOOD, Vehicle(VehicleClass.LUXURY)).value)
        '540.00 CNY'
        """
        found = self._class_lookup(
            PaintMaterialEntry,
            [("paint_material", part, vehicle.vehicle_class), ("paint_material", part, None)],
        )
        if found is None:
            return None
        entry, level = found
        assert isinstance(entry, PaintMaterialEntry)
        return Quote(entry.amount, self._basis(entry, level))
