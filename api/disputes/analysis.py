"""Amount-dispute analysis: where the difference between the customer's figure and the
estimate comes from, line by line, to the cent.

The gap is the customer's figure minus the estimate's payable amount. It is split into
components, each with a cause — price type, part price, labour hours, labour rate, quantity,
scope, unpriced, salvage, multi-panel adjustment, third-party recovery, deductible, or
unitemized (a total without items) — and the components always add up to the gap exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from api.disputes.align import Group, align, market_prices
from api.disputes.quote import CustomerFigure, CustomerLine, Operation
from api.disputes.snapshot import EstimateSnapshot, SnapshotLine
from api.disputes.vocabulary import Unpaired
from pricing import LineKind, Money, PartCode, PriceType


class GapCause(StrEnum):
    PRICE_TYPE = "price_type"  # 4S guide price vs market original vs brand part
    PART_PRICE = "part_price"  # same price type, different price
    LABOUR_HOURS = "labour_hours"
    LABOUR_RATE = "labour_rate"  # hourly rate (and paint materials)
    QUANTITY = "quantity"
    SCOPE = "scope"  # an item only one side has
    UNPRICED = "unpriced"  # our line still awaits manual pricing
    SALVAGE = "salvage"
    ADJUSTMENT = "adjustment"  # multi-panel paint
    RECOVERY = "recovery"  # recovered from a liable third party
    DEDUCTIBLE = "deductible"
    UNITEMIZED = "unitemized"  # a total without items: not attributable further


class Flag(StrEnum):
    ABOVE_MARKET = "above_market"
    UNRECOGNISED_ITEM = "unrecognised_item"
    REPEATED_SAME_CLAIM = "repeated_same_claim"
    REPEATED_OTHER_CLAIM = "repeated_other_claim"  # a fraud signal


@dataclass(frozen=True, slots=True)
class Component:
    cause: GapCause
    amount: Money  # customer minus ours: positive when the customer asks for more


@dataclass(frozen=True, slots=True)
class Comparison:
    """One (part, operation): both sides' lines and figures, the gap and its components."""

    part: PartCode | None
    operation: Operation | None
    customer_lines: tuple[CustomerLine, ...]
    estimate_lines: tuple[SnapshotLine, ...]
    customer_amount: Money
    estimate_amount: Money
    components: tuple[Component, ...]
    customer_price_type: PriceType | None = None
    customer_quantity: Decimal | None = None
    customer_hours: Decimal | None = None
    estimate_hours: Decimal | None = None
    estimate_rate: Money | None = None
    market_reference: SnapshotLine | None = None
    flags: frozenset[Flag] = frozenset()
    reason: Unpaired | None = None
    """Why only one side has lines (None: the customer's items and ours pair)."""

    @property
    def gap(self) -> Money:
        return self.customer_amount - self.estimate_amount

    @property
    def label(self) -> str:
        return " / ".join(x.name for x in self.customer_lines) or (self.estimate_lines[0].description_zh)


@dataclass(frozen=True, slots=True)
class Analysis:
    figure: CustomerFigure
    estimate: EstimateSnapshot
    comparisons: tuple[Comparison, ...]
    components: tuple[Component, ...]  # dispute-level: salvage, adjustment, recovery, deductible, unitemized
    flags: frozenset[Flag] = frozenset()
    repeated_on: tuple[str, ...] = field(default=())

    @property
    def gap(self) -> Money:
        return (self.figure.total - self.estimate.payable).quantized()

    def by_cause(self) -> Mapping[GapCause, Money]:
        """Every component summed per cause (causes with no component are left out)."""
        out: dict[GapCause, Money] = {}
        for c in (*[c for x in self.comparisons for c in x.components], *self.components):
            out[c.cause] = out.get(c.cause, Money.zero(c.amount.currency)) + c.amount
        return out

    @property
    def gap_ratio(self) -> Decimal | None:
        """Gap relative to the payable amount (None when nothing is payable)."""
        if self.estimate.payable.amount == 0:
            return None
        return self.gap.amount / self.estimate.payable.amount


def _sum(amounts: Sequence[Money], currency: str) -> Money:
    return Money.total(amounts, currency).quantized()


def _nonzero(*components: Component) -> tuple[Component, ...]:
    return tuple(c for c in components if c.amount.amount != 0)


def _compare(group: Group, figure: CustomerFigure, currency: str, *, market: Mapping[PartCode, SnapshotLine],
             above_market_factor: Decimal) -> Comparison:  # fmt: skip
    zero = Money.zero(currency)
    cust = _sum([x.amount for x in group.customer], currency)
    priced = [x for x in group.estimate if x.amount is not None]
    ours = _sum([x.amount for x in priced if x.amount is not None], currency)
    gap = (cust - ours).quantized()
    flags: set[Flag] = set() if group.recognised else {Flag.UNRECOGNISED_ITEM}
    base = Comparison(group.part, group.operation, group.customer, group.estimate, cust, ours, (), reason=group.reason)
    if not group.customer or not group.estimate:
        return replace(base, components=_nonzero(Component(GapCause.SCOPE, gap)), flags=frozenset(flags))
    parts = [x for x in group.estimate if x.kind is LineKind.PARTS]
    if not priced or any(x.amount is None for x in parts):
        return replace(base, components=_nonzero(Component(GapCause.UNPRICED, gap)), flags=frozenset(flags))
    if parts:  # a replacement, with its fitting labour when the customer's item includes it
        ours_line = parts[0]
        unit = ours_line.unit_price or ours_line.amount or zero
        c_qty = sum((x.quantity for x in group.customer), Decimal(0))
        quantity = ((c_qty - ours_line.quantity) * unit).quantized()
        types = {figure.price_type_of(x) for x in group.customer}
        c_type = types.pop() if len(types) == 1 else None
        differs = c_type is not None and c_type is not ours_line.price_type
        cause = GapCause.PRICE_TYPE if differs else GapCause.PART_PRICE
        ref = market.get(group.part) if group.part else None
        limit = ref.unit_price.amount * above_market_factor if ref and ref.unit_price else None
        fitting = ours - _sum([x.amount for x in parts if x.amount is not None], currency)
        if limit is not None and c_qty > 0 and (cust - fitting).amount / c_qty > limit:
            flags.add(Flag.ABOVE_MARKET)
        return replace(
            base,
            components=_nonzero(Component(GapCause.QUANTITY, quantity), Component(cause, gap - quantity)),
            customer_price_type=c_type,
            customer_quantity=c_qty,
            market_reference=ref,
            flags=frozenset(flags),
        )
    # Labour-like operations: hours × rate (paint also carries materials).
    labour = [x for x in priced if x.kind in (LineKind.LABOUR, LineKind.PAINT)]
    e_hours = sum((x.quantity for x in labour), Decimal(0)) if labour else None
    rate = labour[0].unit_price if labour else None
    hours = [x.hours for x in group.customer]
    c_hours = sum((h for h in hours if h is not None), Decimal(0)) if all(h is not None for h in hours) else None
    if c_hours is not None and e_hours is not None and rate is not None:
        by_hours = ((c_hours - e_hours) * rate).quantized()
        components = _nonzero(
            Component(GapCause.LABOUR_HOURS, by_hours), Component(GapCause.LABOUR_RATE, gap - by_hours)
        )
        if c_hours > 0 and (cust.amount / c_hours) > rate.amount * above_market_factor:
            flags.add(Flag.ABOVE_MARKET)
    else:
        components = _nonzero(Component(GapCause.LABOUR_HOURS, gap))
    return replace(
        base,
        components=components,
        customer_hours=c_hours,
        estimate_hours=e_hours,
        estimate_rate=rate,
        flags=frozenset(flags),
    )


def analyse(
    *,
    figure: CustomerFigure,
    estimate: EstimateSnapshot,
    above_market_factor: Decimal = Decimal("1.5"),
    repeated_on: Sequence[tuple[str, bool]] = (),
) -> Analysis:
    """Compare ``figure`` with ``estimate``. ``repeated_on`` lists earlier submissions of the
    same material as (reference, same_claim). Raises ValueError on a currency mismatch."""
    currency = estimate.currency
    if figure.total.currency != currency:
        raise ValueError(f"the customer's figure is in {figure.total.currency}, the estimate in {currency}")
    primary = [x for x in estimate.lines if x.kind not in (LineKind.SALVAGE, LineKind.ADJUSTMENT)]
    primary_total = _sum([x.amount for x in primary if x.amount is not None], currency)
    comparisons: tuple[Comparison, ...] = ()
    components: list[Component] = []
    if figure.itemized:
        market = market_prices(estimate.lines)
        comparisons = tuple(
            _compare(g, figure, currency, market=market, above_market_factor=above_market_factor)
            for g in align(figure.lines, primary)
        )
        unidentified = [x for x in primary if x.part is None and x.amount is not None]
        if unidentified:  # estimate lines on no known part: in our scope only
            comparisons += tuple(
                Comparison(None, None, (), (x,), Money.zero(currency), x.amount or Money.zero(currency),
                           _nonzero(Component(GapCause.SCOPE, -(x.amount or Money.zero(currency)))),
                           reason=Unpaired.NOT_IN_QUOTE)
                for x in unidentified
            )  # fmt: skip
    else:
        components.append(Component(GapCause.UNITEMIZED, (figure.total - primary_total).quantized()))
    salvage = _sum([x.amount for x in estimate.lines if x.kind is LineKind.SALVAGE and x.amount], currency)
    adjustment = _sum([x.amount for x in estimate.lines if x.kind is LineKind.ADJUSTMENT and x.amount], currency)
    net = estimate.net_repair_cost
    recovery = min(estimate.recovered, net.max_zero(), key=lambda m: m.amount)
    deductible = (net - estimate.payable - recovery).quantized()
    components += [
        Component(GapCause.SALVAGE, -salvage),
        Component(GapCause.ADJUSTMENT, -adjustment),
        Component(GapCause.RECOVERY, recovery.quantized()),
        Component(GapCause.DEDUCTIBLE, deductible),
    ]
    flags = {f for c in comparisons for f in c.flags}
    if any(same for _, same in repeated_on):
        flags.add(Flag.REPEATED_SAME_CLAIM)
    if any(not same for _, same in repeated_on):
        flags.add(Flag.REPEATED_OTHER_CLAIM)
    return Analysis(
        figure=figure,
        estimate=estimate,
        comparisons=comparisons,
        components=_nonzero(*components),
        flags=frozenset(flags),
        repeated_on=tuple(ref for ref, _ in repeated_on),
    )
