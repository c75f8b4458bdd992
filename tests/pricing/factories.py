"""Builders shared by the pricing tests: a small hand-checkable catalog and a findings factory."""

from __future__ import annotations

from decimal import Decimal

from pricing import (
    CaseFacts,
    Estimate,
    Finding,
    InMemoryCatalog,
    PolicyTerms,
    Rules,
    Vehicle,
    VehicleClass,
    build_estimate,
    import_price_list,
)
from pricing.price_rows import COLUMNS

HEADER = ",".join(COLUMNS)


def csv_row(**fields: str) -> str:
    """One CSV line with the given fields and every other column blank; source and date defaulted."""
    values = {"source": "test list", "effective_date": "2026-01-01", **fields}
    unknown = set(values) - set(COLUMNS)
    assert not unknown, unknown
    return ",".join(values.get(c, "") for c in COLUMNS)


def price_list(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


# The golden catalog: round figures for a mid-size car in Shanghai (310000).
GOLDEN_ROWS = (
    csv_row(
        record="part_price",
        part_code="front_bumper",
        vehicle_class="midsize",
        price_type="market_original",
        amount="1500.00",
    ),
    csv_row(
        record="part_price", part_code="hood", vehicle_class="midsize", price_type="market_original", amount="2600.00"
    ),
    csv_row(
        record="part_price",
        part_code="front_left_light",
        vehicle_class="midsize",
        price_type="market_original",
        amount="2200.00",
    ),
    csv_row(
        record="part_price",
        part_code="front_left_light",
        vehicle_class="midsize",
        make="Honda",
        model="Accord",
        year_from="2018",
        year_to="2022",
        price_type="market_original",
        amount="2100.00",
    ),
    csv_row(
        record="part_price",
        part_code="front_left_fender",
        vehicle_class="midsize",
        price_type="market_original",
        amount="800.00",
    ),
    csv_row(
        record="labour_hours",
        part_code="front_bumper",
        vehicle_class="midsize",
        labour_kind="remove_refit",
        hours="1.5",
    ),
    csv_row(
        record="labour_hours",
        part_code="front_bumper",
        vehicle_class="midsize",
        labour_kind="repair",
        severity="moderate",
        hours="3.0",
    ),
    csv_row(record="labour_hours", part_code="front_bumper", vehicle_class="midsize", labour_kind="paint", hours="3.0"),
    csv_row(record="labour_hours", part_code="hood", vehicle_class="midsize", labour_kind="remove_refit", hours="1.0"),
    csv_row(
        record="labour_hours",
        part_code="hood",
        vehicle_class="midsize",
        labour_kind="repair",
        severity="severe",
        hours="20.0",
    ),
    csv_row(record="labour_hours", part_code="hood", vehicle_class="midsize", labour_kind="paint", hours="3.5"),
    csv_row(
        record="labour_hours",
        part_code="front_left_light",
        vehicle_class="midsize",
        labour_kind="remove_refit",
        hours="1.0",
    ),
    csv_row(record="labour_hours", part_code="front_left_fender", vehicle_class="*", labour_kind="paint", hours="2.5"),
    csv_row(
        record="labour_hours", part_code="back_glass", vehicle_class="midsize", labour_kind="remove_refit", hours="1.5"
    ),
    csv_row(record="labour_rate", region="310000", labour_kind="remove_refit", amount="120.00"),
    csv_row(record="labour_rate", region="310000", labour_kind="repair", amount="120.00"),
    csv_row(record="labour_rate", region="310000", labour_kind="paint", amount="130.00"),
    csv_row(record="paint_material", part_code="front_bumper", vehicle_class="midsize", amount="250.00"),
    csv_row(record="paint_material", part_code="hood", vehicle_class="midsize", amount="300.00"),
    csv_row(record="paint_material", part_code="front_left_fender", vehicle_class="*", amount="200.00"),
)


def golden_catalog() -> InMemoryCatalog:
    return import_price_list(price_list(*GOLDEN_ROWS), version="golden-1")


GOLDEN_VEHICLE = Vehicle(VehicleClass.MIDSIZE, make="Honda", model="Accord", year=2020)


def golden_findings() -> list[Finding]:
    return [
        Finding("f1", "front_bumper", "crack", "moderate", ("p1", "p2"), Decimal("0.92")),
        Finding("f2", "hood", "dent", "severe", ("p2",), Decimal("0.88")),
        Finding("f3", "front_left_light", "lamp_broken", "moderate", ("p1",), Decimal("0.95")),
        Finding("f4", "front_left_fender", "scratch", "minor", ("p3",), Decimal("0.81")),
        Finding("f5", "unknown", "dent", "minor", ("p4",), Decimal("0.40")),
        Finding("f6", "back_glass", "glass_shatter", "severe", ("p5",), Decimal("0.97")),
    ]


def golden_estimate() -> Estimate:
    from pricing import Money

    return build_estimate(
        findings=golden_findings(),
        vehicle=GOLDEN_VEHICLE,
        catalog=golden_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(fault_deductible_rate=Decimal("0.10"), absolute_deductible=Money.of("500")),
        case_facts=CaseFacts(vehicles_involved=2, recovered_from_third_party=Money.of("1000")),
    )
