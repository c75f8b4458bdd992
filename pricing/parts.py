"""Vocabulary shared by the detector, the estimate and the complaint desk.

Part codes are the part list an estimate uses: the car-part model's classes, the two front
fenders, and the parts the damaged-part model names in close-ups (roof, rear quarter panels,
rocker panels, fog lamps, door glass, grille, tyre, number plate); damage types are the CarDD
taxonomy. :data:`PART_NAMES` is the name table (Chinese name, English name and
common synonyms) that :func:`part_from_name` uses; the complaint desk reads every name here as its
own part too, with sides and abbreviations on top (no matching by closeness of spelling).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class PartCode(StrEnum):
    """A vehicle part the models can localise (snake_case, stable)."""

    FRONT_BUMPER = "front_bumper"
    BACK_BUMPER = "back_bumper"
    HOOD = "hood"
    TRUNK = "trunk"
    TAILGATE = "tailgate"
    FRONT_LEFT_DOOR = "front_left_door"
    FRONT_RIGHT_DOOR = "front_right_door"
    BACK_LEFT_DOOR = "back_left_door"
    BACK_RIGHT_DOOR = "back_right_door"
    FRONT_LEFT_LIGHT = "front_left_light"
    FRONT_RIGHT_LIGHT = "front_right_light"
    BACK_LEFT_LIGHT = "back_left_light"
    BACK_RIGHT_LIGHT = "back_right_light"
    FRONT_GLASS = "front_glass"
    BACK_GLASS = "back_glass"
    LEFT_MIRROR = "left_mirror"
    RIGHT_MIRROR = "right_mirror"
    WHEEL = "wheel"
    FRONT_LEFT_FENDER = "front_left_fender"
    FRONT_RIGHT_FENDER = "front_right_fender"
    ROOF = "roof"
    BACK_LEFT_QUARTER = "back_left_quarter"
    BACK_RIGHT_QUARTER = "back_right_quarter"
    LEFT_ROCKER = "left_rocker"
    RIGHT_ROCKER = "right_rocker"
    FRONT_LEFT_FOG_LAMP = "front_left_fog_lamp"
    FRONT_RIGHT_FOG_LAMP = "front_right_fog_lamp"
    FRONT_LEFT_WINDOW = "front_left_window"
    FRONT_RIGHT_WINDOW = "front_right_window"
    BACK_LEFT_WINDOW = "back_left_window"
    BACK_RIGHT_WINDOW = "back_right_window"
    GRILLE = "grille"
    TYRE = "tyre"
    PLATE = "plate"


UNKNOWN_PART: Final = "unknown"
"""What a finding carries when no part could be localised; never priced by guessing."""


class DamageType(StrEnum):
    """CarDD damage classes."""

    DENT = "dent"
    SCRATCH = "scratch"
    CRACK = "crack"
    GLASS_SHATTER = "glass_shatter"
    LAMP_BROKEN = "lamp_broken"
    TIRE_FLAT = "tire_flat"


class Severity(StrEnum):
    """How bad a damage is; orders as minor < moderate < severe via :attr:`rank`."""

    MINOR = "minor"
    MODERATE = "moderate"
    SEVERE = "severe"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK: Final = {Severity.MINOR: 0, Severity.MODERATE: 1, Severity.SEVERE: 2}


class Action(StrEnum):
    """What the repair does to a part."""

    REPLACE = "replace"
    REPAIR = "repair"
    PAINT = "paint"
    REMOVE_REFIT = "remove_refit"

    @property
    def zh(self) -> str:
        return ACTION_ZH[self]

    @property
    def rank(self) -> int:
        """Replace outranks repair outranks paint: one part gets its strongest action."""
        return _ACTION_RANK[self]


ACTION_ZH: Final = MappingProxyType(
    {
        Action.REPLACE: "更换",
        Action.REPAIR: "修复",
        Action.PAINT: "喷漆",
        Action.REMOVE_REFIT: "拆装",
    }
)
_ACTION_RANK: Final = {Action.REMOVE_REFIT: 0, Action.PAINT: 1, Action.REPAIR: 2, Action.REPLACE: 3}

DAMAGE_ZH: Final = MappingProxyType(
    {
        DamageType.DENT: "凹陷",
        DamageType.SCRATCH: "划痕",
        DamageType.CRACK: "裂纹",
        DamageType.GLASS_SHATTER: "玻璃破碎",
        DamageType.LAMP_BROKEN: "灯具破损",
        DamageType.TIRE_FLAT: "轮胎瘪胎",
    }
)
SEVERITY_ZH: Final = MappingProxyType({Severity.MINOR: "轻度", Severity.MODERATE: "中度", Severity.SEVERE: "重度"})


class Material(StrEnum):
    """What a part is mostly made of; salvage (残值) rates are set per material."""

    STEEL = "steel"
    PLASTIC = "plastic"
    GLASS = "glass"
    ELECTRICAL = "electrical"
    ALLOY = "alloy"
    RUBBER = "rubber"


@dataclass(frozen=True, slots=True)
class PartName:
    """Display names of one part and the synonyms people write for it."""

    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    material: Material = Material.STEEL
    painted: bool = True
    """True for body panels that are repainted after repair or replacement."""


PART_NAMES: Final[Mapping[PartCode, PartName]] = MappingProxyType(
    {
        PartCode.FRONT_BUMPER: PartName(
            "前保险杠",
            "front bumper",
            ("前杠", "前保险杠皮", "前保险杠外皮", "前保", "前包围"),
            Material.PLASTIC,
        ),
        PartCode.BACK_BUMPER: PartName(
            "后保险杠",
            "rear bumper",
            ("后杠", "后保险杠皮", "后保险杠外皮", "后保", "后包围"),
            Material.PLASTIC,
        ),
        PartCode.HOOD: PartName("发动机盖", "hood", ("引擎盖", "机盖", "前盖", "发动机罩")),
        PartCode.TRUNK: PartName("行李箱盖", "trunk lid", ("后备箱盖", "尾箱盖", "后盖", "行李厢盖")),
        PartCode.TAILGATE: PartName("尾门", "tailgate", ("后尾门", "背门", "后背门", "掀背门")),
        PartCode.FRONT_LEFT_DOOR: PartName("左前门", "front left door", ("左前车门", "前左门", "主驾门", "驾驶员门")),
        PartCode.FRONT_RIGHT_DOOR: PartName("右前门", "front right door", ("右前车门", "前右门", "副驾门", "副驾驶门")),
        PartCode.BACK_LEFT_DOOR: PartName("左后门", "rear left door", ("左后车门", "后左门")),
        PartCode.BACK_RIGHT_DOOR: PartName("右后门", "rear right door", ("右后车门", "后右门")),
        PartCode.FRONT_LEFT_LIGHT: PartName(
            "左前大灯",
            "front left headlamp",
            ("左大灯", "左前灯", "左前照灯", "左头灯"),
            Material.ELECTRICAL,
            painted=False,
        ),
        PartCode.FRONT_RIGHT_LIGHT: PartName(
            "右前大灯",
            "front right headlamp",
            ("右大灯", "右前灯", "右前照灯", "右头灯"),
            Material.ELECTRICAL,
            painted=False,
        ),
        PartCode.BACK_LEFT_LIGHT: PartName(
            "左尾灯", "rear left lamp", ("左后灯", "左后尾灯", "左后组合灯"), Material.ELECTRICAL, painted=False
        ),
        PartCode.BACK_RIGHT_LIGHT: PartName(
            "右尾灯", "rear right lamp", ("右后灯", "右后尾灯", "右后组合灯"), Material.ELECTRICAL, painted=False
        ),
        PartCode.FRONT_GLASS: PartName(
            "前挡风玻璃", "windscreen", ("前挡", "前风挡", "前风挡玻璃", "前挡玻璃"), Material.GLASS, painted=False
        ),
        PartCode.BACK_GLASS: PartName(
            "后挡风玻璃", "rear window", ("后挡", "后风挡", "后风挡玻璃", "后挡玻璃"), Material.GLASS, painted=False
        ),
        PartCode.LEFT_MIRROR: PartName(
            "左后视镜", "left mirror", ("左倒车镜", "左反光镜", "左外后视镜"), Material.ELECTRICAL
        ),
        PartCode.RIGHT_MIRROR: PartName(
            "右后视镜", "right mirror", ("右倒车镜", "右反光镜", "右外后视镜"), Material.ELECTRICAL
        ),
        PartCode.WHEEL: PartName("车轮", "wheel rim", ("轮毂", "轮圈", "钢圈", "铝圈"), Material.ALLOY, painted=False),
        PartCode.FRONT_LEFT_FENDER: PartName("左前翼子板", "front left fender", ("左前叶子板", "左前叶子", "左翼子板")),
        PartCode.FRONT_RIGHT_FENDER: PartName(
            "右前翼子板", "front right fender", ("右前叶子板", "右前叶子", "右翼子板")
        ),
        PartCode.ROOF: PartName("车顶", "roof", ("车顶盖", "顶盖", "车顶板", "车顶外板")),
        PartCode.BACK_LEFT_QUARTER: PartName(
            "左后翼子板", "rear left quarter panel", ("左后叶子板", "左后叶子", "左后侧围", "左侧围")
        ),
        PartCode.BACK_RIGHT_QUARTER: PartName(
            "右后翼子板", "rear right quarter panel", ("右后叶子板", "右后叶子", "右后侧围", "右侧围")
        ),
        PartCode.LEFT_ROCKER: PartName("左门槛", "left rocker panel", ("左侧裙", "左裙边", "左门槛板", "左下边梁")),
        PartCode.RIGHT_ROCKER: PartName("右门槛", "right rocker panel", ("右侧裙", "右裙边", "右门槛板", "右下边梁")),
        PartCode.FRONT_LEFT_FOG_LAMP: PartName(
            "左前雾灯", "front left fog lamp", ("左雾灯", "左前雾灯总成"), Material.ELECTRICAL, painted=False
        ),
        PartCode.FRONT_RIGHT_FOG_LAMP: PartName(
            "右前雾灯", "front right fog lamp", ("右雾灯", "右前雾灯总成"), Material.ELECTRICAL, painted=False
        ),
        PartCode.FRONT_LEFT_WINDOW: PartName(
            "左前门玻璃",
            "front left door glass",
            ("左前车窗", "左前车窗玻璃"),
            Material.GLASS,
            painted=False,
        ),
        PartCode.FRONT_RIGHT_WINDOW: PartName(
            "右前门玻璃",
            "front right door glass",
            ("右前车窗", "右前车窗玻璃"),
            Material.GLASS,
            painted=False,
        ),
        PartCode.BACK_LEFT_WINDOW: PartName(
            "左后门玻璃",
            "rear left door glass",
            ("左后车窗", "左后车窗玻璃"),
            Material.GLASS,
            painted=False,
        ),
        PartCode.BACK_RIGHT_WINDOW: PartName(
            "右后门玻璃",
            "rear right door glass",
            ("右后车窗", "右后车窗玻璃"),
            Material.GLASS,
            painted=False,
        ),
        PartCode.GRILLE: PartName(
            "中网", "grille", ("进气格栅", "前格栅", "格栅", "散热器格栅"), Material.PLASTIC, painted=False
        ),
        PartCode.TYRE: PartName("轮胎", "tyre", ("车胎", "外胎", "tire"), Material.RUBBER, painted=False),
        PartCode.PLATE: PartName(
            "号牌",
            "number plate",
            ("车牌", "牌照", "号码牌", "licence plate", "license plate"),
            Material.PLASTIC,
            painted=False,
        ),
    }
)


def _normalise(text: str) -> str:
    """Drop whitespace, underscores and hyphens; lower-case Latin letters."""
    return "".join(text.split()).lower().replace("_", "").replace("-", "")


def _build_index() -> Mapping[str, PartCode]:
    index: dict[str, PartCode] = {}
    for code, name in PART_NAMES.items():
        for label in (code.value, name.zh, name.en, *name.synonyms):
            key = _normalise(label)
            if key in index and index[key] is not code:
                raise AssertionError(f"name {label!r} is ambiguous")  # a table error, caught by tests
            index[key] = code
    return MappingProxyType(index)


_NAME_INDEX: Final = _build_index()


def part_from_name(text: str) -> PartCode | None:
    """The part a name or synonym refers to (exact after normalising spaces and case), or None.

    >>> part_from_name("前杠")
    <PartCode.FRONT_BUMPER: 'front_bumper'>
    >>> part_from_name("Front Bumper") is PartCode.FRONT_BUMPER
    True
    >>> part_from_name("天窗") is None
    True
    """
    return _NAME_INDEX.get(_normalise(text))


def name_index() -> Mapping[str, PartCode]:
    """Every normalised name and synonym → part code (read-only).

    >>> name_index()["后备箱盖"]
    <PartCode.TRUNK: 'trunk'>
    """
    return _NAME_INDEX
