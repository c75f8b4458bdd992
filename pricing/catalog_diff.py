"""What a new price list changes against the current one: rows added, removed and changed, and the
drift of prices per part, per labour operation and overall.

Rows are matched by their catalog key (record kind, part, vehicle class, price type, make/model/years,
labour kind, severity, region). Each row has one figure: a price (money) or standard hours. Drift is
``(new - old) / old`` in per cent, two places, over the rows both lists have:

* per part: its part prices and paint materials (money);
* per operation (labour kind): its hourly rates (money) and, separately, its standard hours;
* overall: every money row both lists have, as one basket (sum of new over sum of old).

>>> from pricing.price_list import import_price_list
>>> from pricing.price_rows import COLUMNS
>>> head = ",".join(COLUMNS)
>>> row = "part_price,hood,compact,,,,,oem_guide,,,,{},,CNY,s,2026-01-01"
>>> old = import_price_list(f"{head}\\n{row.format('2000.00')}", version="a")
>>> new = import_price_list(f"{head}\\n{row.format('2100.00')}", version="b")
>>> d = diff_catalogs(old, new)
>>> [(c.label, str(c.old), str(c.new), str(c.drift_pct)) for c in d.changed]
[('part_price hood compact oem_guide', '2000.00', '2100.00', '5.00')]
>>> str(d.overall_drift_pct), [(g.code, str(g.drift_pct)) for g in d.by_part]
('5.00', [('hood', '5.00')])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final

from pricing.catalog import InMemoryCatalog
from pricing.entries import Entry, LabourRateEntry, PaintMaterialEntry, PartPriceEntry

PERCENT_PLACES: Final = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row of the lists: added (``old`` None), removed (``new`` None) or changed.

    ``unit`` is the currency for a price, ``h`` for standard hours."""

    label: str
    record: str
    group: str
    unit: str
    old: Decimal | None
    new: Decimal | None
    oe_number: str | None = None

    @property
    def drift_pct(self) -> Decimal | None:
        return drift(self.old, self.new) if self.old is not None and self.new is not None else None


@dataclass(frozen=True, slots=True)
class GroupDrift:
    """The rows of one part or operation both lists have: how many changed and the drift of their sum."""

    code: str
    unit: str
    rows: int
    changed: int
    old_total: Decimal
    new_total: Decimal

    @property
    def drift_pct(self) -> Decimal:
        return drift(self.old_total, self.new_total)


@dataclass(frozen=True, slots=True)
class CatalogDiff:
    """The report of a new list against the current one (``base_version`` None: nothing to compare)."""

    base_version: str | None
    added: tuple[RowChange, ...]
    removed: tuple[RowChange, ...]
    changed: tuple[RowChange, ...]
    unchanged: int
    by_part: tuple[GroupDrift, ...]
    by_operation: tuple[GroupDrift, ...]
    hours_by_operation: tuple[GroupDrift, ...]
    overall_old: Decimal
    overall_new: Decimal

    @property
    def overall_drift_pct(self) -> Decimal:
        return drift(self.overall_old, self.overall_new)


def drift(old: Decimal, new: Decimal) -> Decimal:
    """Per cent change from ``old`` to ``new``, two places, half-even; 0 when ``old`` is 0.

    >>> str(drift(Decimal("3"), Decimal("4")))
    '33.33'
    """
    if old == 0:
        return Decimal("0.00")
    return ((new - old) * 100 / old).quantize(PERCENT_PLACES, rounding=ROUND_HALF_EVEN)


def _describe(entry: Entry) -> tuple[str, str, str, Decimal, str]:
    """(label, group, unit, figure, record) of one row."""
    if isinstance(entry, PartPriceEntry):
        extra = " ".join(str(x) for x in (entry.make, entry.model, entry.year_from, entry.year_to) if x)
        label = " ".join(x for x in ("part_price", entry.part_code, entry.vehicle_class, entry.price_type, extra) if x)
        return label, str(entry.part_code), entry.amount.currency, entry.amount.amount, "part_price"
    if isinstance(entry, PaintMaterialEntry):
        label = f"paint_material {entry.part_code} {entry.vehicle_class or '*'}"
        return label, str(entry.part_code), entry.amount.currency, entry.amount.amount, "paint_material"
    if isinstance(entry, LabourRateEntry):
        label = f"labour_rate {entry.region} {entry.kind}"
        return label, str(entry.kind), entry.rate.currency, entry.rate.amount, "labour_rate"
    severity = f" {entry.severity}" if entry.severity else ""
    label = f"labour_hours {entry.part_code} {entry.vehicle_class or '*'} {entry.kind}{severity}"
    return label, str(entry.kind), "h", entry.hours, "labour_hours"


def _change(old: Entry | None, new: Entry | None) -> RowChange:
    either = new if new is not None else old
    assert either is not None
    label, group, unit, _, record = _describe(either)
    oe = either.oe_number if isinstance(either, PartPriceEntry) else None
    return RowChange(
        label,
        record,
        group,
        unit,
        _describe(old)[3] if old is not None else None,
        _describe(new)[3] if new is not None else None,
        oe,
    )


def _groups(pairs: Iterable[RowChange], records: frozenset[str]) -> tuple[GroupDrift, ...]:
    by_code: dict[str, list[RowChange]] = {}
    for c in pairs:
        if c.record in records and c.old is not None and c.new is not None:
            by_code.setdefault(c.group, []).append(c)
    return tuple(
        GroupDrift(
            code,
            rows[0].unit,
            len(rows),
            sum(1 for c in rows if c.old != c.new),
            sum((c.old for c in rows if c.old is not None), Decimal(0)),
            sum((c.new for c in rows if c.new is not None), Decimal(0)),
        )
        for code, rows in sorted(by_code.items())
    )


def diff_catalogs(old: InMemoryCatalog | None, new: InMemoryCatalog) -> CatalogDiff:
    """The report of ``new`` against ``old`` (every row added when there is no ``old``)."""
    before = {e.key: e for e in old.entries} if old is not None else {}
    after = {e.key: e for e in new.entries}
    added = [_change(None, after[k]) for k in after if k not in before]
    removed = [_change(before[k], None) for k in before if k not in after]
    common = [_change(before[k], after[k]) for k in after if k in before]
    changed = [c for c in common if c.old != c.new]
    money = [c for c in common if c.unit != "h"]
    return CatalogDiff(
        base_version=old.version if old is not None else None,
        added=_sorted(added),
        removed=_sorted(removed),
        changed=_sorted(changed),
        unchanged=len(common) - len(changed),
        by_part=_groups(common, frozenset({"part_price", "paint_material"})),
        by_operation=_groups(common, frozenset({"labour_rate"})),
        hours_by_operation=_groups(common, frozenset({"labour_hours"})),
        overall_old=sum((c.old for c in money if c.old is not None), Decimal(0)),
        overall_new=sum((c.new for c in money if c.new is not None), Decimal(0)),
    )


def _sorted(changes: Sequence[RowChange]) -> tuple[RowChange, ...]:
    return tuple(sorted(changes, key=lambda c: c.label))
