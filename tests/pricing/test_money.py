from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import CurrencyMismatchError, Money

amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Money(1.5),  # type: ignore[arg-type]
        lambda: Money.of(1.5),  # type: ignore[arg-type]
        lambda: Money.of("1") * 0.8,  # type: ignore[operator]
        lambda: Money.from_json({"amount": 12.5, "currency": "CNY"}),
        lambda: Money.of(True),
    ],
    ids=["constructor", "of", "multiply", "from_json", "bool"],
)
def test_float_is_a_type_error(build: object) -> None:
    with pytest.raises(TypeError):
        build()  # type: ignore[operator]


@pytest.mark.parametrize(
    "combine",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a >= b,
        lambda a, b: Money.total([a, b]),
    ],
    ids=["add", "sub", "lt", "ge", "total"],
)
def test_mixing_currencies_is_an_error(combine: object) -> None:
    with pytest.raises(CurrencyMismatchError, match=r"CNY.*USD|USD.*CNY"):
        combine(Money.of("1.00"), Money.of("1.00", "USD"))  # type: ignore[operator]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0.125", "0.13"), ("0.124", "0.12"), ("-0.125", "-0.13"), ("2.675", "2.68"), ("1", "1.00")],
)
def test_quantize_rounds_half_up_to_cents(raw: str, expected: str) -> None:
    assert Money.of(raw).quantized().amount == Decimal(expected)
    assert str(Money.of(raw).quantized().amount) == expected


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "abc", ""])
def test_non_finite_or_non_numeric_amounts_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        Money.of(bad)


@pytest.mark.parametrize("currency", ["cny", "YUAN", "", "C1Y"])
def test_currency_must_be_an_iso_code(currency: str) -> None:
    with pytest.raises(ValueError):
        Money.of(1, currency)


def test_json_form_has_string_amount_and_currency() -> None:
    assert Money.of("1234.5").to_json() == {"amount": "1234.50", "currency": "CNY"}
    assert Money.from_json({"amount": "1234.50", "currency": "USD"}) == Money(Decimal("1234.50"), "USD")
    with pytest.raises(ValueError):
        Money.from_json({"amount": "1"})


def test_multiplication_keeps_precision_until_quantized() -> None:
    m = Money.of("0.05") * Decimal("0.5")
    assert m.amount == Decimal("0.025")
    assert m.quantized().amount == Decimal("0.03")
    assert (3 * Money.of("1.10")).amount == Decimal("3.30")


@settings(deadline=None)
@given(st.lists(amounts, max_size=20), st.randoms())
def test_total_is_order_independent(values: list[Decimal], rnd: object) -> None:
    items = [Money(v) for v in values]
    shuffled = list(items)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert Money.total(items) == Money.total(shuffled)
    assert Money.total(items).amount == sum(values, Decimal(0))


@settings(deadline=None)
@given(amounts, amounts)
def test_add_then_subtract_is_identity(a: Decimal, b: Decimal) -> None:
    assert (Money(a) + Money(b) - Money(b)).amount == a


def test_max_zero_floors_negative_amounts() -> None:
    assert Money.of("-3").max_zero() == Money.zero()
    assert Money.of("3").max_zero() == Money.of("3")
