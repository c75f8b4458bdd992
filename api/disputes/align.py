"""Which part a quote line names, and which estimate lines it corresponds to.

Names are read by :mod:`api.disputes.vocabulary` (Chinese and English names, the synonyms and
abbreviations shops and customers write, and sides): 前保险杠 / 前杠 / 前保险杠皮, typos such as
前保险杆, 挡风玻璃 for the windscreen. A name that carries a sub-component word (支架 bracket, 骨架
frame, …) is a different item than the panel and is not matched to it. Nothing is matched by
closeness of spelling: that once read 挡风玻璃 as the rear window.

>>> [str(recognise(name)) for name in ("前保险杠皮", "前保险杆", "前杠支架", "挡风玻璃")]
['front_bumper', 'front_bumper', 'None', 'front_glass']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from api.disputes.quote import CustomerLine, Operation
from api.disputes.snapshot import SnapshotLine
from api.disputes.vocabulary import read_part
from pricing import Action, LineKind, PartCode, PriceType

# Estimate line kind (and action, for labour) → the operation it pays for.
_KIND_OPERATION: Final = {
    LineKind.PARTS: Operation.REPLACE,
    LineKind.PAINT: Operation.PAINT,
    LineKind.MATERIALS: Operation.PAINT,
}
_LABOUR_OPERATION: Final = {
    Action.REMOVE_REFIT: Operation.REMOVE_REFIT,
    Action.REPAIR: Operation.REPAIR,
    Action.PAINT: Operation.PAINT,
    Action.REPLACE: Operation.REMOVE_REFIT,
}


def recognise(name: str) -> PartCode | None:
    """The one part ``name`` refers to, or None (unknown, a sub-component, or a side left open)."""
    return read_part(name).part


def estimate_operation(line: SnapshotLine) -> Operation | None:
    """The operation an estimate line pays for; None for salvage, adjustments, unidentified."""
    if line.kind is LineKind.LABOUR:
        return _LABOUR_OPERATION.get(line.action) if line.action else Operation.REMOVE_REFIT
    return _KIND_OPERATION.get(line.kind)


Key = tuple[PartCode | None, Operation | None]


@dataclass(frozen=True, slots=True)
class Group:
    """Customer and estimate lines that pay for the same (part, operation)."""

    part: PartCode | None
    operation: Operation | None
    customer: tuple[CustomerLine, ...]
    estimate: tuple[SnapshotLine, ...]
    recognised: bool = True
    """False for a customer item whose part could not be recognised."""


def align(customer: Sequence[CustomerLine], estimate: Sequence[SnapshotLine]) -> tuple[Group, ...]:
    """Group both sides by (part, operation), in estimate order then the customer's order.

    A customer line that names a part but no operation goes to that part's only estimate group
    no customer line with an operation took; otherwise it stands alone. Unrecognised items stand alone.
    """
    est: dict[Key, list[SnapshotLine]] = {}
    for line in estimate:
        op = estimate_operation(line)
        if op is not None and line.part is not None:
            est.setdefault((line.part, op), []).append(line)
    cust: dict[Key, list[CustomerLine]] = {}
    loose: list[tuple[PartCode, CustomerLine]] = []
    unknown: list[CustomerLine] = []
    for c in customer:
        part = recognise(c.name)
        if part is None:
            unknown.append(c)
        elif c.operation is None:
            loose.append((part, c))
        else:
            cust.setdefault((part, c.operation), []).append(c)
    taken = set(cust)  # decided before any loose line is placed, so input order does not matter
    for part, c in loose:
        free = [k for k in est if k[0] is part and k not in taken]
        cust.setdefault(free[0] if len(free) == 1 else (part, None), []).append(c)
    groups = [Group(k[0], k[1], tuple(cust.get(k, ())), tuple(v)) for k, v in est.items()]
    groups += [Group(k[0], k[1], tuple(v), ()) for k, v in cust.items() if k not in est]
    groups += [Group(None, c.operation, (c,), (), recognised=False) for c in unknown]
    return tuple(groups)


def market_prices(estimate: Sequence[SnapshotLine]) -> Mapping[PartCode, SnapshotLine]:
    """Parts lines priced at the market original price: the reference for "far above market"."""
    return {
        x.part: x
        for x in estimate
        if x.kind is LineKind.PARTS and x.part is not None and x.unit_price is not None
        and x.price_type is PriceType.MARKET_ORIGINAL
    }  # fmt: skip
