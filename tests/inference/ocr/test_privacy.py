from __future__ import annotations

import pytest

from inference.ocr.privacy import mask_address, mask_field, mask_id_number, mask_name


@pytest.mark.parametrize(
    ("value", "masked"),
    [("31011519850307123X", "3101**********123X"), ("1234567", "*******"), (None, None)],
)
def test_id_numbers(value: str | None, masked: str | None) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(("value", "masked"), [("张伟", "张*"), ("欧阳娜娜", "欧***"), ("李", "李"), (None, None)])
def test_names(value: str | None, masked: str | None) -> None:
    assert mask_name(value) == masked


def test_addresses_keep_the_city_only() -> None:
    assert mask_address("北京市朝阳区建设路1号") == "北京市朝阳区*****"


@pytest.mark.parametrize(
    ("field", "value", "masked"),
    [
        ("id_number", "31011519850307123X", "3101**********123X"),
        ("licence_number", "31011519850307123X", "3101**********123X"),
        ("insured", "王芳", "王*"),
        ("owner", "王芳", "王*"),
        ("plate", "沪A12345", "沪A12345"),
        ("vin", "LSVAU2180N2183294", "LSVAU2180N2183294"),
    ],
)
def test_field_masks(field: str, value: str, masked: str) -> None:
    assert mask_field(field, value) == masked
