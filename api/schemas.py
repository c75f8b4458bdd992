"""Schemas shared by every domain: pages and money."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, Field, PlainSerializer, field_validator

T = TypeVar("T")

# Bounds on integers clients send: past them a request is a 422, never a database overflow.
MAX_OFFSET = 1_000_000  # list endpoints: no page lies further
MAX_VERSION = 10_000  # estimate versions of one claim


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(ge=0)
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)


class Currency(StrEnum):
    CNY = "CNY"


# Amounts travel as strings ("1234.50"), never as JSON numbers.
AmountStr = Annotated[
    Decimal,
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str, when_used="always"),
]


class Money(BaseModel):
    amount: AmountStr = Field(description="Decimal amount as a string, 2 places", examples=["1234.50"])
    currency: Currency = Currency.CNY

    @field_validator("amount", mode="before")
    @classmethod
    def _no_float(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError('send amounts as strings (e.g. "1234.50"), not numbers')
        return value

    @field_validator("amount")
    @classmethod
    def _two_places(cls, value: Decimal) -> Decimal:
        if not value.is_finite():
            raise ValueError("amount must be finite")
        if value < 0:
            raise ValueError("amount must not be negative")
        if value != value.quantize(Decimal("0.01")):
            raise ValueError("amount has more than 2 decimal places")
        return value.quantize(Decimal("0.01"))
