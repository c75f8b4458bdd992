from __future__ import annotations

from decimal import Decimal

import pytest

from pricing import LabourKind, MatchLevel, PartCode, PriceType, Severity, Vehicle, VehicleClass, import_price_list
from pricing.catalog import region_chain
from tests.pricing.factories import csv_row, price_list

CATALOG = import_price_list(
    price_list(
        csv_row(
            record="part_price",
            part_code="hood",
            vehicle_class="compact",
            price_type="market_original",
            amount="1800.00",
        ),
        csv_row(
            record="part_price",
            part_code="hood",
            vehicle_class="compact",
            make="Toyota",
            model="Corolla",
            price_type="market_original",
            amount="1900.00",
        ),
        csv_row(
            record="part_price",
            part_code="hood",
            vehicle_class="compact",
            make="Toyota",
            model="Corolla",
            year_from="2019",
            year_to="2023",
            price_type="market_original",
            amount="2000.00",
        ),
        csv_row(
            record="part_price",
            part_code="trunk",
            vehicle_class="compact",
            price_type="brand_aftermarket",
            amount="700.00",
        ),
        csv_row(
            record="labour_hours",
            part_code="hood",
            vehicle_class="*",
            labour_kind="repair",
            severity="minor",
            hours="1.0",
        ),
        csv_row(
            record="labour_hours",
            part_code="hood",
            vehicle_class="luxury",
            labour_kind="repair",
            severity="minor",
            hours="1.5",
        ),
        csv_row(record="labour_rate", region="310000", labour_kind="paint", amount="130.00"),
        csv_row(record="labour_rate", region="default", labour_kind="paint", amount="100.00"),
        csv_row(record="labour_rate", region="440000", labour_kind="paint", amount="115.00"),
    ),
    version="cat-1",
)
PREF = (PriceType.MARKET_ORIGINAL, PriceType.OEM_GUIDE, PriceType.BRAND_AFTERMARKET)


@pytest.mark.parametrize(
    ("vehicle", "amount", "match", "fell_back"),
    [
        (Vehicle(VehicleClass.COMPACT, "Toyota", "Corolla", 2021), "2000.00", MatchLevel.MODEL_YEAR, False),
        (Vehicle(VehicleClass.COMPACT, "toyota", " corolla ", 2021), "2000.00", MatchLevel.MODEL_YEAR, False),
        (Vehicle(VehicleClass.COMPACT, "Toyota", "Corolla", 2015), "1900.00", MatchLevel.MODEL, False),
        (Vehicle(VehicleClass.COMPACT, "Toyota", "Corolla"), "1900.00", MatchLevel.MODEL, False),
        (Vehicle(VehicleClass.COMPACT, "Honda", "Civic", 2021), "1800.00", MatchLevel.VEHICLE_CLASS, True),
        (Vehicle(VehicleClass.COMPACT), "1800.00", MatchLevel.VEHICLE_CLASS, False),
    ],
)
def test_most_specific_vehicle_match_wins_and_class_fallback_is_said(
    vehicle: Vehicle, amount: str, match: MatchLevel, fell_back: bool
) -> None:
    quote = CATALOG.part_price(PartCode.HOOD, vehicle, PREF)
    assert quote is not None
    assert quote.value.amount == Decimal(amount)
    assert (quote.basis.match, quote.basis.fell_back) == (match, fell_back)
    assert quote.basis.price_type is PriceType.MARKET_ORIGINAL and quote.basis.catalog_version == "cat-1"
    if fell_back:
        assert "Honda Civic" in quote.basis.note and "compact" in quote.basis.note


def test_less_preferred_price_type_is_flagged() -> None:
    quote = CATALOG.part_price(PartCode.TRUNK, Vehicle(VehicleClass.COMPACT), PREF)
    assert quote is not None and quote.basis.price_type is PriceType.BRAND_AFTERMARKET
    assert quote.basis.fell_back and "no market_original price" in quote.basis.note


@pytest.mark.parametrize(
    ("part", "vehicle_class"),
    [(PartCode.WHEEL, VehicleClass.COMPACT), (PartCode.HOOD, VehicleClass.SUV)],
)
def test_a_missing_price_is_none_never_zero(part: PartCode, vehicle_class: VehicleClass) -> None:
    assert CATALOG.part_price(part, Vehicle(vehicle_class), PREF) is None


@pytest.mark.parametrize(
    ("vehicle_class", "hours", "match"),
    [(VehicleClass.LUXURY, "1.5", MatchLevel.VEHICLE_CLASS), (VehicleClass.SUV, "1.0", MatchLevel.ANY_CLASS)],
)
def test_labour_hours_fall_back_to_the_any_class_row(
    vehicle_class: VehicleClass, hours: str, match: MatchLevel
) -> None:
    quote = CATALOG.labour_hours(PartCode.HOOD, Vehicle(vehicle_class), LabourKind.REPAIR, Severity.MINOR)
    assert quote is not None and quote.value == Decimal(hours) and quote.basis.match is match
    assert CATALOG.labour_hours(PartCode.HOOD, Vehicle(vehicle_class), LabourKind.REPAIR, Severity.SEVERE) is None


@pytest.mark.parametrize(
    ("region", "amount", "match"),
    [
        ("310000", "130.00", MatchLevel.REGION),
        ("310115", "130.00", MatchLevel.PARENT_REGION),
        ("440300", "115.00", MatchLevel.PARENT_REGION),
        ("510100", "100.00", MatchLevel.DEFAULT_REGION),
        ("default", "100.00", MatchLevel.REGION),
    ],
)
def test_labour_rate_falls_back_through_city_province_default(region: str, amount: str, match: MatchLevel) -> None:
    quote = CATALOG.labour_rate(region, LabourKind.PAINT)
    assert quote is not None and quote.value.amount == Decimal(amount) and quote.basis.match is match
    assert quote.basis.fell_back is (match is not MatchLevel.REGION)


def test_missing_rate_everywhere_is_none() -> None:
    assert CATALOG.labour_rate("310000", LabourKind.REPAIR) is None


def test_region_chain_deduplicates() -> None:
    assert [r for r, _ in region_chain("310000")] == ["310000", "default"]
    assert [r for r, _ in region_chain("440300")] == ["440300", "440000", "default"]
    assert [r for r, _ in region_chain("default")] == ["default"]


def test_overlapping_year_ranges_prefer_the_narrowest_then_the_newest() -> None:
    def row(year_from: str, year_to: str, amount: str) -> str:
        return csv_row(
            record="part_price",
            part_code="hood",
            vehicle_class="compact",
            make="Toyota",
            model="Corolla",
            year_from=year_from,
            year_to=year_to,
            price_type="oem_guide",
            amount=amount,
        )

    for rows in (
        [row("2015", "2024", "1.00"), row("2019", "2021", "2.00")],
        [row("2019", "2021", "2.00"), row("2015", "2024", "1.00")],
    ):
        catalog = import_price_list(price_list(*rows, row("2020", "2022", "3.00")), version="y")
        quote = catalog.part_price(
            PartCode.HOOD, Vehicle(VehicleClass.COMPACT, "Toyota", "Corolla", 2020), [PriceType.OEM_GUIDE]
        )
        assert quote is not None and quote.value.amount == Decimal("3.00")
