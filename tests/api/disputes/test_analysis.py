"""One test per gap cause and flag, each on a hand-made estimate, plus the reconciliation
property: the components always add up to the gap, to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.disputes.analysis import Analysis, Flag, GapCause, analyse
from api.disputes.quote import CustomerFigure, Operation
from pricing import Action, Money, PartCode, PriceType
from tests.api.disputes.factories import figure, labour, line, m, paint, parts, salvage, snapshot

HOOD = PartCode.HOOD
BUMPER = PartCode.FRONT_BUMPER


def causes(a: Analysis) -> dict[GapCause, str]:
    return {k: str(v.amount) for k, v in a.by_cause().items()}


def reconciles(a: Analysis) -> bool:
    return sum((v.amount for v in a.by_cause().values()), Decimal(0)) == a.gap.amount


def test_price_type_gap_when_the_quote_prices_parts_at_4s() -> None:
    a = analyse(
        figure=figure(line("发动机盖", "2400", Operation.REPLACE), price_type=PriceType.OEM_GUIDE),
        estimate=snapshot([parts(HOOD, "1800")]),
    )
    assert causes(a) == {GapCause.PRICE_TYPE: "600.00"} and reconciles(a)


def test_part_price_gap_when_the_price_type_is_the_same() -> None:
    a = analyse(
        figure=figure(line("发动机盖", "2000", Operation.REPLACE, price_type=PriceType.MARKET_ORIGINAL)),
        estimate=snapshot([parts(HOOD, "1800")]),
    )
    assert causes(a) == {GapCause.PART_PRICE: "200.00"}


def test_quantity_gap_is_priced_at_our_unit_price() -> None:
    a = analyse(
        figure=figure(line("发动机盖", "3700", Operation.REPLACE, quantity=Decimal(2))),
        estimate=snapshot([parts(HOOD, "1800")]),
    )
    assert causes(a) == {GapCause.QUANTITY: "1800.00", GapCause.PART_PRICE: "100.00"}


def test_labour_hours_and_rate_are_separated_when_the_quote_gives_hours() -> None:
    a = analyse(
        figure=figure(line("前杠", "500", Operation.REPAIR, hours=Decimal(4))),
        estimate=snapshot([labour(BUMPER, Action.REPAIR, "3", "120.00")]),
    )
    # 4 h vs 3 h at 120 = 120 from hours; 500 - 480 = 20 from the rate
    assert causes(a) == {GapCause.LABOUR_HOURS: "120.00", GapCause.LABOUR_RATE: "20.00"}


def test_labour_gap_without_hours_is_attributed_to_hours() -> None:
    a = analyse(figure=figure(line("前杠", "800", Operation.PAINT)), estimate=snapshot(paint(BUMPER, "3")))
    assert causes(a) == {GapCause.LABOUR_HOURS: "210.00"}
    (comparison,) = a.comparisons
    assert comparison.estimate_hours == Decimal(3) and comparison.estimate_rate == m("130.00")


def test_scope_covers_items_only_one_side_has() -> None:
    a = analyse(
        figure=figure(line("前杠支架", "260", Operation.REPLACE), line("发动机盖", "1800", Operation.REPLACE)),
        estimate=snapshot([parts(HOOD, "1800"), labour(HOOD, Action.REPAIR, "1")]),
    )
    # +260 theirs only, -120 ours only (a replacement would take remove/refit labour, not repair)
    assert causes(a) == {GapCause.SCOPE: "140.00"}
    assert Flag.UNRECOGNISED_ITEM in a.flags


def test_unpriced_estimate_line_is_its_own_cause() -> None:
    from dataclasses import replace

    unpriced = replace(parts(HOOD, "1"), unit_price=None, amount=None)
    a = analyse(figure=figure(line("发动机盖", "1800", Operation.REPLACE)), estimate=snapshot([unpriced]))
    assert causes(a) == {GapCause.UNPRICED: "1800.00"}


def test_deductible_salvage_and_recovery_are_separate_causes() -> None:
    estimate = snapshot([parts(HOOD, "1800"), salvage(HOOD, "54")], fault="174.60", absolute="300", recovered="100")
    assert estimate.payable == m("1171.40")
    a = analyse(figure=figure(line("发动机盖", "1800", Operation.REPLACE)), estimate=estimate)
    assert causes(a) == {
        GapCause.SALVAGE: "54.00",
        GapCause.RECOVERY: "100.00",
        GapCause.DEDUCTIBLE: "474.60",
    }
    assert a.gap == m("628.60") and reconciles(a)


def test_a_total_without_items_is_unitemized_beyond_the_deductible() -> None:
    a = analyse(figure=CustomerFigure(m("3000")), estimate=snapshot([parts(HOOD, "1800")], absolute="200"))
    assert causes(a) == {GapCause.UNITEMIZED: "1200.00", GapCause.DEDUCTIBLE: "200.00"}
    assert a.comparisons == ()


def test_payable_floored_at_zero_still_reconciles() -> None:
    a = analyse(figure=CustomerFigure(m("500")), estimate=snapshot([parts(HOOD, "300")], absolute="1000"))
    assert a.estimate.payable == m("0.00")
    assert causes(a) == {GapCause.UNITEMIZED: "200.00", GapCause.DEDUCTIBLE: "300.00"} and reconciles(a)


@pytest.mark.parametrize(("quoted", "flagged"), [("2700.00", False), ("2700.01", True)])
def test_parts_far_above_the_market_price_are_flagged(quoted: str, flagged: bool) -> None:
    a = analyse(
        figure=figure(line("发动机盖", quoted, Operation.REPLACE)),
        estimate=snapshot([parts(HOOD, "1800")]),
        above_market_factor=Decimal("1.5"),
    )
    assert (Flag.ABOVE_MARKET in a.flags) is flagged


def test_the_market_reference_is_only_a_market_price() -> None:
    estimate = snapshot([parts(HOOD, "1800", price_type=PriceType.OEM_GUIDE)])
    a = analyse(figure=figure(line("发动机盖", "9000", Operation.REPLACE)), estimate=estimate)
    assert Flag.ABOVE_MARKET not in a.flags


def test_labour_rate_far_above_ours_is_flagged() -> None:
    a = analyse(
        figure=figure(line("前杠", "800", Operation.REPAIR, hours=Decimal(3))),
        estimate=snapshot([labour(BUMPER, Action.REPAIR, "3", "120.00")]),
    )
    assert Flag.ABOVE_MARKET in a.flags  # 266.67/h against 120/h


def test_repeated_material_is_flagged_by_where_it_was_seen() -> None:
    base = {"figure": figure(line("发动机盖", "1800", Operation.REPLACE)), "estimate": snapshot([parts(HOOD, "1800")])}
    assert analyse(**base, repeated_on=[("c1", True)]).flags == {Flag.REPEATED_SAME_CLAIM}  # type: ignore[arg-type]
    assert analyse(**base, repeated_on=[("c2", False)]).flags == {Flag.REPEATED_OTHER_CLAIM}  # type: ignore[arg-type]


def test_currency_mismatch_is_refused() -> None:
    with pytest.raises(ValueError, match="USD"):
        analyse(figure=CustomerFigure(Money.of("10", "USD")), estimate=snapshot([parts(HOOD, "1800")]))


NAMES = st.sampled_from(["发动机盖", "前杠", "前保险杠皮", "左前大灯", "车顶", "前杠支架", "hood", "左前门"])
OPS = st.sampled_from([*Operation, None])
AMOUNTS = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False)


@settings(deadline=None, max_examples=60)
@given(
    items=st.lists(
        st.tuples(NAMES, OPS, AMOUNTS, st.one_of(st.none(), st.decimals(min_value="0.1", max_value=20, places=1))),
        min_size=1,
        max_size=8,
    ),
    fault=st.sampled_from(["0", "150.00", "400.00"]),
    absolute=st.sampled_from(["0", "500.00", "5000.00"]),
)
def test_components_always_add_up_to_the_gap(
    items: list[tuple[str, Operation | None, Decimal, Decimal | None]], fault: str, absolute: str
) -> None:
    lines = [line(n, str(a), op, hours=h) for n, op, a, h in items]
    estimate = snapshot(
        [parts(HOOD, "1800"), labour(HOOD, Action.REMOVE_REFIT, "1.5"), *paint(BUMPER, "3"), salvage(HOOD, "54")],
        fault=fault,
        absolute=absolute,
    )
    a = analyse(figure=figure(*lines), estimate=estimate)
    assert reconciles(a)
    shuffled = analyse(figure=figure(*reversed(lines)), estimate=estimate)
    assert shuffled.by_cause() == a.by_cause()
