"""The diff of two price lists (rows added, removed, changed; drift per part, per operation and
overall), the column named with each problem, and the optional OE-number column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing import PriceListError, import_price_list
from pricing.catalog_diff import diff_catalogs, drift
from pricing.entries import PartPriceEntry
from pricing.price_rows import COLUMNS
from tests.pricing.factories import csv_row, price_list


def part(code: str, amount: str, price_type: str = "oem_guide") -> str:
    return csv_row(record="part_price", part_code=code, vehicle_class="compact", price_type=price_type, amount=amount)


def rate(region: str, kind: str, amount: str) -> str:
    return csv_row(record="labour_rate", region=region, labour_kind=kind, amount=amount)


def hours(code: str, kind: str, value: str) -> str:
    return csv_row(record="labour_hours", part_code=code, labour_kind=kind, hours=value)


OLD = [
    part("hood", "2000.00"),
    part("hood", "1000.00", "market_original"),
    part("trunk", "1500.00"),
    rate("default", "paint", "100.00"),
    rate("310000", "paint", "120.00"),
    hours("hood", "paint", "4.0"),
]


def test_rows_added_removed_changed_and_drift_per_part_operation_and_overall() -> None:
    new = [
        part("hood", "2200.00"),
        part("hood", "1000.00", "market_original"),
        part("wheel", "800.00"),
        rate("default", "paint", "90.00"),
        rate("310000", "paint", "120.00"),
        hours("hood", "paint", "5.0"),
    ]
    old_list, new_list = price_list(*OLD), price_list(*new)
    d = diff_catalogs(import_price_list(old_list, version="a"), import_price_list(new_list, version="b"))
    assert d.base_version == "a"
    assert [c.label for c in d.added] == ["part_price wheel compact oem_guide"]
    assert [(c.label, c.old) for c in d.removed] == [("part_price trunk compact oem_guide", Decimal("1500.00"))]
    assert [(c.label, c.drift_pct) for c in d.changed] == [
        ("labour_hours hood * paint", Decimal("25.00")),
        ("labour_rate default paint", Decimal("-10.00")),
        ("part_price hood compact oem_guide", Decimal("10.00")),
    ]
    assert d.unchanged == 2
    (hood,) = d.by_part
    assert (hood.code, hood.rows, hood.changed, hood.drift_pct) == ("hood", 2, 1, Decimal("6.67"))  # 3000 -> 3200
    (paint,) = d.by_operation
    assert (paint.rows, paint.changed, paint.drift_pct) == (2, 1, Decimal("-4.55"))  # 220 -> 210
    assert [(g.code, g.unit, g.drift_pct) for g in d.hours_by_operation] == [("paint", "h", Decimal("25.00"))]
    assert (d.overall_old, d.overall_new) == (Decimal("3220.00"), Decimal("3410.00"))  # money rows in both
    assert d.overall_drift_pct == Decimal("5.90")


def test_against_nothing_every_row_is_new() -> None:
    d = diff_catalogs(None, import_price_list(price_list(*OLD), version="a"))
    assert (len(d.added), d.removed, d.changed, d.base_version) == (len(OLD), (), (), None)
    assert d.overall_drift_pct == Decimal("0.00")


@pytest.mark.parametrize(("old", "new", "pct"), [("3", "4", "33.33"), ("200", "100", "-50.00"), ("0", "5", "0.00")])
def test_drift_is_per_cent_to_two_places(old: str, new: str, pct: str) -> None:
    assert drift(Decimal(old), Decimal(new)) == Decimal(pct)


def test_every_problem_names_its_column() -> None:
    text = price_list(part("hood", "-1").replace("compact", "van"), rate("Shanghai", "paint", "90.00"))
    with pytest.raises(PriceListError) as caught:
        import_price_list(text, version="v1")
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "vehicle_class"), (2, "amount"), (3, "region")]


def test_the_oe_number_column_is_optional_and_checked() -> None:
    header = ",".join((*COLUMNS, "oe_number"))
    good = import_price_list(f"{header}\n{part('hood', '2000.00')},53100-T20-A00\n", version="v1")
    (entry,) = good.entries
    assert isinstance(entry, PartPriceEntry) and entry.oe_number == "53100-T20-A00"
    with pytest.raises(PriceListError) as caught:
        import_price_list(
            f"{header}\n{part('hood', '2000.00')},53100#T20\n{rate('default', 'paint', '9.00')},X\n", version="v1"
        )
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "oe_number"), (3, "oe_number")]
    assert "must be blank for labour_rate" in caught.value.problems[1].reason
