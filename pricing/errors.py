"""The pricing error hierarchy. Domain errors only: nothing here knows about HTTP.

The API maps these to problem+json responses in one table; pricing code raises them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class PricingError(Exception):
    """Base class of every error raised by :mod:`pricing`."""


class CurrencyMismatchError(PricingError):
    """Two amounts in different currencies were combined.

    >>> from pricing.money import Money
    >>> Money.of("1", "CNY") + Money.of("1", "USD")
    Traceback (most recent call last):
    ...
    pricing.errors.CurrencyMismatchError: cannot combine CNY with USD
    """


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One bad row of an imported price list: its line number, why it was rejected, and the
    column at fault when one is (``None`` for a problem of the whole row or file)."""

    line: int
    reason: str
    field: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class PriceListError(PricingError):
    """A price list was rejected as a whole; ``problems`` lists every bad row.

    >>> err = PriceListError([RowProblem(3, "amount must be positive")])
    >>> err.problems[0].line
    3
    """

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems: tuple[RowProblem, ...] = tuple(problems)
        shown = "; ".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        suffix = f"; … and {more} more" if more > 0 else ""
        super().__init__(f"price list rejected, {len(self.problems)} bad row(s): {shown}{suffix}")


class RulesConfigError(PricingError):
    """A rules override dict named an unknown key or gave a value of the wrong kind."""


class EstimateRevisionError(PricingError):
    """An estimate edit was not allowed (unknown line, role may not edit, missing reason)."""
