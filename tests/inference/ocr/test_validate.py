from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inference.ocr.validate import (
    LONG_TERM,
    check_id_number,
    check_plate,
    check_vin,
    id_check_digit,
    id_sex,
    is_new_energy_plate,
    normalise_id_number,
    parse_amount,
    parse_date,
    parse_period,
    vin_check_digit,
)
from training.ocr_synth.identities import fake_person, fake_vin


@pytest.mark.parametrize(
    ("value", "ok", "message"),
    [
        ("11010519491231002X", True, ""),
        ("440305198001010013", True, ""),
        ("110105194912310021", False, "check digit is 1, expected X"),
        ("11010519491231002", False, "not 17 digits and a digit or X"),
        ("11010519491231002XX", False, "not 17 digits and a digit or X"),
        ("99010519491231002X", False, "region code 990105 has no province 99"),
        ("110105194913310028", False, "birth date 19491331 is not a date"),
        ("110105230001010010", False, "birth date 23000101 is not a date"),
        ("11010519491231002x", False, "not 17 digits and a digit or X"),  # normalise first
    ],
)
def test_id_number_checks(value: str, ok: bool, message: str) -> None:
    check = check_id_number(value)
    assert check.ok is ok
    assert check.message == message


def test_id_number_normalisation_keeps_every_digit() -> None:
    assert normalise_id_number(" 1101 0519 4912 3100 2× ") == "11010519491231002X"


@pytest.mark.parametrize(("value", "sex"), [("11010519491231002X", "女"), ("110105194912310010", "男")])
def test_sex_from_id_number(value: str, sex: str) -> None:
    assert id_sex(value) == sex


@settings(deadline=None, max_examples=60)
@given(seed=st.integers(0, 2**32 - 1), position=st.integers(0, 16), delta=st.integers(1, 9))
def test_any_single_digit_error_in_an_id_number_is_caught(seed: int, position: int, delta: int) -> None:
    number = fake_person(random.Random(seed)).id_number
    assert check_id_number(number).ok
    wrong = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert id_check_digit(wrong[:17]) != wrong[17] or not check_id_number(wrong).ok


@pytest.mark.parametrize(
    ("value", "ok", "message"),
    [
        ("1M8GDM9AXKP042788", True, ""),
        ("LSVAU2180N2183294", vin_check_digit("LSVAU2180N2183294") == "0", None),
        ("1M8GDM9A1KP042788", False, "check digit is 1, expected X"),
        ("1M8GDM9AXKP04278", False, "VIN has 16 characters, not 17"),
        ("1M8GDM9AXKP04278O", False, "VIN may not contain I, O or Q (found O)"),
        ("IM8GDM9AXKP042788", False, "VIN may not contain I, O or Q (found I)"),
        ("QM8GDM9AXKP042788", False, "VIN may not contain I, O or Q (found Q)"),
        ("1M8GDM9AXKP04278-", False, "VIN has characters other than A–Z and 0–9"),
    ],
)
def test_vin_checks(value: str, ok: bool, message: str | None) -> None:
    check = check_vin(value)
    assert check.ok is ok
    if message is not None:
        assert check.message == message


@settings(deadline=None, max_examples=60)
@given(
    seed=st.integers(0, 2**32 - 1), position=st.sampled_from([i for i in range(17) if i != 8]), delta=st.integers(1, 9)
)
def test_any_single_digit_error_in_a_vin_is_caught(seed: int, position: int, delta: int) -> None:
    vin = fake_vin(random.Random(seed))
    assert check_vin(vin).ok
    if not vin[position].isdigit():
        return
    wrong = vin[:position] + str((int(vin[position]) + delta) % 10) + vin[position + 1 :]
    assert not check_vin(wrong).ok


@pytest.mark.parametrize(
    ("plate", "ok", "new_energy"),
    [
        ("沪A12345", True, False),
        ("京N8B2C7", True, False),
        ("粤B1234学", True, False),
        ("沪AD12345", True, True),  # small new-energy: D (battery)
        ("沪AFA1234", True, True),  # small new-energy: F, then a letter
        ("川A12345D", True, True),  # large new-energy: D at the end
        ("沪AI2345", False, False),  # no I
        ("沪AO2345", False, False),  # no O
        ("沪A1234", False, False),  # too short
        ("沪AX12345", False, False),  # 8 characters but not D/F
        ("XA12345", False, False),  # not a province
    ],
)
def test_plates(plate: str, ok: bool, new_energy: bool) -> None:
    assert check_plate(plate).ok is ok
    assert is_new_energy_plate(plate) is new_energy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985年3月7日", date(1985, 3, 7)),
        ("出生日期 1985-03-07", date(1985, 3, 7)),
        ("2019.07.02", date(2019, 7, 2)),
        ("2019/7/2", date(2019, 7, 2)),
        ("20190702", date(2019, 7, 2)),
        ("2019.02.30", None),
        ("无日期", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2016.05.01-长期", date(2016, 5, 1), LONG_TERM),
        ("2016.05.01-2036.05.01", date(2016, 5, 1), date(2036, 5, 1)),
        ("自2025年03月01日00时起至2026年02月28日24时止", date(2025, 3, 1), date(2026, 2, 28)),
        ("2020-01-02至", date(2020, 1, 2), None),
        ("", None, None),
    ],
)
def test_periods(text: str, start: date | None, end: date | str | None) -> None:
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("¥12,345.60元", Decimal("12345.60")),
        ("合计：1200", Decimal("1200")),
        ("保险费 950.00", Decimal("950.00")),
        ("0.1", Decimal("0.1")),
        ("无", None),
    ],
)
def test_amounts_are_decimal(text: str, amount: Decimal | None) -> None:
    parsed = parse_amount(text)
    assert parsed == amount
    assert parsed is None or isinstance(parsed, Decimal)
