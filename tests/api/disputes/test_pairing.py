"""Customer items pair with the estimate lines of the same part (and operation where given):
更换 with the parts line and its remove/refit labour, 喷漆 with paint, 钣金 with repair, an item
without operation with the part's lines no other item took. Each item appears once; an item
that cannot pair says why; a side is never paired against the text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.disputes.align import Group, align
from api.disputes.analysis import GapCause, analyse
from api.disputes.quote import CustomerLine, Operation
from api.disputes.vocabulary import Unpaired
from pricing import Action, PartCode, PriceType
from tests.api.disputes.factories import figure, labour, line, m, paint, parts, snapshot

P = PartCode
GLASS = [parts(P.FRONT_GLASS, "1200.00"), labour(P.FRONT_GLASS, Action.REMOVE_REFIT, "2.0", "90.00")]  # 1200 + 180


def paired(groups: tuple[Group, ...], name: str) -> Group:
    (group,) = [g for g in groups if any(c.name == name for c in g.customer)]
    return group


def ids(group: Group) -> list[str]:
    return [x.line_id for x in group.estimate]


def test_a_replacement_pairs_with_the_parts_line_and_its_remove_refit_labour() -> None:
    groups = align([line("前挡风玻璃", "1800", Operation.REPLACE)], GLASS)
    assert len(groups) == 1
    assert ids(groups[0]) == ["front_glass/parts", "front_glass/labour.remove_refit"]
    assert groups[0].reason is None


def test_the_operation_written_in_the_name_counts_as_given() -> None:
    """The dispute form sends "前挡风玻璃 更换" as the name, without an operation."""
    (group,) = align([line("前挡风玻璃 更换", "1800")], GLASS)
    assert group.part is P.FRONT_GLASS and group.operation is Operation.REPLACE and len(group.estimate) == 2


def test_remove_refit_listed_by_the_customer_pairs_on_its_own() -> None:
    groups = align([line("前挡 更换", "1500"), line("前挡 拆装", "300")], GLASS)
    assert [(g.operation, ids(g), [c.name for c in g.customer]) for g in groups] == [
        (Operation.REPLACE, ["front_glass/parts"], ["前挡 更换"]),
        (Operation.REMOVE_REFIT, ["front_glass/labour.remove_refit"], ["前挡 拆装"]),
    ]


def test_paint_and_repair_pair_with_their_own_lines() -> None:
    estimate = [labour(P.HOOD, Action.REPAIR, "3"), *paint(P.HOOD, "3")]
    groups = align([line("机盖 钣金", "500"), line("引擎盖 喷漆", "900")], estimate)
    assert ids(paired(groups, "机盖 钣金")) == ["hood/labour.repair"]
    assert ids(paired(groups, "引擎盖 喷漆")) == ["hood/paint", "hood/materials"]


def test_bodywork_and_paint_in_one_item_pairs_with_the_repair_and_the_paint() -> None:
    """钣金喷漆 (as customers write bodywork) pays for the repair labour too; listed apart, each pairs alone."""
    estimate = [labour(P.FRONT_BUMPER, Action.REPAIR, "3"), *paint(P.FRONT_BUMPER, "3")]
    (group,) = align([line("前杠 钣金喷漆", "600")], estimate)
    assert ids(group) == ["front_bumper/labour.repair", "front_bumper/paint", "front_bumper/materials"]
    assert group.operation is Operation.PAINT and group.reason is None
    groups = align([line("前杠 钣金", "300"), line("前杠 钣金喷漆", "500")], estimate)
    assert ids(paired(groups, "前杠 钣金")) == ["front_bumper/labour.repair"]
    assert ids(paired(groups, "前杠 钣金喷漆")) == ["front_bumper/paint", "front_bumper/materials"]


def test_an_item_without_operation_pairs_with_every_line_of_its_part() -> None:
    estimate = [parts(P.FRONT_BUMPER, "1650"), labour(P.FRONT_BUMPER, Action.REMOVE_REFIT, "1.5"),
                *paint(P.FRONT_BUMPER, "3")]  # fmt: skip
    (group,) = align([line("前杠", "3000")], estimate)
    assert group.operation is None and len(group.estimate) == 4


def test_an_item_without_operation_takes_what_the_other_items_left() -> None:
    estimate = [parts(P.FRONT_BUMPER, "1650"), labour(P.FRONT_BUMPER, Action.REMOVE_REFIT, "1.5"),
                *paint(P.FRONT_BUMPER, "3")]  # fmt: skip
    groups = align([line("前杠 喷漆", "900"), line("前保险杠", "2200")], estimate)
    assert ids(paired(groups, "前保险杠")) == ["front_bumper/parts", "front_bumper/labour.remove_refit"]
    assert len(groups) == 2


@pytest.mark.parametrize(
    ("name", "estimate_parts", "pairs_with", "reason"),
    [
        ("叶子板 喷漆", [P.FRONT_LEFT_FENDER], P.FRONT_LEFT_FENDER, None),  # one side estimated: that one
        ("叶子板 喷漆", [P.FRONT_RIGHT_FENDER], P.FRONT_RIGHT_FENDER, None),
        ("叶子板 喷漆", [P.FRONT_LEFT_FENDER, P.FRONT_RIGHT_FENDER], None, Unpaired.SIDE_UNCLEAR),
        ("叶子板 喷漆", [P.HOOD], None, Unpaired.PART_NOT_IN_ESTIMATE),
        ("左叶子板 喷漆", [P.FRONT_RIGHT_FENDER], None, Unpaired.PART_NOT_IN_ESTIMATE),  # never the other side
        ("右前翼子板 喷漆", [P.FRONT_LEFT_FENDER, P.FRONT_RIGHT_FENDER], P.FRONT_RIGHT_FENDER, None),
        ("大灯 喷漆", [P.FRONT_RIGHT_LIGHT, P.BACK_RIGHT_LIGHT], P.FRONT_RIGHT_LIGHT, None),
        ("尾灯 喷漆", [P.FRONT_RIGHT_LIGHT], None, Unpaired.PART_NOT_IN_ESTIMATE),
        ("后挡风玻璃 喷漆", [P.FRONT_GLASS], None, Unpaired.PART_NOT_IN_ESTIMATE),
        ("挡风玻璃 喷漆", [P.BACK_GLASS], None, Unpaired.PART_NOT_IN_ESTIMATE),
        ("后杠 喷漆", [P.FRONT_BUMPER], None, Unpaired.PART_NOT_IN_ESTIMATE),
        ("后门 喷漆", [P.FRONT_LEFT_DOOR, P.BACK_RIGHT_DOOR], P.BACK_RIGHT_DOOR, None),
        ("倒车镜 喷漆", [P.LEFT_MIRROR], P.LEFT_MIRROR, None),
        ("尾门 喷漆", [P.TRUNK], P.TRUNK, None),  # the rear lid, whatever the body style calls it
        ("后备箱盖 喷漆", [P.TAILGATE], P.TAILGATE, None),
        ("车顶 喷漆", [P.HOOD], None, Unpaired.PART_NOT_IN_ESTIMATE),
        ("左右大灯 喷漆", [P.FRONT_LEFT_LIGHT, P.FRONT_RIGHT_LIGHT], None, Unpaired.SIDE_UNCLEAR),
        ("前杠支架 喷漆", [P.FRONT_BUMPER], None, Unpaired.SUB_COMPONENT),
        ("水泵 喷漆", [P.FRONT_BUMPER], None, Unpaired.UNRECOGNISED),
    ],
)
def test_sides_pair_only_with_the_estimated_side_the_text_allows(
    name: str, estimate_parts: list[PartCode], pairs_with: PartCode | None, reason: Unpaired | None
) -> None:
    estimate = [x for part in estimate_parts for x in paint(part, "2")]
    group = paired(align([line(name, "700")], estimate), name)
    if pairs_with is None:
        assert not group.estimate and group.reason is reason
    else:
        assert group.part is pairs_with and {x.part for x in group.estimate} == {pairs_with} and group.reason is None


def test_an_unpaired_item_keeps_the_part_it_names() -> None:
    group = paired(align([line("左前门 喷漆", "750")], paint(P.HOOD, "2")), "左前门 喷漆")
    assert group.part is P.FRONT_LEFT_DOOR and group.reason is Unpaired.PART_NOT_IN_ESTIMATE


def test_an_operation_the_estimate_does_not_have_for_the_part() -> None:
    groups = align([line("前杠 钣金", "400")], [parts(P.FRONT_BUMPER, "1650")])
    assert paired(groups, "前杠 钣金").reason is Unpaired.OPERATION_NOT_IN_ESTIMATE
    assert [g.reason for g in groups if not g.customer] == [Unpaired.NOT_IN_QUOTE]


def test_the_gap_of_a_replacement_with_fitting_is_a_price_difference() -> None:
    a = analyse(figure=figure(line("前挡风玻璃 更换", "1800")), estimate=snapshot(GLASS))
    (c,) = a.comparisons
    assert c.estimate_amount == m("1380.00") and [(x.cause, x.amount) for x in c.components] == [
        (GapCause.PART_PRICE, m("420.00"))
    ]


def test_a_replacement_at_a_dearer_price_type_with_a_second_unit() -> None:
    a = analyse(
        figure=figure(line("前挡 更换 4S", "3000", quantity=Decimal(2)), price_type=PriceType.OEM_GUIDE),
        estimate=snapshot(GLASS),
    )
    (c,) = a.comparisons  # one more unit at our 1200; the rest is the price type
    assert {x.cause: str(x.amount.amount) for x in c.components} == {
        GapCause.QUANTITY: "1200.00",
        GapCause.PRICE_TYPE: "420.00",
    }


def test_an_item_without_operation_over_the_whole_part_is_a_price_difference() -> None:
    estimate = snapshot([parts(P.FRONT_BUMPER, "1650"), *paint(P.FRONT_BUMPER, "3")])  # 1650 + 390 + 200
    a = analyse(figure=figure(line("前杠", "2000")), estimate=estimate)
    (c,) = a.comparisons
    assert [(x.cause, str(x.amount.amount)) for x in c.components] == [(GapCause.PART_PRICE, "-240.00")]


def test_an_unpaired_reason_is_on_the_comparison() -> None:
    a = analyse(figure=figure(line("叶子板 喷漆", "700")), estimate=snapshot([*paint(P.FRONT_LEFT_FENDER, "2"),
                *paint(P.FRONT_RIGHT_FENDER, "2")]))  # fmt: skip
    reasons = sorted(str(c.reason) for c in a.comparisons)
    assert reasons == ["not_in_quote", "not_in_quote", "side_unclear"]


NAMES = st.sampled_from(
    ["前挡风玻璃 更换", "挡风玻璃", "前挡", "后挡", "叶子板", "左叶子板 喷漆", "右前翼子板", "机盖 钣金", "后杠",
     "前杠 喷漆", "大灯", "左前大灯 拆装", "车顶", "前杠支架", "hood", "左前门", "尾门", "水泵"]
)  # fmt: skip
OPS = st.sampled_from([*Operation, None])
AMOUNTS = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False)
ESTIMATE = [
    *GLASS,
    parts(P.FRONT_LEFT_FENDER, "900"),
    *paint(P.FRONT_LEFT_FENDER, "2"),
    labour(P.HOOD, Action.REPAIR, "3"),
    *paint(P.HOOD, "3"),
    parts(P.FRONT_LEFT_LIGHT, "2100"),
    labour(P.FRONT_LEFT_LIGHT, Action.REMOVE_REFIT, "0.5"),
    parts(P.TRUNK, "2000"),
]


@settings(deadline=None, max_examples=80)
@given(items=st.lists(st.tuples(NAMES, OPS, AMOUNTS), min_size=1, max_size=8))
def test_each_item_and_each_estimate_line_appears_once_and_the_gap_reconciles(
    items: list[tuple[str, Operation | None, Decimal]],
) -> None:
    lines: list[CustomerLine] = [line(f"{n} #{i}", str(a), op) for i, (n, op, a) in enumerate(items)]
    groups = align(lines, ESTIMATE)
    assert sorted(c.name for g in groups for c in g.customer) == sorted(x.name for x in lines)
    assert sorted(x.line_id for g in groups for x in g.estimate) == sorted(x.line_id for x in ESTIMATE)
    for g in groups:
        assert (g.reason is None) == bool(g.customer and g.estimate)
        assert all(x.part is g.part for x in g.estimate)
    a = analyse(figure=figure(*lines), estimate=snapshot(ESTIMATE, absolute="300"))
    assert sum((v.amount for v in a.by_cause().values()), Decimal(0)) == a.gap.amount
    assert (
        analyse(figure=figure(*reversed(lines)), estimate=snapshot(ESTIMATE, absolute="300")).by_cause() == a.by_cause()
    )


def test_an_item_without_a_side_is_explained_as_such_not_as_outside_the_estimate() -> None:
    from api.disputes.explain import Lang, explain

    a = analyse(figure=figure(line("叶子板 喷漆", "700")), estimate=snapshot([*paint(P.FRONT_LEFT_FENDER, "2"),
                *paint(P.FRONT_RIGHT_FENDER, "2")]))  # fmt: skip
    (zh,) = [x.text for x in explain(a, Lang.ZH).lines if x.item == "叶子板 喷漆"]
    (en,) = [x.text for x in explain(a, Lang.EN).lines if x.item == "叶子板 喷漆"]
    assert "左右" in zh and "未列入本次定损" not in zh
    assert "which side" in en and "not in the estimate" not in en
