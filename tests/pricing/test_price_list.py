from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pricing import (
    InMemoryCatalog,
    LabourKind,
    PartCode,
    PriceListError,
    PriceType,
    Severity,
    Vehicle,
    VehicleClass,
    import_price_list,
    load_sample_catalog,
)
from pricing.catalog import PaintMaterialEntry
from pricing.parts import PART_NAMES
from pricing.price_list import export_rows
from pricing.price_rows import COLUMNS
from tests.pricing.factories import HEADER, csv_row, price_list

GOOD = csv_row(record="part_price", part_code="hood", vehicle_class="compact", price_type="oem_guide", amount="2400.00")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (GOOD.replace("2400.00", "-5.00"), "amount must be positive"),
        (GOOD.replace("2400.00", "0"), "amount must be positive"),
        (GOOD.replace("2400.00", "5000000"), "absurd"),
        (GOOD.replace("2400.00", "12.345"), "more than 2 decimal places"),
        (GOOD.replace("2400.00", "abc"), "not a number"),
        (GOOD.replace("oem_guide", "dealer_special"), "unknown price_type"),
        (GOOD.replace("hood", "spoiler"), "unknown part_code"),
        (GOOD.replace("compact", "van"), "unknown vehicle_class"),
        (GOOD.replace("compact", "*"), "concrete vehicle_class"),
        (GOOD.replace("2026-01-01", "2026-02-30"), "not a date"),
        (GOOD.replace("2026-01-01", "01/02/2026"), "not a date"),
        (GOOD.replace("2026-01-01", "1999-12-31"), "outside"),
        (GOOD.replace("part_price", "discount"), "unknown record"),
        (GOOD.replace(",2400.00,", ",,"), "amount is required"),
        (
            csv_row(
                record="part_price",
                part_code="hood",
                vehicle_class="compact",
                price_type="oem_guide",
                amount="1.00",
                currency="USD",
            ),
            "currency USD differs",
        ),
        (
            csv_row(
                record="part_price",
                part_code="hood",
                vehicle_class="compact",
                model="Corolla",
                price_type="oem_guide",
                amount="1.00",
            ),
            "model given without make",
        ),
        (
            csv_row(
                record="part_price",
                part_code="hood",
                vehicle_class="compact",
                make="Toyota",
                model="Corolla",
                year_from="2024",
                year_to="2019",
                price_type="oem_guide",
                amount="1.00",
            ),
            "after year_to",
        ),
        (csv_row(record="labour_hours", part_code="hood", labour_kind="repair", hours="2"), "need a severity"),
        (
            csv_row(record="labour_hours", part_code="hood", labour_kind="paint", severity="minor", hours="2"),
            "severity must be blank",
        ),
        (csv_row(record="labour_hours", part_code="hood", labour_kind="paint", hours="250"), "absurd"),
        (
            csv_row(record="labour_hours", part_code="hood", labour_kind="paint", hours="2", amount="9.00"),
            "amount must be blank",
        ),
        (csv_row(record="labour_rate", region="Shanghai", labour_kind="paint", amount="90.00"), "6-digit"),
        (csv_row(record="labour_rate", region="310000", labour_kind="paint", amount="9000.00"), "absurd"),
        (GOOD + ",extra", "cells, header has"),
    ],
)
def test_a_bad_row_rejects_the_list_with_its_line_number(row: str, reason: str) -> None:
    text = price_list(GOOD.replace("hood", "trunk"), row, GOOD.replace("hood", "wheel"))
    with pytest.raises(PriceListError) as caught:
        import_price_list(text, version="v1")
    problems = caught.value.problems
    assert [p.line for p in problems] == [3] * len(problems)
    assert any(reason in p.reason for p in problems), problems


def test_every_bad_row_is_listed_with_line_numbers_comments_and_blanks_counted() -> None:
    text = "\n".join(
        [
            "# a comment on line 1",
            HEADER,
            GOOD,
            "",
            GOOD.replace("2400.00", "-1"),  # line 5
            GOOD,  # line 6: duplicate of line 3
            GOOD.replace("oem_guide", "bogus").replace("2026-01-01", "soon"),  # line 7: two problems
        ]
    )
    with pytest.raises(PriceListError) as caught:
        import_price_list(text, version="v1")
    problems = caught.value.problems
    assert [p.line for p in problems] == [5, 6, 7, 7]
    assert "first seen on line 3" in problems[1].reason
    assert "line 5" in str(caught.value) and "line 7" in str(caught.value)


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (HEADER.replace(",hours", ""), "missing columns ['hours']"),
        (HEADER + ",discount", "unknown ['discount']"),
    ],
)
def test_missing_or_unknown_columns_reject_the_header(header: str, fragment: str) -> None:
    with pytest.raises(PriceListError) as caught:
        import_price_list(f"{header}\n{GOOD}\n", version="v1")
    assert caught.value.problems[0].line == 1 and fragment in caught.value.problems[0].reason


@pytest.mark.parametrize("text", ["", "# only a comment\n", HEADER + "\n"])
def test_an_empty_list_is_rejected(text: str) -> None:
    with pytest.raises(PriceListError):
        import_price_list(text, version="v1")


def test_json_rows_are_numbered_and_json_numbers_are_not_floats() -> None:
    rows = [
        {
            "record": "labour_rate",
            "region": "default",
            "labour_kind": "paint",
            "amount": 95.5,
            "source": "s",
            "effective_date": "2026-01-01",
        },
        {
            "record": "labour_rate",
            "region": "default",
            "labour_kind": "repair",
            "amount": -1,
            "source": "s",
            "effective_date": "2026-01-01",
        },
        {"record": "labour_rate", "bogus": 1},
    ]
    with pytest.raises(PriceListError) as caught:
        import_price_list(json.dumps({"rows": rows}), fmt="json", version="v1")
    assert [p.line for p in caught.value.problems] == [2, 3]
    catalog = import_price_list(json.dumps(rows[:1]), fmt="json", version="v1")
    quote = catalog.labour_rate("default", LabourKind.PAINT)
    assert quote is not None and quote.value.amount == Decimal("95.5")


def test_invalid_json_reports_its_line() -> None:
    with pytest.raises(PriceListError) as caught:
        import_price_list('{\n  "rows": [\n  oops\n]}', fmt="json", version="v1")
    assert caught.value.problems[0].line == 3


def test_bytes_are_decoded_as_utf8_and_bad_bytes_rejected() -> None:
    assert import_price_list(price_list(GOOD).encode("utf-8-sig"), version="v1").version == "v1"
    with pytest.raises(PriceListError, match="not UTF-8"):
        import_price_list(b"\xff\xfe\x00", version="v1")


def test_import_makes_a_new_version_and_never_edits_the_previous() -> None:
    v1 = import_price_list(price_list(GOOD, GOOD.replace("hood", "trunk")), version="v1")
    v2 = import_price_list(price_list(GOOD.replace("2400.00", "2500.00")), version="v2", previous=v1)
    vehicle = Vehicle(VehicleClass.COMPACT)
    old = v1.part_price(PartCode.HOOD, vehicle, [PriceType.OEM_GUIDE])
    new = v2.part_price(PartCode.HOOD, vehicle, [PriceType.OEM_GUIDE])
    carried = v2.part_price(PartCode.TRUNK, vehicle, [PriceType.OEM_GUIDE])
    assert old is not None and old.value.amount == Decimal("2400.00") and old.basis.list_version == "v1"
    assert new is not None and new.value.amount == Decimal("2500.00") and new.basis.catalog_version == "v2"
    assert carried is not None and carried.basis.list_version == "v1" and carried.basis.catalog_version == "v2"
    assert v2.parent_version == "v1" and v1.parent_version is None
    replaced = import_price_list(price_list(GOOD), version="v3", previous=v2, mode="replace")
    assert replaced.part_price(PartCode.TRUNK, vehicle, [PriceType.OEM_GUIDE]) is None
    assert replaced.parent_version == "v2"


@pytest.mark.parametrize("version", ["v1", "", "has space"])
def test_version_must_be_new_and_a_token(version: str) -> None:
    v1 = import_price_list(price_list(GOOD), version="v1")
    with pytest.raises(PriceListError) as caught:
        import_price_list(price_list(GOOD), version=version, previous=v1)
    assert caught.value.problems[0].line == 0


def test_a_rejected_delta_leaves_no_trace() -> None:
    v1 = import_price_list(price_list(GOOD), version="v1")
    with pytest.raises(PriceListError):
        import_price_list(price_list(GOOD.replace("2400.00", "-1")), version="v2", previous=v1)
    assert len(v1.entries) == 1


def test_catalogs_are_immutable() -> None:
    catalog = import_price_list(price_list(GOOD), version="v1")
    with pytest.raises(AttributeError):
        catalog.version = "v2"  # type: ignore[misc]


class TestSampleCatalog:
    catalog: InMemoryCatalog = load_sample_catalog()

    @pytest.mark.parametrize("vehicle_class", list(VehicleClass))
    def test_prices_every_part_in_every_class_and_price_type(self, vehicle_class: VehicleClass) -> None:
        vehicle = Vehicle(vehicle_class)
        for part in PartCode:
            for price_type in PriceType:
                quote = self.catalog.part_price(part, vehicle, [price_type])
                assert quote is not None and quote.value.amount > 0, (part, price_type)
            assert self.catalog.labour_hours(part, vehicle, LabourKind.REMOVE_REFIT) is not None
            for severity in Severity:
                assert self.catalog.labour_hours(part, vehicle, LabourKind.REPAIR, severity) is not None
            painted = PART_NAMES[part].painted
            assert (self.catalog.labour_hours(part, vehicle, LabourKind.PAINT) is not None) == painted
            assert (self.catalog.paint_material(part, vehicle) is not None) == painted

    @pytest.mark.parametrize("region", ["310000", "110000", "440300", "default"])
    def test_has_labour_rates_for_its_regions(self, region: str) -> None:
        for kind in LabourKind:
            quote = self.catalog.labour_rate(region, kind)
            assert quote is not None and not quote.basis.fell_back

    def test_is_marked_as_sample(self) -> None:
        assert self.catalog.version.startswith("sample-")
        # read on Chinese pages: the source is quoted in every line's basis
        assert all("示例价格" in e.source and "非真实报价" in e.source for e in self.catalog.entries)

    def test_price_types_keep_their_order_of_magnitude(self) -> None:
        vehicle = Vehicle(VehicleClass.COMPACT)
        prices = [self.catalog.part_price(PartCode.HOOD, vehicle, [t]) for t in PriceType]
        oem, market, brand = (q.value.amount for q in prices if q is not None)
        assert oem > market > brand

    def test_export_then_import_round_trips(self) -> None:
        rows = export_rows(self.catalog)
        text = "\n".join([HEADER, *(",".join(f'"{r[c]}"' for c in COLUMNS) for r in rows)])
        again = import_price_list(text, version="sample-copy")
        assert {e.key for e in again.entries} == {e.key for e in self.catalog.entries}
        materials = [e for e in again.entries if isinstance(e, PaintMaterialEntry)]
        assert materials and all(e.list_version == "sample-copy" for e in materials)


def test_the_documented_example_is_rejected_as_the_doc_says_then_accepted_when_fixed() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "pricing.md").read_text(encoding="utf-8")
    block = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    text = "\n".join(line.strip() for line in block.splitlines())
    with pytest.raises(PriceListError, match="line 5: amount is required for labour_rate"):
        import_price_list(text, version="acme-2026.02", previous=load_sample_catalog())
    fixed = import_price_list(
        text.replace("330100,,,CNY", "330100,120.00,,CNY"), version="acme-2026.02", previous=load_sample_catalog()
    )
    corolla = Vehicle(VehicleClass.COMPACT, "Toyota", "Corolla", 2022)
    quote = fixed.part_price(PartCode.HOOD, corolla, [PriceType.OEM_GUIDE])
    assert quote is not None and quote.value.amount == Decimal("2150.00") and quote.basis.list_version == "acme-2026.02"
    assert fixed.parent_version == "sample-2026.2"
