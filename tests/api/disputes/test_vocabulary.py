"""Items as customers write them — part + operation + amount, with synonyms, abbreviations,
sides, mixed spacing, full-width digits, ￥/元 and thousands separators — read into the part
code, the sides and the operation; and no name ever reads as its opposite."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.disputes.quote import Operation, parse_quote_text
from api.disputes.vocabulary import CODE_SIDES, FrontBack, LeftRight, Unpaired, read_part, sides_of
from pricing import PART_NAMES, Money, PartCode, PriceType

P = PartCode
REPLACE, REFIT, REPAIR, PAINT = Operation.REPLACE, Operation.REMOVE_REFIT, Operation.REPAIR, Operation.PAINT
FENDERS = (P.FRONT_LEFT_FENDER, P.FRONT_RIGHT_FENDER)
QUARTERS = (P.BACK_LEFT_QUARTER, P.BACK_RIGHT_QUARTER)
HEADLAMPS = (P.FRONT_LEFT_LIGHT, P.FRONT_RIGHT_LIGHT)
TAIL_LAMPS = (P.BACK_LEFT_LIGHT, P.BACK_RIGHT_LIGHT)
MIRRORS = (P.LEFT_MIRROR, P.RIGHT_MIRROR)
Expected = PartCode | tuple[PartCode, ...] | Unpaired

# (text, part code | the codes a side-less name may mean | why it is no part code,
#  sides the text states (F/B, L/R), operation, amount)
PHRASINGS: list[tuple[str, Expected, str, Operation | None, str]] = [
    ("前挡风玻璃 更换 1800", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("挡风玻璃 更换 1800", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("前挡 换新 1,800.00", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("前风挡玻璃更换 ￥1800", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("更换前挡风玻璃 1800元", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("前挡风玻璃（原厂） 更换 １８００", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("前挡风玻璃更换1800", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("前挡风玻璃　更换　１，８００元", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("前风挡 换 1800", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("windscreen replace 1,800", P.FRONT_GLASS, "F", REPLACE, "1800"),
    ("后挡风玻璃 更换 1500", P.BACK_GLASS, "B", REPLACE, "1500"),
    ("后挡 更换 1500", P.BACK_GLASS, "B", REPLACE, "1500"),
    ("后风挡 更换 ¥1,500", P.BACK_GLASS, "B", REPLACE, "1500"),
    ("后挡风玻璃 1500", P.BACK_GLASS, "B", None, "1500"),
    ("rear window replace 1500.00", P.BACK_GLASS, "B", REPLACE, "1500"),
    ("左前叶子板 钣金 600", P.FRONT_LEFT_FENDER, "FL", REPAIR, "600"),
    ("右前翼子板 喷漆 700", P.FRONT_RIGHT_FENDER, "FR", PAINT, "700"),
    ("左翼子板 修复 500", P.FRONT_LEFT_FENDER, "FL", REPAIR, "500"),
    ("叶子板 喷漆 650", FENDERS, "F", PAINT, "650"),  # 叶子板 alone is a front fender
    ("LF叶子板 钣金 500", P.FRONT_LEFT_FENDER, "FL", REPAIR, "500"),
    ("RF fender paint 650", P.FRONT_RIGHT_FENDER, "FR", PAINT, "650"),
    ("左前 叶子板 钣金 500", P.FRONT_LEFT_FENDER, "FL", REPAIR, "500"),
    ("右叶子 补漆 400元", P.FRONT_RIGHT_FENDER, "FR", PAINT, "400"),
    ("左后叶子板 钣金 800", P.BACK_LEFT_QUARTER, "BL", REPAIR, "800"),  # a quarter panel
    ("后叶子板 喷漆 700", QUARTERS, "B", PAINT, "700"),
    ("右侧围 钣金 1,200", P.BACK_RIGHT_QUARTER, "BR", REPAIR, "1200"),
    ("左门槛 钣金 800", P.LEFT_ROCKER, "L", REPAIR, "800"),
    ("右侧裙 喷漆 500", P.RIGHT_ROCKER, "R", PAINT, "500"),
    ("左雾灯 更换 380", P.FRONT_LEFT_FOG_LAMP, "L", REPLACE, "380"),
    ("后雾灯 更换 300", Unpaired.PART_NOT_IN_ESTIMATE, "B", REPLACE, "300"),  # rear fog lamps have no code
    ("中网 更换 800", P.GRILLE, "", REPLACE, "800"),
    ("进气格栅 更换 800", P.GRILLE, "", REPLACE, "800"),
    ("左前车窗玻璃 更换 600", P.FRONT_LEFT_WINDOW, "FL", REPLACE, "600"),
    ("右后门玻璃 更换 500", P.BACK_RIGHT_WINDOW, "BR", REPLACE, "500"),
    ("后窗玻璃 更换 1,300", P.BACK_GLASS, "B", REPLACE, "1300"),  # 后窗 is the rear window
    ("轮胎 更换 650", P.TYRE, "", REPLACE, "650"),
    ("左前轮胎 更换 650", P.TYRE, "FL", REPLACE, "650"),
    ("车牌 更换 100", P.PLATE, "", REPLACE, "100"),
    ("车顶 钣金 900", P.ROOF, "", REPAIR, "900"),
    ("天窗玻璃 更换 3000", Unpaired.SUB_COMPONENT, "", REPLACE, "3000"),  # not the roof panel
    ("A柱 钣金 900", Unpaired.PART_NOT_IN_ESTIMATE, "", REPAIR, "900"),
    ("发动机盖 更换 2,400", P.HOOD, "", REPLACE, "2400"),
    ("机盖 钣金 450", P.HOOD, "", REPAIR, "450"),
    ("引擎盖 喷漆 800", P.HOOD, "", PAINT, "800"),
    ("前盖 拆装 120", P.HOOD, "", REFIT, "120"),
    ("hood repair 450", P.HOOD, "", REPAIR, "450"),
    ("后杠 喷漆 800", P.BACK_BUMPER, "B", PAINT, "800"),
    ("后保险杠皮 更换 1,650", P.BACK_BUMPER, "B", REPLACE, "1650"),
    ("后保险杠 拆装 1.5工时 180", P.BACK_BUMPER, "B", REFIT, "180"),
    ("rear bumper paint 800", P.BACK_BUMPER, "B", PAINT, "800"),
    ("前杠 喷漆 800", P.FRONT_BUMPER, "F", PAINT, "800"),
    ("前保险杠 更换 4S 2680", P.FRONT_BUMPER, "F", REPLACE, "2680"),
    ("前保险杆 修复 300", P.FRONT_BUMPER, "F", REPAIR, "300"),  # 杆 for 杠: a common slip
    ("前包围 烤漆 ￥900.00", P.FRONT_BUMPER, "F", PAINT, "900"),
    ("左前大灯总成 更换 3950", P.FRONT_LEFT_LIGHT, "FL", REPLACE, "3950"),
    ("右大灯 更换 3,950.00元", P.FRONT_RIGHT_LIGHT, "FR", REPLACE, "3950"),
    ("大灯 更换 3950", HEADLAMPS, "F", REPLACE, "3950"),
    ("左头灯 更换 3950", P.FRONT_LEFT_LIGHT, "FL", REPLACE, "3950"),
    ("前照灯 更换 3950", HEADLAMPS, "F", REPLACE, "3950"),
    ("左尾灯 更换 900", P.BACK_LEFT_LIGHT, "BL", REPLACE, "900"),
    ("右后灯 更换 900", P.BACK_RIGHT_LIGHT, "BR", REPLACE, "900"),
    ("尾灯 更换 900", TAIL_LAMPS, "B", REPLACE, "900"),
    ("RR tail light replace 900", P.BACK_RIGHT_LIGHT, "BR", REPLACE, "900"),
    ("左后视镜 更换 1200", P.LEFT_MIRROR, "L", REPLACE, "1200"),
    ("右倒车镜 更换 1,200", P.RIGHT_MIRROR, "R", REPLACE, "1200"),
    ("反光镜 更换 1200", MIRRORS, "", REPLACE, "1200"),
    ("主驾后视镜 更换 1200", P.LEFT_MIRROR, "L", REPLACE, "1200"),
    ("左前门 钣金 3工时 360", P.FRONT_LEFT_DOOR, "FL", REPAIR, "360"),
    ("右后车门 喷漆 750", P.BACK_RIGHT_DOOR, "BR", PAINT, "750"),
    ("副驾门 喷漆 750", P.FRONT_RIGHT_DOOR, "FR", PAINT, "750"),
    ("后门 钣金 500", (P.BACK_LEFT_DOOR, P.BACK_RIGHT_DOOR), "B", REPAIR, "500"),
    ("前门 喷漆 750", (P.FRONT_LEFT_DOOR, P.FRONT_RIGHT_DOOR), "F", PAINT, "750"),
    ("前左门 修复 400", P.FRONT_LEFT_DOOR, "FL", REPAIR, "400"),
    ("Front Left Door paint 750", P.FRONT_LEFT_DOOR, "FL", PAINT, "750"),
    ("后备箱盖 更换 2200", P.TRUNK, "", REPLACE, "2200"),
    ("行李箱盖 钣金 600", P.TRUNK, "", REPAIR, "600"),
    ("尾门 喷漆 900", P.TAILGATE, "", PAINT, "900"),
    ("轮毂 更换 1,100", P.WHEEL, "", REPLACE, "1100"),
    ("钢圈 修复 300", P.WHEEL, "", REPAIR, "300"),
    ("左前轮毂 更换 1100", P.WHEEL, "FL", REPLACE, "1100"),
    ("前杠支架 更换 260", Unpaired.SUB_COMPONENT, "", REPLACE, "260"),
    ("左右大灯 更换 7900", Unpaired.SIDE_UNCLEAR, "F", REPLACE, "7900"),
    ("水泵 更换 600", Unpaired.UNRECOGNISED, "", REPLACE, "600"),
]

_SIDES = {"F": FrontBack.FRONT, "B": FrontBack.BACK, "L": LeftRight.LEFT, "R": LeftRight.RIGHT}


def test_the_table_is_large_enough() -> None:
    assert len(PHRASINGS) >= 50 and len({x[0] for x in PHRASINGS}) == len(PHRASINGS)


@pytest.mark.parametrize(("text", "expected", "sides", "op", "amount"), PHRASINGS, ids=[x[0] for x in PHRASINGS])
def test_a_phrasing_reads_into_part_side_and_operation(
    text: str, expected: Expected, sides: str, op: Operation | None, amount: str
) -> None:
    (line,) = parse_quote_text(text).lines
    assert line.operation is op
    assert line.amount == Money.of(amount).quantized()
    reading = read_part(line.name)
    if isinstance(expected, PartCode):
        assert reading.part is expected and reading.problem is None
    elif isinstance(expected, tuple):
        assert reading.part is None and reading.ambiguous and reading.candidates == expected
    else:
        assert reading.part is None and reading.candidates == () and reading.problem is expected
    assert reading.front_back is next((_SIDES[s] for s in sides if s in "FB"), None)
    assert reading.left_right is next((_SIDES[s] for s in sides if s in "LR"), None)


def test_a_price_type_written_beside_the_item_is_kept() -> None:
    (line,) = parse_quote_text("前挡风玻璃（原厂） 更换 １８００").lines
    assert line.price_type is PriceType.MARKET_ORIGINAL and line.amount == Money.of("1800.00")


_SWAP = str.maketrans({"前": "后", "后": "前", "左": "右", "右": "左"})


def _every_name() -> list[tuple[str, PartCode]]:
    names = [(n, code) for code, pn in PART_NAMES.items() for n in (pn.zh, pn.en, *pn.synonyms)]
    return names + [(x[0], x[1]) for x in PHRASINGS if isinstance(x[1], PartCode)]


@pytest.mark.parametrize(("name", "code"), _every_name(), ids=[x[0] for x in _every_name()])
def test_every_name_of_the_part_table_reads_as_its_own_part(name: str, code: PartCode) -> None:
    if any(ch.isdigit() for ch in name):
        (line,) = parse_quote_text(name).lines
        name = line.name
    assert read_part(name).part is code


def _mirror(code: PartCode, *, flip_front_back: bool, flip_left_right: bool) -> PartCode | None:
    family, fb, lr = CODE_SIDES[code]
    if flip_front_back and fb:
        fb = FrontBack.BACK if fb is FrontBack.FRONT else FrontBack.FRONT
    if flip_left_right and lr:
        lr = LeftRight.RIGHT if lr is LeftRight.LEFT else LeftRight.LEFT
    return next((c for c, sides in CODE_SIDES.items() if sides == (family, fb, lr)), None)


def test_the_mirror_image_of_a_name_reads_as_the_mirrored_part_or_none() -> None:
    """前↔后 and 左↔右 swapped in every name that states a side: the reading is the mirrored
    part, or no part at all (a rear fender is a quarter panel; 右前视镜 is no word) — never the
    same part, never a part opposite on a side that was not swapped."""
    mirrored = 0
    for name, code in _every_name():
        swapped = name.translate(_SWAP)
        if swapped == name or not any(sides_of(code)):
            continue
        expected = _mirror(
            code, flip_front_back=bool({"前", "后"} & set(name)), flip_left_right=bool({"左", "右"} & set(name))
        )
        got = read_part(parse_quote_text(swapped).lines[0].name if swapped[-1].isdigit() else swapped).part
        assert got is None or got is expected, (name, swapped, got, expected)
        assert got is not code, (name, swapped)
        mirrored += got is expected
    assert mirrored >= 40


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("挡风玻璃", P.FRONT_GLASS),
        ("后挡风玻璃", P.BACK_GLASS),
        ("后视镜", None),  # 后 here is part of the word, not the back of the car
        ("左后视镜", P.LEFT_MIRROR),
        ("后备箱盖", P.TRUNK),
        ("前盖", P.HOOD),
        ("后盖", P.TRUNK),
        ("挡泥板", None),  # a mud flap is not glass
        ("左前门玻璃", P.FRONT_LEFT_WINDOW),
        ("前后杠", None),  # both bumpers in one item: unclear
    ],
)
def test_words_that_carry_a_side_word_inside_them(name: str, part: PartCode | None) -> None:
    assert read_part(name).part is part


def test_quantities_hours_and_decimal_amounts_are_still_read() -> None:
    (line,) = parse_quote_text("左前门　钣金　２工时　¥ 360.50").lines
    assert (
        line.hours == Decimal(2)
        and line.amount == Money.of("360.50")
        and read_part(line.name).part is P.FRONT_LEFT_DOOR
    )
