from __future__ import annotations

from pathlib import Path

import pytest

from pricing import PART_NAMES, PartCode, name_index, part_from_name

EXPECTED_CODES = {
    "front_bumper",
    "back_bumper",
    "hood",
    "trunk",
    "tailgate",
    "front_left_door",
    "front_right_door",
    "back_left_door",
    "back_right_door",
    "front_left_light",
    "front_right_light",
    "back_left_light",
    "back_right_light",
    "front_glass",
    "back_glass",
    "left_mirror",
    "right_mirror",
    "wheel",
    "front_left_fender",
    "front_right_fender",
    "roof",
    "back_left_quarter",
    "back_right_quarter",
    "left_rocker",
    "right_rocker",
    "front_left_fog_lamp",
    "front_right_fog_lamp",
    "front_left_window",
    "front_right_window",
    "back_left_window",
    "back_right_window",
    "grille",
    "tyre",
    "plate",
}


def test_part_codes_are_the_estimates_part_list() -> None:
    assert {p.value for p in PartCode} == EXPECTED_CODES


def test_every_part_has_chinese_and_english_names() -> None:
    assert set(PART_NAMES) == set(PartCode)
    for name in PART_NAMES.values():
        assert name.zh and name.en


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("前保险杠", PartCode.FRONT_BUMPER),
        ("前杠", PartCode.FRONT_BUMPER),
        ("前保险杠皮", PartCode.FRONT_BUMPER),
        ("后杠", PartCode.BACK_BUMPER),
        ("发动机盖", PartCode.HOOD),
        ("引擎盖", PartCode.HOOD),
        ("行李箱盖", PartCode.TRUNK),
        ("尾门", PartCode.TAILGATE),
        ("左前门", PartCode.FRONT_LEFT_DOOR),
        ("副驾门", PartCode.FRONT_RIGHT_DOOR),
        ("左前叶子板", PartCode.FRONT_LEFT_FENDER),
        ("前挡风玻璃", PartCode.FRONT_GLASS),
        ("右大灯", PartCode.FRONT_RIGHT_LIGHT),
        ("轮胎", PartCode.TYRE),
        ("轮毂", PartCode.WHEEL),
        ("左后叶子板", PartCode.BACK_LEFT_QUARTER),
        ("右侧裙", PartCode.RIGHT_ROCKER),
        ("左雾灯", PartCode.FRONT_LEFT_FOG_LAMP),
        ("右后车窗", PartCode.BACK_RIGHT_WINDOW),
        ("中网", PartCode.GRILLE),
        ("车顶", PartCode.ROOF),
        ("车牌", PartCode.PLATE),
        (" Front  Bumper ", PartCode.FRONT_BUMPER),
        ("front_left_door", PartCode.FRONT_LEFT_DOOR),
    ],
)
def test_names_and_synonyms_resolve(text: str, code: PartCode) -> None:
    assert part_from_name(text) is code


@pytest.mark.parametrize("text", ["天窗", "", "bumper", "unknown"])
def test_unknown_names_do_not_resolve(text: str) -> None:
    assert part_from_name(text) is None


def test_index_is_read_only_and_complete() -> None:
    index = name_index()
    assert set(index.values()) == set(PartCode)
    with pytest.raises(TypeError):
        index["x"] = PartCode.HOOD  # type: ignore[index]


def test_every_class_of_the_part_segmenter_is_a_part_code() -> None:
    taxonomy = Path(__file__).parents[2] / "datasets" / "car-parts" / "taxonomy.yaml"
    if not taxonomy.exists():
        pytest.skip("datasets/car-parts/taxonomy.yaml is not in this checkout")
    classes, inside = [], False
    for line in taxonomy.read_text(encoding="utf-8").splitlines():
        if line.startswith("classes:"):
            inside = True
        elif inside and line.startswith("  - "):
            classes.append(line[4:].strip())
        elif inside and line and not line.startswith(" "):
            break
    assert classes and set(classes) <= {p.value for p in PartCode}
