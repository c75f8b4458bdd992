"""The SAMPLE catalog's figures follow the formula documented in docs/pricing.md, exactly.

If a figure in pricing/data/sample_catalog_2026.json is edited by hand, or the doc's formula
changes, this test says which row disagrees.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pricing import LabourKind, PartCode, PriceType, Severity, Vehicle, VehicleClass, load_sample_catalog
from pricing.catalog import LabourRateEntry, PartPriceEntry
from pricing.parts import PART_NAMES

D = Decimal
# compact-class market_original (市场原厂件) price, CNY — docs/pricing.md table 1
BASE = {
    "front_bumper": 1200,
    "back_bumper": 1100,
    "hood": 1800,
    "trunk": 1500,
    "tailgate": 2200,
    "front_left_door": 1800,
    "front_right_door": 1800,
    "back_left_door": 1700,
    "back_right_door": 1700,
    "front_left_light": 1500,
    "front_right_light": 1500,
    "back_left_light": 700,
    "back_right_light": 700,
    "front_glass": 1200,
    "back_glass": 900,
    "left_mirror": 600,
    "right_mirror": 600,
    "wheel": 1100,
    "front_left_fender": 600,
    "front_right_fender": 600,
    "roof": 2000,
    "back_left_quarter": 1400,
    "back_right_quarter": 1400,
    "left_rocker": 800,
    "right_rocker": 800,
    "front_left_fog_lamp": 300,
    "front_right_fog_lamp": 300,
    "front_left_window": 450,
    "front_right_window": 450,
    "back_left_window": 400,
    "back_right_window": 400,
    "grille": 600,
    "tyre": 600,
    "plate": 100,
}
CLASS_PRICE = {
    "economy": D("0.7"),
    "compact": D("1.0"),
    "midsize": D("1.5"),
    "suv": D("1.6"),
    "luxury": D("3.5"),
    "new_energy": D("1.8"),
}
PRICE_TYPE = {"oem_guide": D("1.35"), "market_original": D("1.0"), "brand_aftermarket": D("0.55")}
CLASS_HOURS = {
    "economy": D("0.9"),
    "compact": D("1.0"),
    "midsize": D("1.1"),
    "suv": D("1.15"),
    "luxury": D("1.3"),
    "new_energy": D("1.2"),
}
REMOVE_REFIT = {
    "front_bumper": "1.5",
    "back_bumper": "1.5",
    "hood": "1.0",
    "trunk": "1.0",
    "tailgate": "1.5",
    "front_left_door": "2.0",
    "front_right_door": "2.0",
    "back_left_door": "2.0",
    "back_right_door": "2.0",
    "front_left_light": "1.0",
    "front_right_light": "1.0",
    "back_left_light": "0.5",
    "back_right_light": "0.5",
    "front_glass": "2.0",
    "back_glass": "1.5",
    "left_mirror": "0.5",
    "right_mirror": "0.5",
    "wheel": "0.5",
    "front_left_fender": "1.5",
    "front_right_fender": "1.5",
    "roof": "6.0",
    "back_left_quarter": "8.0",
    "back_right_quarter": "8.0",
    "left_rocker": "4.0",
    "right_rocker": "4.0",
    "front_left_fog_lamp": "0.5",
    "front_right_fog_lamp": "0.5",
    "front_left_window": "1.0",
    "front_right_window": "1.0",
    "back_left_window": "1.0",
    "back_right_window": "1.0",
    "grille": "0.5",
    "tyre": "0.5",
    "plate": "0.2",
}
BIG = {
    "hood",
    "tailgate",
    "front_left_door",
    "front_right_door",
    "back_left_door",
    "back_right_door",
    "roof",
    "back_left_quarter",
    "back_right_quarter",
}
REPAIR = {"panel": ("1.0", "3.0", "8.0"), "big": ("1.5", "4.0", "10.0"), "small": ("0.5", "1.0", "2.0")}
PAINT = {
    "front_bumper": "3.0",
    "back_bumper": "3.0",
    "hood": "3.5",
    "trunk": "3.0",
    "tailgate": "3.5",
    "front_left_door": "3.0",
    "front_right_door": "3.0",
    "back_left_door": "3.0",
    "back_right_door": "3.0",
    "left_mirror": "1.0",
    "right_mirror": "1.0",
    "front_left_fender": "2.5",
    "front_right_fender": "2.5",
    "roof": "4.0",
    "back_left_quarter": "3.0",
    "back_right_quarter": "3.0",
    "left_rocker": "2.0",
    "right_rocker": "2.0",
}
MATERIAL_SHARE = {
    "hood": D("1.2"),
    "tailgate": D("1.2"),
    "roof": D("1.3"),
    "left_rocker": D("0.6"),
    "right_rocker": D("0.6"),
}
MATERIALS = {"economy": 150, "compact": 200, "midsize": 250, "suv": 280, "luxury": 450, "new_energy": 300}
RATES = {"310000": (120, 120, 130), "110000": (115, 115, 125), "440300": (110, 110, 120), "default": (90, 90, 100)}


def whole_yuan(x: Decimal) -> Decimal:
    return x.quantize(D("1"), rounding=ROUND_HALF_UP).quantize(D("0.01"))


def tenth(x: Decimal) -> Decimal:
    return x.quantize(D("0.1"), rounding=ROUND_HALF_UP)


CATALOG = load_sample_catalog()


def test_part_prices_follow_base_times_class_times_price_type() -> None:
    for entry in CATALOG.entries:
        if isinstance(entry, PartPriceEntry) and entry.make is None:
            expected = whole_yuan(
                BASE[entry.part_code] * CLASS_PRICE[entry.vehicle_class] * PRICE_TYPE[entry.price_type]
            )
            assert entry.amount.amount == expected, entry


def test_labour_hours_and_materials_follow_the_tables() -> None:
    for cls in VehicleClass:
        vehicle, factor = Vehicle(cls), CLASS_HOURS[cls]
        for part in PartCode:
            rr = CATALOG.labour_hours(part, vehicle, LabourKind.REMOVE_REFIT)
            assert rr is not None and rr.value == tenth(D(REMOVE_REFIT[part]) * factor)
            painted = PART_NAMES[part].painted
            table = REPAIR["big" if part in BIG else "panel" if painted and "mirror" not in part else "small"]
            for severity, hours in zip(Severity, table, strict=True):
                quote = CATALOG.labour_hours(part, vehicle, LabourKind.REPAIR, severity)
                assert quote is not None and quote.value == tenth(D(hours) * factor), (cls, part, severity)
            if painted:
                paint = CATALOG.labour_hours(part, vehicle, LabourKind.PAINT)
                assert paint is not None and paint.value == tenth(D(PAINT[part]) * factor)
                share = D("0.3") if "mirror" in part else MATERIAL_SHARE.get(part, D("1"))
                material = CATALOG.paint_material(part, vehicle)
                assert material is not None and material.value.amount == whole_yuan(MATERIALS[cls] * share)


def test_labour_rates_follow_the_table() -> None:
    rates = {(e.region, e.kind): e.rate.amount for e in CATALOG.entries if isinstance(e, LabourRateEntry)}
    expected = {
        (region, kind): D(rate) for region, row in RATES.items() for kind, rate in zip(LabourKind, row, strict=True)
    }
    assert rates == expected


def test_the_one_model_specific_block_is_documented() -> None:
    model_rows = {
        (e.part_code.value, e.price_type.value, str(e.amount.amount))
        for e in CATALOG.entries
        if isinstance(e, PartPriceEntry) and e.make is not None
    }
    assert model_rows == {
        ("front_bumper", "oem_guide", "1450.00"),
        ("hood", "oem_guide", "2100.00"),
        ("front_left_light", "oem_guide", "1900.00"),
        ("front_right_light", "oem_guide", "1900.00"),
    }
    assert all(
        e.price_type is PriceType.OEM_GUIDE
        for e in CATALOG.entries
        if isinstance(e, PartPriceEntry) and e.make is not None
    )
