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

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Final

from api.disputes.quote import OPERATION_WORDS, CustomerLine, Operation, operation_in
from api.disputes.snapshot import SnapshotLine
from api.disputes.vocabulary import Unpaired, read_part
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


_REPAIR_WORDS: Final = dict(OPERATION_WORDS)[Operation.REPAIR]


def _also_repair(items: Sequence[CustomerLine]) -> bool:
    """Whether a paint item names the repair too: 钣金喷漆, as customers and shops write bodywork."""
    return any(word in c.name.lower() for c in items for word in _REPAIR_WORDS)


def recognise(name: str) -> PartCode | None:
    """The one part ``name`` refers to, or None (unknown, a sub-component, or a side left open)."""
    return read_part(name).part


def estimate_operation(line: SnapshotLine) -> Operation | None:
    """The operation an estimate line pays for; None for salvage, adjustments, unidentified."""
    if line.kind is LineKind.LABOUR:
        return _LABOUR_OPERATION.get(line.action) if line.action else Operation.REMOVE_REFIT
    return _KIND_OPERATION.get(line.kind)


Key = tuple[PartCode | None, Operation | None]
_NOT_RECOGNISED: Final = frozenset({Unpaired.UNRECOGNISED, Unpaired.SUB_COMPONENT})


@dataclass(frozen=True, slots=True)
class Group:
    """Customer and estimate lines that pay for the same part (and operation; None: an item
    without operation paired with every line of its part the other items left)."""

    part: PartCode | None
    operation: Operation | None
    customer: tuple[CustomerLine, ...]
    estimate: tuple[SnapshotLine, ...]
    reason: Unpaired | None = None
    """Why the group has only one side; None when customer and estimate lines pair."""

    @property
    def recognised(self) -> bool:
        """False for a customer item that names no part (or only a sub-component of one)."""
        return self.reason not in _NOT_RECOGNISED


def resolve(name: str, estimated: Set[PartCode]) -> tuple[PartCode | None, Unpaired | None]:
    """The estimated part ``name`` pairs with, or why it cannot: a name that leaves a side open
    pairs with the one side the estimate has; a stated side never pairs with the other.

    >>> resolve("叶子板", {PartCode.FRONT_RIGHT_FENDER})
    (<PartCode.FRONT_RIGHT_FENDER: 'front_right_fender'>, None)
    >>> resolve("左叶子板", {PartCode.FRONT_RIGHT_FENDER})
    (<PartCode.FRONT_LEFT_FENDER: 'front_left_fender'>, <Unpaired.PART_NOT_IN_ESTIMATE: 'part_not_in_estimate'>)
    """
    reading = read_part(name)
    if not reading.candidates:
        return None, reading.problem or Unpaired.UNRECOGNISED
    present = [c for c in reading.candidates if c in estimated]
    if reading.ambiguous:
        if len(present) == 1:
            return present[0], None
        return None, Unpaired.SIDE_UNCLEAR if present else Unpaired.PART_NOT_IN_ESTIMATE
    if present:
        return present[0], None
    return reading.candidates[0], Unpaired.PART_NOT_IN_ESTIMATE


def align(customer: Sequence[CustomerLine], estimate: Sequence[SnapshotLine]) -> tuple[Group, ...]:
    """Pair both sides by part and operation, in estimate order then the customer's order.

    The operation is the line's, or the one its name states ("前挡风玻璃 更换"). A replacement
    pairs with the part's parts line and its remove/refit labour (unless the customer lists that
    labour too); 钣金喷漆 with the part's paint and its repair labour (unless listed too); an item
    without operation pairs with every line of its part no item with an operation took. Every
    customer and estimate line is in exactly one group.
    """
    est: dict[Key, list[SnapshotLine]] = {}
    for line in estimate:
        op = estimate_operation(line)
        if op is not None and line.part is not None:
            est.setdefault((line.part, op), []).append(line)
    estimated = {part for part, _ in est if part is not None}
    cust: dict[Key, list[CustomerLine]] = {}
    loose: dict[PartCode, list[CustomerLine]] = {}
    alone: list[Group] = []
    for c in customer:
        part, why = resolve(c.name, estimated)
        op = c.operation or operation_in(c.name)
        if part is None or why is not None:
            alone.append(Group(part, op, (c,), (), why))
        elif op is None:
            loose.setdefault(part, []).append(c)
        else:
            cust.setdefault((part, op), []).append(c)
    owner: dict[Key, Key] = {}  # estimate key → the group it pairs in; decided before loose items
    for key in est:
        part, op = key
        replaced = (part, Operation.REPLACE)
        fitting = op is Operation.REMOVE_REFIT and replaced in cust and replaced in est and key not in cust
        painted = (part, Operation.PAINT)  # 钣金喷漆 pays for the repair labour as well as the paint
        bodywork = op is Operation.REPAIR and key not in cust and painted in est and _also_repair(cust.get(painted, []))
        owner[key] = replaced if fitting else painted if bodywork else key
    for key in est:
        if owner[key] == key and key not in cust and key[0] in loose:
            owner[key] = (key[0], None)
    lines: dict[Key, list[SnapshotLine]] = {}
    for key, found in est.items():
        lines.setdefault(owner[key], []).extend(found)
    groups = []
    for key, found in lines.items():
        part, op = key
        items = cust.get(key, []) if op is not None else loose.get(part, []) if part is not None else []
        groups.append(Group(key[0], key[1], tuple(items), tuple(found), None if items else Unpaired.NOT_IN_QUOTE))
    groups += [Group(k[0], k[1], tuple(v), (), Unpaired.OPERATION_NOT_IN_ESTIMATE) for k, v in cust.items()
               if k not in lines]  # fmt: skip
    groups += [Group(part, None, tuple(v), (), Unpaired.OPERATION_NOT_IN_ESTIMATE) for part, v in loose.items()
               if (part, None) not in lines]  # fmt: skip
    return (*groups, *alone)


def market_prices(estimate: Sequence[SnapshotLine]) -> Mapping[PartCode, SnapshotLine]:
    """Parts lines priced at the market original price: the reference for "far above market"."""
    return {
        x.part: x
        for x in estimate
        if x.kind is LineKind.PARTS and x.part is not None and x.unit_price is not None
        and x.price_type is PriceType.MARKET_ORIGINAL
    }  # fmt: skip
