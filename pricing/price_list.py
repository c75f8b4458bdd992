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
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Final, Literal

from pricing.catalog import (
    Entry,
    InMemoryCatalog,
    LabourHoursEntry,
    LabourRateEntry,
    PartPriceEntry,
)
from pricing.errors import PriceListError, RowProblem
from pricing.money import DEFAULT_CURRENCY
from pricing.price_rows import ALL_COLUMNS, ANY_CLASS, COLUMNS, parse_row

SAMPLE_VERSION: Final = "sample-2026.2"
SAMPLE_FILE: Final = "sample_catalog_2026.json"


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
            unknown = [c for c in header if c not in ALL_COLUMNS]
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
        unknown = sorted(set(item) - set(ALL_COLUMNS))
        if unknown:
            problems.extend(RowProblem(index, f"unknown column {name!r}", name) for name in unknown)
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
        entry, row_problems = parse_row(values, version=version, currency=currency)
        problems.extend(RowProblem(lineno, reason, name) for name, reason in row_problems)
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
    return InMemoryCatalog(version, tuple(merged), currency, previous.version if previous is not None else None)


@cache
def load_sample_catalog() -> InMemoryCatalog:
    """The SAMPLE catalog shipped with the package (see docs/pricing.md for its basis).

    >>> load_sample_catalog().version
    'sample-2026.2'
    """
    data = resources.files("pricing.data").joinpath(SAMPLE_FILE).read_bytes()
    return import_price_list(data, fmt="json", version=SAMPLE_VERSION)


def export_rows(catalog: InMemoryCatalog) -> Sequence[Mapping[str, str]]:
    """The catalog's entries as price-list rows (for re-import or display).

    >>> rows = export_rows(load_sample_catalog())
    >>> set(rows[0]) == set(ALL_COLUMNS)
    True
    """
    out: list[dict[str, str]] = []
    for e in catalog.entries:
        row = dict.fromkeys(ALL_COLUMNS, "")
        row.update(source=e.source, effective_date=e.effective_date.isoformat())
        if isinstance(e, PartPriceEntry):
            row.update(
                record="part_price",
                part_code=e.part_code,
                vehicle_class=e.vehicle_class,
                price_type=e.price_type,
                amount=str(e.amount.amount),
                currency=e.amount.currency,
                make=e.make or "",
                model=e.model or "",
                year_from=str(e.year_from or ""),
                year_to=str(e.year_to or ""),
                oe_number=e.oe_number or "",
            )
        elif isinstance(e, LabourHoursEntry):
            row.update(
                record="labour_hours",
                part_code=e.part_code,
                labour_kind=e.kind,
                vehicle_class=e.vehicle_class or ANY_CLASS,
                severity=e.severity or "",
                hours=str(e.hours),
            )
        elif isinstance(e, LabourRateEntry):
            row.update(
                record="labour_rate",
                region=e.region,
                labour_kind=e.kind,
                amount=str(e.rate.amount),
                currency=e.rate.currency,
            )
        else:
            row.update(
                record="paint_material",
                part_code=e.part_code,
                vehicle_class=e.vehicle_class or ANY_CLASS,
                amount=str(e.amount.amount),
                currency=e.amount.currency,
            )
        out.append(row)
    return out
