"""Money: an exact Decimal amount plus a currency code. Floats are refused.

Amounts keep full precision through arithmetic; a priced line is quantized *once*
to 2 places with :data:`ROUNDING` (ROUND_HALF_UP) by :meth:`Money.quantized`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from pricing.errors import CurrencyMismatchError

DEFAULT_CURRENCY: Final = "CNY"
ROUNDING: Final = ROUND_HALF_UP
CENT: Final = Decimal("0.01")

Number = Decimal | int | str


def to_decimal(value: object, *, what: str = "amount") -> Decimal:
    """Convert ``value`` to a finite Decimal; a float (or bool) is a TypeError.

    >>> to_decimal("12.30")
    Decimal('12.30')
    >>> to_decimal(1.5)
    Traceback (most recent call last):
    ...
    TypeError: amount must be Decimal, int or str, not float (floats are inexact)
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(
            f"{what} must be Decimal, int or str, not {type(value).__name__}"
            + (" (floats are inexact)" if isinstance(value, float) else "")
        )
    try:
        result = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what} is not a number: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"{what} must be finite, got {value!r}")
    return result


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of one currency.

    >>> Money.of("100.005").quantized()
    Money(amount=Decimal('100.01'), currency='CNY')
    >>> (Money.of(3) * Decimal("0.8")).amount
    Decimal('2.4')
    >>> Money.of(1.0)
    Traceback (most recent call last):
    ...
    TypeError: amount must be Decimal, int or str, not float (floats are inexact)
    """

    amount: Decimal
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        if not (
            isinstance(self.currency, str)
            and len(self.currency) == 3
            and self.currency.isascii()
            and self.currency.isalpha()
            and self.currency.isupper()
        ):
            raise ValueError(f"currency must be an ISO 4217 code like 'CNY', got {self.currency!r}")

    @classmethod
    def of(cls, amount: Number, currency: str = DEFAULT_CURRENCY) -> Money:
        """Build Money from a Decimal, int or numeric string.

        >>> Money.of("12.5", "USD")
        Money(amount=Decimal('12.5'), currency='USD')
        """
        return cls(to_decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        """Zero in ``currency``.

        >>> Money.zero().amount
        Decimal('0')
        """
        return cls(Decimal(0), currency)

    @classmethod
    def total(cls, items: Iterable[Money], currency: str = DEFAULT_CURRENCY) -> Money:
        """Sum ``items``; every item must be in ``currency`` (an empty sum is zero).

        >>> Money.total([Money.of("1.10"), Money.of("2.20")]).amount
        Decimal('3.30')
        """
        result = cls.zero(currency)
        for item in items:
            result = result + item
        return result

    def _check(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._check(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._check(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * to_decimal(factor, what="factor"), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._check(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._check(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._check(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._check(other).amount

    def quantized(self) -> Money:
        """Round to 2 places with ROUND_HALF_UP — once per priced line.

        >>> Money.of("0.125").quantized().amount
        Decimal('0.13')
        """
        return Money(self.amount.quantize(CENT, rounding=ROUNDING), self.currency)

    def max_zero(self) -> Money:
        """This amount, or zero if it is negative.

        >>> Money.of(-5).max_zero().amount
        Decimal('0')
        """
        return self if self.amount > 0 else Money.zero(self.currency)

    def to_json(self) -> dict[str, str]:
        """JSON form: the amount as a 2-place string beside the currency.

        >>> Money.of("1234.5").to_json()
        {'amount': '1234.50', 'currency': 'CNY'}
        """
        return {"amount": str(self.quantized().amount), "currency": self.currency}

    @classmethod
    def from_json(cls, data: object) -> Money:
        """Parse the JSON form; a float amount is a TypeError.

        >>> Money.from_json({"amount": "1234.50", "currency": "CNY"}).amount
        Decimal('1234.50')
        """
        if not isinstance(data, dict) or set(data) != {"amount", "currency"}:
            raise ValueError("money JSON must be an object with exactly 'amount' and 'currency'")
        return cls(to_decimal(data["amount"]), str(data["currency"]))

    def __str__(self) -> str:
        return f"{self.quantized().amount} {self.currency}"
