"""JSON-ready form of estimates and other pricing values: amounts as strings beside their
currency, Decimals as strings, enums as their values — never a float."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum

from pricing.money import Money
from pricing.rules import Rules


def to_jsonable(value: object) -> object:
    """Convert pricing values to JSON-ready data; a float anywhere is a TypeError.

    >>> to_jsonable({"total": Money.of("10.5"), "rate": Decimal("0.8")})
    {'total': {'amount': '10.50', 'currency': 'CNY'}, 'rate': '0.8'}
    """
    if isinstance(value, Money):
        return value.to_json()
    if isinstance(value, Rules):
        return value.to_dict()
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, float):
        raise TypeError("float found in a pricing value")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if not f.name.startswith("_")
        }
    if isinstance(value, Mapping):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((to_jsonable(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"cannot serialise {type(value).__name__}")
