from __future__ import annotations

import pytest

from api.disputes.align import align, estimate_operation, recognise
from api.disputes.quote import Operation
from pricing import Action, PartCode
from tests.api.disputes.factories import labour, line, paint, parts


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("前保险杠", PartCode.FRONT_BUMPER),
        ("前杠", PartCode.FRONT_BUMPER),
        ("前保险杠皮", PartCode.FRONT_BUMPER),
        ("前保险杠外皮（原厂）", PartCode.FRONT_BUMPER),
        ("前保险杆", PartCode.FRONT_BUMPER),  # a typo: close enough
        ("Front Bumper", PartCode.FRONT_BUMPER),
        ("左前大灯总成", PartCode.FRONT_LEFT_LIGHT),
        ("左大灯", PartCode.FRONT_LEFT_LIGHT),
        ("右前叶子板", PartCode.FRONT_RIGHT_FENDER),
        ("引擎盖", PartCode.HOOD),
        ("后备箱盖", PartCode.TRUNK),
        ("前杠支架", None),  # a bracket is not the bumper
        ("前保险杠骨架", None),
        ("左前门饰板", None),
        ("车顶", PartCode.ROOF),
    ],
)
def test_names_synonyms_and_typos_find_their_part(name: str, part: PartCode | None) -> None:
    assert recognise(name) is part


def test_estimate_lines_map_to_operations() -> None:
    assert estimate_operation(parts(PartCode.HOOD, "100")) is Operation.REPLACE
    assert estimate_operation(labour(PartCode.HOOD, Action.REMOVE_REFIT, "1")) is Operation.REMOVE_REFIT
    assert estimate_operation(labour(PartCode.HOOD, Action.REPAIR, "1")) is Operation.REPAIR
    assert {estimate_operation(x) for x in paint(PartCode.HOOD, "2")} == {Operation.PAINT}


def test_paint_and_materials_align_with_one_paint_line() -> None:
    (group,) = align([line("前杠", "800", Operation.PAINT)], paint(PartCode.FRONT_BUMPER, "3"))
    assert group.part is PartCode.FRONT_BUMPER and len(group.estimate) == 2 and len(group.customer) == 1


def test_a_line_without_operation_takes_the_parts_only_free_group() -> None:
    groups = align([line("左前大灯", "3950")], [parts(PartCode.FRONT_LEFT_LIGHT, "1500")])
    assert len(groups) == 1 and groups[0].customer


def test_a_line_without_operation_pairs_with_every_line_of_its_part() -> None:
    estimate = [parts(PartCode.FRONT_LEFT_LIGHT, "1500"), labour(PartCode.FRONT_LEFT_LIGHT, Action.REMOVE_REFIT, "1")]
    groups = align([line("左前大灯", "3950")], estimate)
    assert [(g.operation, len(g.customer), len(g.estimate)) for g in groups] == [(None, 1, 2)]


def test_unrecognised_items_are_kept_and_marked() -> None:
    groups = align([line("前杠支架", "260", Operation.REPLACE)], [])
    assert len(groups) == 1 and not groups[0].recognised and groups[0].part is None
