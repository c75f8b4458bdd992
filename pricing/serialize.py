"""JSON-ready form of estimates and other pricing values, and back.

Amounts are strings beside their currency, Decimals are strings, enums their values, dates ISO
strings — never a float. :func:`from_jsonable` rebuilds any pricing dataclass (an ``Estimate``
read back from storage, ready for :func:`pricing.revise_estimate`) from that form, guided by
the dataclass's type annotations.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pricing.money import Money, to_decimal
from pricing.rules import Rules

T = TypeVar("T")


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
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, Mapping):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((to_jsonable(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"cannot serialise {type(value).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, data: object) -> object:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if data is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return _decode(option, data)
            except (TypeError, ValueError, KeyError) as exc:
                errors.append(str(exc))
        raise ValueError(f"{data!r} matches none of {args}: {errors}")
    if origin is typing.Literal:
        if data in args:
            return data
        raise ValueError(f"{data!r} is not one of {args}")
    if hint is Money:
        return Money.from_json(data)
    if hint is Rules:
        if not isinstance(data, Mapping):
            raise TypeError("rules must be an object")
        return Rules.from_dict(data)
    if hint is Decimal:
        return to_decimal(data)
    if hint is date:
        return date.fromisoformat(str(data))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint in (str, int, bool):
        if isinstance(data, float) or type(data) is not hint:
            raise TypeError(f"expected {hint.__name__}, got {type(data).__name__}")
        return data
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(data, Mapping):
            raise TypeError(f"{hint.__name__} must be an object")
        hints = _hints(hint)
        fields = {f.name for f in dataclasses.fields(hint) if f.init}
        if set(data) - fields:
            raise ValueError(f"unknown {hint.__name__} fields {sorted(set(data) - fields)}")
        return hint(**{name: _decode(hints[name], value) for name, value in data.items()})
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple(_decode(args[0], v) for v in _list(data))
    if origin is tuple:
        items = _list(data)
        if len(items) != len(args):
            raise ValueError(f"expected {len(args)} items")
        return tuple(_decode(a, v) for a, v in zip(args, items, strict=True))
    if origin is frozenset:
        return frozenset(_decode(args[0], v) for v in _list(data))
    if origin in (Mapping, dict, typing.Mapping):
        if not isinstance(data, Mapping):
            raise TypeError("expected an object")
        return {_decode(args[0], k): _decode(args[1], v) for k, v in data.items()}
    raise TypeError(f"cannot decode {hint!r}")


def _list(data: object) -> list[object]:
    if not isinstance(data, list):
        raise TypeError(f"expected a list, got {type(data).__name__}")
    return data


def from_jsonable(cls: type[T], data: object) -> T:
    """Rebuild a pricing dataclass from :func:`to_jsonable`'s form (floats are refused).

    >>> from pricing.history import LineDiff
    >>> diff = LineDiff("hood/parts", "changed", "price_correction", Money.of("2600.00"), Money.of("2500.00"))
    >>> from_jsonable(LineDiff, to_jsonable(diff)) == diff
    True
    """
    result = _decode(cls, data)
    assert isinstance(result, cls)
    return result
