"""Price-list import: CSV or JSON text → a new, validated, immutable catalog version.

A list is accepted whole or rejected whole: :class:`~pricing.errors.PriceListError` lists every
bad row with its line number (CSV: the physical line, header = line 1; JSON: the 1-based row
index). Parsing is pure — the caller reads the file; this module never touches the disk except
:func:`load_sample_catalog`, which reads the package's own sample data.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Final, Literal

from pricing.catalog import (
    DEFAULT_REGION, Entry, InMemoryCatalog, LabourHoursEntry, LabourKind, LabourRateEntry,
    PaintMaterialEntry, PartPriceEntry, PriceType, VehicleClass,
)
from pricing.errors import PriceListError, RowProblem
from pricing.money import DEFAULT_CURRENCY, Money, to_decimal
from pricing.parts import PartCode, Severity

COLUMNS: Final = (
    "record", "part_code", "vehicle_class", "make", "model", "year_from", "year_to", "price_type",
    "labour_kind", "severity", "region", "amount", "hours", "currency", "source", "effective_date",
)
"""Every price list has exactly these columns (blank where a record kind does not use one)."""

RECORD_FIELDS: Final[Mapping[str, tuple[frozenset[str], frozenset[str]]]] = {
    # record kind: (required fields, optional fields); every other field must be blank
    "part_price": (frozenset({"part_code", "vehicle_class", "price_type", "amount"}),
                   frozenset({"make", "model", "year_from", "year_to", "currency"})),
    "labour_hours": (frozenset({"part_code", "labour_kind", "hours"}),
                     frozenset({"vehicle_class", "severity"})),
    "labour_rate": (frozenset({"region", "labour_kind", "amount"}), frozenset({"currency"})),
    "paint_material": (frozenset({"part_code", "amount"}), frozenset({"vehicle_class", "currency"})),
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

SAMPLE_VERSION: Final = "sample-2026.1"


class _Row:
    """Field access for one raw row that records every problem instead of stopping."""

    def __init__(self, values: Mapping[str, str], problems: list[str]) -> None:
        self.values = values
        self.problems = problems

    def text(self, name: str) -> str | None:
        value = self.values.get(name, "").strip()
        return value or None

    def enum(self, name: str, kind: type[PartCode] | type[VehicleClass] | type[PriceType]
             | type[LabourKind] | type[Severity]) -> object | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            self.problems.append(f"unknown {name} {value!r} (allowed: {allowed})")
            return None

    def decimal(self, name: str, *, upper: Decimal, places: int) -> Decimal | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            number = to_decimal(value, what=name)
        except ValueError:
            self.problems.append(f"{name} {value!r} is not a number")
            return None
        if number <= 0:
            self.problems.append(f"{name} must be positive, got {value}")
        elif number > upper:
            self.problems.append(f"{name} {value} is absurd (above {upper})")
        elif number != number.quantize(Decimal(1).scaleb(-places)):
            self.problems.append(f"{name} {value} has more than {places} decimal places")
        else:
            return number
        return None

    def year(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        if not value.isdigit() or not 1980 <= int(value) <= 2100:
            self.problems.append(f"{name} {value!r} is not a year between 1980 and 2100")
            return None
        return int(value)

    def day(self, name: str) -> date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.problems.append(f"{name} {value!r} is not a date (YYYY-MM-DD)")
            return None
        if not (len(value) == 10 and EARLIEST_DATE <= parsed < LATEST_DATE):
            self.problems.append(f"{name} {value!r} is outside {EARLIEST_DATE}..{LATEST_DATE}")
            return None
        return parsed


def _parse_row(values: Mapping[str, str], *, version: str, currency: str) -> tuple[Entry | None, list[str]]:
    problems: list[str] = []
    row = _Row(values, problems)
    record = row.text("record")
    if record not in RECORD_FIELDS:
        return None, [f"unknown record {record!r} (allowed: {', '.join(RECORD_FIELDS)})"]
    required, optional = RECORD_FIELDS[record]
    for name in sorted(required | ALWAYS_REQUIRED):
        if row.text(name) is None:
            problems.append(f"{name} is required for {record}")
    for name in COLUMNS:
        if name not in required | optional | ALWAYS_REQUIRED and row.text(name) is not None:
            problems.append(f"{name} must be blank for {record}")
    row_currency = row.text("currency") or currency
    if row_currency != currency:
        problems.append(f"currency {row_currency} differs from the list's {currency}")
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
            problems.append("a part price needs a concrete vehicle_class, not '*'")
        make, model = row.text("make"), row.text("model")
        year_from, year_to = row.year("year_from"), row.year("year_to")
        if model is not None and make is None:
            problems.append("model given without make")
        if (year_from or year_to) and model is None:
            problems.append("year range given without make/model")
        if year_from and year_to and year_from > year_to:
            problems.append(f"year_from {year_from} is after year_to {year_to}")
        if not problems and isinstance(part, PartCode) and isinstance(cls, VehicleClass) \
                and isinstance(price_type, PriceType) and amount and source and effective:
            entry = PartPriceEntry(part, cls, price_type, Money(amount, currency), source, effective,
                                   version, make, model, year_from, year_to)
    elif record == "labour_hours":
        hours = row.decimal("hours", upper=MAX_HOURS, places=2)
        if kind is LabourKind.REPAIR and severity is None and row.text("severity") is None:
            problems.append("repair hours need a severity (minor/moderate/severe)")
        if kind is not None and kind is not LabourKind.REPAIR and row.text("severity") is not None:
            problems.append(f"severity must be blank for {kind} hours")
        if not problems and isinstance(part, PartCode) and isinstance(kind, LabourKind) \
                and hours and source and effective:
            entry = LabourHoursEntry(part, cls if isinstance(cls, VehicleClass) else None, kind,
                                     severity if isinstance(severity, Severity) else None, hours,
                                     source, effective, version)
    elif record == "labour_rate":
        region = row.text("region")
        if region is not None and region != DEFAULT_REGION and not (len(region) == 6 and region.isdigit()):
            problems.append(f"region {region!r} is not a 6-digit GB/T 2260 code or 'default'")
        if not problems and region and isinstance(kind, LabourKind) and amount and source and effective:
            entry = LabourRateEntry(region, kind, Money(amount, currency), source, effective, version)
    elif not problems and isinstance(part, PartCode) and amount and source and effective:
        entry = PaintMaterialEntry(part, cls if isinstance(cls, VehicleClass) else None,
                                   Money(amount, currency), source, effective, version)
    return (None if problems else entry), problems


def _csv_rows(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[RowProblem]]:
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    problems: list[RowProblem] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line]))
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in COLUMNS if c not in header]
            unknown = [c for c in header if c not in COLUMNS]
            if missing or unknown:
                problems.append(RowProblem(lineno, f"header: missing columns {missing}, unknown {unknown}"))
                return [], problems
            continue
        if len(cells) != len(header):
            problems.append(RowProblem(lineno, f"{len(cells)} cells, header has {len(header)}"))
            continue
        rows.append((lineno, dict(zip(header, cells, strict=True))))
    if header is None:
        problems.append(RowProblem(1, "no header row"))
    return rows, problems


def _json_rows(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[RowProblem]]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        return [], [RowProblem(exc.lineno, f"invalid JSON: {exc.msg}")]
    items = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return [], [RowProblem(1, "JSON must be a list of rows or an object with a 'rows' list")]
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[RowProblem] = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(RowProblem(index, "row is not an object"))
            continue
        unknown = sorted(set(item) - set(COLUMNS))
        if unknown:
            problems.append(RowProblem(index, f"unknown columns {unknown}"))
            continue
        rows.append((index, {k: "" if v is None else str(v) for k, v in item.items()}))
    return rows, problems


def import_price_list(
    text: str | bytes,
    *,
    fmt: Literal["csv", "json"] = "csv",
    version: str,
    previous: InMemoryCatalog | None = None,
    mode: Literal["merge", "replace"] = "merge",
    currency: str = DEFAULT_CURRENCY,
) -> InMemoryCatalog:
    """Validate a price list and return a new immutable catalog version.

    With ``previous`` and ``mode="merge"`` the list is a delta: its rows replace rows with the same
    key and every other row of ``previous`` carries over (keeping the version that introduced it).
    ``mode="replace"`` starts afresh but records ``previous.version`` as the parent.

    >>> text = (",".join(COLUMNS) + "\\n"
    ...         "labour_rate,,,,,,,,paint,,default,90.00,,CNY,sample,2026-01-01\\n")
    >>> import_price_list(text, version="v1").version
    'v1'
    >>> import_price_list(text.replace("90.00", "-1"), version="v1")
    Traceback (most recent call last):
    ...
    pricing.errors.PriceListError: price list rejected, 1 bad row(s): line 2: amount must be positive, got -1
    """
    problems: list[RowProblem] = []
    if not version or version != version.strip() or any(c.isspace() for c in version):
        problems.append(RowProblem(0, f"version {version!r} must be a non-empty token"))
    if previous is not None and version == previous.version:
        problems.append(RowProblem(0, f"version {version!r} is already the previous catalog's"))
    if previous is not None and previous.currency != currency:
        problems.append(RowProblem(0, f"currency {currency} differs from previous {previous.currency}"))
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PriceListError([*problems, RowProblem(0, f"not UTF-8: {exc.reason}")]) from None
    text = text.lstrip("\ufeff")
    rows, parse_problems = _csv_rows(text) if fmt == "csv" else _json_rows(text)
    problems.extend(parse_problems)
    entries: dict[tuple[object, ...], Entry] = {}
    first_line: dict[tuple[object, ...], int] = {}
    for lineno, values in rows:
        entry, row_problems = _parse_row(values, version=version, currency=currency)
        problems.extend(RowProblem(lineno, reason) for reason in row_problems)
        if entry is None:
            continue
        if entry.key in first_line:
            problems.append(RowProblem(lineno, f"duplicate key, first seen on line {first_line[entry.key]}"))
            continue
        first_line[entry.key] = lineno
        entries[entry.key] = entry
    if not rows and not problems:
        problems.append(RowProblem(0, "price list has no rows"))
    if problems:
        raise PriceListError(sorted(problems, key=lambda p: p.line))
    merged: list[Entry] = []
    if previous is not None and mode == "merge":
        merged = [e for e in previous.entries if e.key not in entries]
    merged.extend(entries.values())
    return InMemoryCatalog(version, tuple(merged), currency,
                           previous.version if previous is not None else None)


@cache
def load_sample_catalog() -> InMemoryCatalog:
    """The SAMPLE catalog shipped with the package (see docs/pricing.md for its basis).

    >>> load_sample_catalog().version
    'sample-2026.1'
    """
    data = resources.files("pricing").joinpath("data/sample_catalog_2026.csv").read_bytes()
    return import_price_list(data, fmt="csv", version=SAMPLE_VERSION)


def export_rows(catalog: InMemoryCatalog) -> Sequence[Mapping[str, str]]:
    """The catalog's entries as price-list rows (for re-import or display).

    >>> rows = export_rows(load_sample_catalog())
    >>> set(rows[0]) == set(COLUMNS)
    True
    """
    out: list[dict[str, str]] = []
    for e in catalog.entries:
        row = dict.fromkeys(COLUMNS, "")
        row.update(source=e.source, effective_date=e.effective_date.isoformat())
        if isinstance(e, PartPriceEntry):
            row.update(record="part_price", part_code=e.part_code, vehicle_class=e.vehicle_class,
                       price_type=e.price_type, amount=str(e.amount.amount), currency=e.amount.currency,
                       make=e.make or "", model=e.model or "",
                       year_from=str(e.year_from or ""), year_to=str(e.year_to or ""))
        elif isinstance(e, LabourHoursEntry):
            row.update(record="labour_hours", part_code=e.part_code, labour_kind=e.kind,
                       vehicle_class=e.vehicle_class or ANY_CLASS, severity=e.severity or "",
                       hours=str(e.hours))
        elif isinstance(e, LabourRateEntry):
            row.update(record="labour_rate", region=e.region, labour_kind=e.kind,
                       amount=str(e.rate.amount), currency=e.rate.currency)
        else:
            row.update(record="paint_material", part_code=e.part_code,
                       vehicle_class=e.vehicle_class or ANY_CLASS, amount=str(e.amount.amount),
                       currency=e.amount.currency)
        out.append(row)
    return out
