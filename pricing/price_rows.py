"""One price-list row → one catalog entry, with every problem of the row collected.

The column set, the fields each record kind needs, and the bounds beyond which an amount is absurd.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

from pricing.catalog import DEFAULT_REGION
from pricing.entries import (
    Entry,
    LabourHoursEntry,
    LabourKind,
    LabourRateEntry,
    PaintMaterialEntry,
    PartPriceEntry,
    PriceType,
    VehicleClass,
)
from pricing.money import Money, to_decimal
from pricing.parts import PartCode, Severity

COLUMNS: Final = (
    "record",
    "part_code",
    "vehicle_class",
    "make",
    "model",
    "year_from",
    "year_to",
    "price_type",
    "labour_kind",
    "severity",
    "region",
    "amount",
    "hours",
    "currency",
    "source",
    "effective_date",
)
"""Every price list has exactly these columns (blank where a record kind does not use one)."""
OPTIONAL_COLUMNS: Final = ("oe_number",)
"""Columns a list may leave out of its header: the maker's (OE) part number of a part price."""
ALL_COLUMNS: Final = COLUMNS + OPTIONAL_COLUMNS
MAX_OE_NUMBER: Final = 40
FieldProblem = tuple[str | None, str]
"""A problem of one row: the column at fault (None for the whole row) and why."""

RECORD_FIELDS: Final[Mapping[str, tuple[frozenset[str], frozenset[str]]]] = {
    # record kind: (required fields, optional fields); every other field must be blank
    "part_price": (
        frozenset({"part_code", "vehicle_class", "price_type", "amount"}),
        frozenset({"make", "model", "year_from", "year_to", "currency", "oe_number"}),
    ),
    "labour_hours": (
        frozenset({"part_code", "labour_kind", "hours"}),
        frozenset({"vehicle_class", "severity"}),
    ),
    "labour_rate": (frozenset({"region", "labour_kind", "amount"}), frozenset({"currency"})),
    "paint_material": (
        frozenset({"part_code", "amount"}),
        frozenset({"vehicle_class", "currency"}),
    ),
}
ALWAYS_REQUIRED: Final = frozenset({"record", "source", "effective_date"})

MAX_AMOUNT: Final[Mapping[str, Decimal]] = {
    "part_price": Decimal("1000000"),  # no single body part of a road car costs a million CNY
    "labour_rate": Decimal("2000"),  # CNY per hour
    "paint_material": Decimal("20000"),  # CNY per panel
}
MAX_HOURS: Final = Decimal("100")
EARLIEST_DATE: Final = date(2000, 1, 1)
LATEST_DATE: Final = date(2100, 1, 1)
ANY_CLASS: Final = "*"


class _Row:
    """Field access for one raw row that records every problem instead of stopping."""

    def __init__(self, values: Mapping[str, str], problems: list[FieldProblem]) -> None:
        self.values = values
        self.problems = problems

    def bad(self, name: str | None, reason: str) -> None:
        self.problems.append((name, reason))

    def text(self, name: str) -> str | None:
        value = self.values.get(name, "").strip()
        return value or None

    def enum(
        self,
        name: str,
        kind: type[PartCode] | type[VehicleClass] | type[PriceType] | type[LabourKind] | type[Severity],
    ) -> object | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            self.bad(name, f"unknown {name} {value!r} (allowed: {allowed})")
            return None

    def decimal(self, name: str, *, upper: Decimal, places: int) -> Decimal | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            number = to_decimal(value, what=name)
        except ValueError:
            self.bad(name, f"{name} {value!r} is not a number")
            return None
        if number <= 0:
            self.bad(name, f"{name} must be positive, got {value}")
        elif number > upper:
            self.bad(name, f"{name} {value} is absurd (above {upper})")
        elif number != number.quantize(Decimal(1).scaleb(-places)):
            self.bad(name, f"{name} {value} has more than {places} decimal places")
        else:
            return number
        return None

    def year(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        if not value.isdigit() or not 1980 <= int(value) <= 2100:
            self.bad(name, f"{name} {value!r} is not a year between 1980 and 2100")
            return None
        return int(value)

    def day(self, name: str) -> date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.bad(name, f"{name} {value!r} is not a date (YYYY-MM-DD)")
            return None
        if not (len(value) == 10 and EARLIEST_DATE <= parsed < LATEST_DATE):
            self.bad(name, f"{name} {value!r} is outside {EARLIEST_DATE}..{LATEST_DATE}")
            return None
        return parsed


def _oe_number(row: _Row) -> str | None:
    value = row.text("oe_number")
    if value is not None and (
        len(value) > MAX_OE_NUMBER or not all(c.isascii() and (c.isalnum() or c in " -./") for c in value)
    ):
        row.bad("oe_number", f"oe_number {value!r} is not a part number (letters, digits, ' -./', ≤ 40)")
        return None
    return value


def parse_row(values: Mapping[str, str], *, version: str, currency: str) -> tuple[Entry | None, list[FieldProblem]]:
    """One raw row → an entry, or None and every problem found in the row (with its column).

    >>> entry, problems = parse_row({"record": "labour_rate", "region": "default", "labour_kind": "paint",
    ...     "amount": "-9", "source": "s", "effective_date": "2026-13-01"}, version="v1", currency="CNY")
    >>> entry, problems  # doctest: +NORMALIZE_WHITESPACE
    (None, [('effective_date', "effective_date '2026-13-01' is not a date (YYYY-MM-DD)"),
            ('amount', 'amount must be positive, got -9')])
    """
    problems: list[FieldProblem] = []
    row = _Row(values, problems)
    record = row.text("record")
    if record is None or record not in RECORD_FIELDS:
        return None, [("record", f"unknown record {record!r} (allowed: {', '.join(RECORD_FIELDS)})")]
    required, optional = RECORD_FIELDS[record]
    for name in sorted(required | ALWAYS_REQUIRED):
        if row.text(name) is None:
            row.bad(name, f"{name} is required for {record}")
    for name in ALL_COLUMNS:
        if name not in required | optional | ALWAYS_REQUIRED and row.text(name) is not None:
            row.bad(name, f"{name} must be blank for {record}")
    row_currency = row.text("currency") or currency
    if row_currency != currency:
        row.bad("currency", f"currency {row_currency} differs from the list's {currency}")
    source, effective = row.text("source"), row.day("effective_date")
    part, cls = row.enum("part_code", PartCode), None
    if row.text("vehicle_class") != ANY_CLASS:
        cls = row.enum("vehicle_class", VehicleClass)
    kind, severity = row.enum("labour_kind", LabourKind), row.enum("severity", Severity)
    upper = MAX_AMOUNT.get(record, Decimal(0))
    amount = row.decimal("amount", upper=upper, places=2) if record in MAX_AMOUNT else None
    entry: Entry | None = None
    if record == "part_price":
        price_type = row.enum("price_type", PriceType)
        if row.text("vehicle_class") == ANY_CLASS:
            row.bad("vehicle_class", "a part price needs a concrete vehicle_class, not '*'")
        make, model = row.text("make"), row.text("model")
        year_from, year_to = row.year("year_from"), row.year("year_to")
        oe_number = _oe_number(row)
        if model is not None and make is None:
            row.bad("make", "model given without make")
        if (year_from or year_to) and model is None:
            row.bad("model", "year range given without make/model")
        if year_from and year_to and year_from > year_to:
            row.bad("year_to", f"year_from {year_from} is after year_to {year_to}")
        if (
            not problems
            and isinstance(part, PartCode)
            and isinstance(cls, VehicleClass)
            and isinstance(price_type, PriceType)
            and amount
            and source
            and effective
        ):
            entry = PartPriceEntry(
                part,
                cls,
                price_type,
                Money(amount, currency),
                source,
                effective,
                version,
                make,
                model,
                year_from,
                year_to,
                oe_number,
            )
    elif record == "labour_hours":
        hours = row.decimal("hours", upper=MAX_HOURS, places=2)
        if kind is LabourKind.REPAIR and severity is None and row.text("severity") is None:
            row.bad("severity", "repair hours need a severity (minor/moderate/severe)")
        if kind is not None and kind is not LabourKind.REPAIR and row.text("severity") is not None:
            row.bad("severity", f"severity must be blank for {kind} hours")
        if (
            not problems
            and isinstance(part, PartCode)
            and isinstance(kind, LabourKind)
            and hours
            and source
            and effective
        ):
            entry = LabourHoursEntry(
                part,
                cls if isinstance(cls, VehicleClass) else None,
                kind,
                severity if isinstance(severity, Severity) else None,
                hours,
                source,
                effective,
                version,
            )
    elif record == "labour_rate":
        region = row.text("region")
        if region is not None and region != DEFAULT_REGION and not (len(region) == 6 and region.isdigit()):
            row.bad("region", f"region {region!r} is not a 6-digit GB/T 2260 code or 'default'")
        if not problems and region and isinstance(kind, LabourKind) and amount and source and effective:
            entry = LabourRateEntry(region, kind, Money(amount, currency), source, effective, version)
    elif not problems and isinstance(part, PartCode) and amount and source and effective:
        entry = PaintMaterialEntry(
            part,
            cls if isinstance(cls, VehicleClass) else None,
            Money(amount, currency),
            source,
            effective,
            version,
        )
    return (None if problems else entry), problems
