"""Which part an item names, as customers and repair shops write it: Chinese or English, with
synonyms, abbreviations and sides (前挡 / 挡风玻璃 / 前风挡, 叶子板 / 翼子板, 机盖, 后杠, 大灯 …;
左 / 右 / 左前 / 右后 / LF / RR / 主驾 / 副驾 …).

A name is read in three steps: the part family (the longest family word in the name), the
sides (the words the family word implies, then every side word left over), and the part codes
of that family that agree with every side given. A side is never guessed against the text:
``挡风玻璃`` reads as the windscreen because that is what the word means, ``后挡风玻璃`` as the
rear window, and a name whose sides contradict each other reads as unclear. A name that leaves a
side open (``叶子板``, ``大灯``, ``后门``) keeps every code it may mean; the pairing then takes the
one the estimate has, or leaves the item unpaired with a reason.

>>> [str(read_part(name).part) for name in ("前挡风玻璃", "挡风玻璃", "后挡风玻璃", "叶子板")]
['front_glass', 'front_glass', 'back_glass', 'None']
>>> [str(code) for code in read_part("叶子板").candidates]
['front_left_fender', 'front_right_fender']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from api.disputes.quote import strip_words
from pricing import PartCode


class FrontBack(StrEnum):
    FRONT = "front"
    BACK = "back"


class LeftRight(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class Family(StrEnum):
    """What kind of part a name is about; the last group has no part code (never estimated)."""

    BUMPER = "bumper"
    HOOD = "hood"
    BOOT = "boot"  # trunk lid or tailgate: the same rear lid, by body style
    DOOR = "door"
    LIGHT = "light"
    GLASS = "glass"
    MIRROR = "mirror"
    WHEEL = "wheel"
    FENDER = "fender"  # front fenders and rear quarter panels (后叶子板): the same word, by side
    ROOF = "roof"
    DOOR_GLASS = "door_glass"
    SILL = "sill"
    FOG_LAMP = "fog_lamp"
    GRILLE = "grille"
    PLATE = "plate"
    PILLAR = "pillar"
    RADIATOR = "radiator"


class Unpaired(StrEnum):
    """Why an item stands alone in the analysis."""

    UNRECOGNISED = "unrecognised"  # no part name in it
    SUB_COMPONENT = "sub_component"  # a bracket, a clip, a sunroof …: not the panel itself
    PART_NOT_IN_ESTIMATE = "part_not_in_estimate"
    SIDE_UNCLEAR = "side_unclear"  # no side (or contradictory sides), and the estimate has more than one
    OPERATION_NOT_IN_ESTIMATE = "operation_not_in_estimate"  # the part is estimated, this operation is not
    NOT_IN_QUOTE = "not_in_quote"  # an estimate line the customer did not list

    @property
    def zh(self) -> str:
        return _UNPAIRED_ZH[self]


_UNPAIRED_ZH: Final = {
    Unpaired.UNRECOGNISED: "无法识别的项目",
    Unpaired.SUB_COMPONENT: "附件/小件，非定损部位本身",
    Unpaired.PART_NOT_IN_ESTIMATE: "定损单无此部位",
    Unpaired.SIDE_UNCLEAR: "未写明左右/前后，无法对应",
    Unpaired.OPERATION_NOT_IN_ESTIMATE: "定损单对该部位无此作业",
    Unpaired.NOT_IN_QUOTE: "报价未列此项",
}

F, B = FrontBack.FRONT, FrontBack.BACK
L, R = LeftRight.LEFT, LeftRight.RIGHT

CODE_SIDES: Final[dict[PartCode, tuple[Family, FrontBack | None, LeftRight | None]]] = {
    PartCode.FRONT_BUMPER: (Family.BUMPER, F, None),
    PartCode.BACK_BUMPER: (Family.BUMPER, B, None),
    PartCode.HOOD: (Family.HOOD, None, None),
    PartCode.TRUNK: (Family.BOOT, None, None),
    PartCode.TAILGATE: (Family.BOOT, None, None),
    PartCode.FRONT_LEFT_DOOR: (Family.DOOR, F, L),
    PartCode.FRONT_RIGHT_DOOR: (Family.DOOR, F, R),
    PartCode.BACK_LEFT_DOOR: (Family.DOOR, B, L),
    PartCode.BACK_RIGHT_DOOR: (Family.DOOR, B, R),
    PartCode.FRONT_LEFT_LIGHT: (Family.LIGHT, F, L),
    PartCode.FRONT_RIGHT_LIGHT: (Family.LIGHT, F, R),
    PartCode.BACK_LEFT_LIGHT: (Family.LIGHT, B, L),
    PartCode.BACK_RIGHT_LIGHT: (Family.LIGHT, B, R),
    PartCode.FRONT_GLASS: (Family.GLASS, F, None),
    PartCode.BACK_GLASS: (Family.GLASS, B, None),
    PartCode.LEFT_MIRROR: (Family.MIRROR, None, L),
    PartCode.RIGHT_MIRROR: (Family.MIRROR, None, R),
    PartCode.WHEEL: (Family.WHEEL, None, None),
    PartCode.FRONT_LEFT_FENDER: (Family.FENDER, F, L),
    PartCode.FRONT_RIGHT_FENDER: (Family.FENDER, F, R),
    PartCode.BACK_LEFT_QUARTER: (Family.FENDER, B, L),
    PartCode.BACK_RIGHT_QUARTER: (Family.FENDER, B, R),
    PartCode.ROOF: (Family.ROOF, None, None),
    PartCode.LEFT_ROCKER: (Family.SILL, None, L),
    PartCode.RIGHT_ROCKER: (Family.SILL, None, R),
    PartCode.FRONT_LEFT_FOG_LAMP: (Family.FOG_LAMP, F, L),
    PartCode.FRONT_RIGHT_FOG_LAMP: (Family.FOG_LAMP, F, R),
    PartCode.FRONT_LEFT_WINDOW: (Family.DOOR_GLASS, F, L),
    PartCode.FRONT_RIGHT_WINDOW: (Family.DOOR_GLASS, F, R),
    PartCode.BACK_LEFT_WINDOW: (Family.DOOR_GLASS, B, L),
    PartCode.BACK_RIGHT_WINDOW: (Family.DOOR_GLASS, B, R),
    PartCode.GRILLE: (Family.GRILLE, None, None),
    PartCode.TYRE: (Family.WHEEL, None, None),
    PartCode.PLATE: (Family.PLATE, None, None),
}
"""Each part code's family and sides (None: the code does not depend on that side)."""


@dataclass(frozen=True, slots=True)
class Word:
    """A family word; ``front_back``/``left_right`` are sides the word itself states,
    ``default_front_back`` a side it means unless the text says otherwise (挡风玻璃 is the
    windscreen, 后挡风玻璃 the rear window), ``prefer`` the code it names among interchangeable ones."""

    text: str
    family: Family
    front_back: FrontBack | None = None
    left_right: LeftRight | None = None
    default_front_back: FrontBack | None = None
    prefer: PartCode | None = None


def _words(family: Family, texts: str, **kw: object) -> tuple[Word, ...]:
    return tuple(Word(t, family, **kw) for t in texts.split())  # type: ignore[arg-type]


WORDS: Final[tuple[Word, ...]] = (
    *_words(Family.BUMPER, "保险杠 保险杆 保杠 包围 杠 bumper"),
    *_words(Family.BUMPER, "前保", front_back=F),
    *_words(Family.BUMPER, "后保", front_back=B),
    *_words(Family.HOOD, "发动机盖 发动机罩 引擎盖 机器盖 机盖 前盖 hood bonnet enginecover"),
    *_words(
        Family.BOOT, "后备箱盖 后备箱 行李箱盖 行李厢盖 行李箱 尾箱盖 尾箱 后盖 trunk bootlid", prefer=PartCode.TRUNK
    ),
    *_words(Family.BOOT, "尾门 后尾门 背门 后背门 掀背门 tailgate liftgate hatch", prefer=PartCode.TAILGATE),
    *_words(Family.DOOR, "车门 门壳 门皮 门 door"),
    *_words(Family.LIGHT, "大灯 头灯 前照灯 headlamp headlight", front_back=F),
    *_words(Family.LIGHT, "尾灯 taillight taillamp", front_back=B),
    *_words(Family.LIGHT, "组合灯 车灯 灯 lamp light"),
    *_words(Family.GLASS, "挡风玻璃 风挡玻璃 挡风 风挡 windscreen windshield", default_front_back=F),
    *_words(Family.GLASS, "前挡 frontglass", front_back=F),
    *_words(Family.GLASS, "后挡 后窗玻璃 后风窗玻璃 后风窗 rearwindow backglass rearglass", front_back=B),
    *_words(Family.GLASS, "玻璃 glass"),
    *_words(Family.MIRROR, "后视镜 倒车镜 反光镜 观后镜 mirror wingmirror"),
    *_words(Family.WHEEL, "轮毂 钢圈 轮圈 铝圈 轮辋 车轮 wheel rim", prefer=PartCode.WHEEL),
    *_words(Family.WHEEL, "轮胎 车胎 外胎 tyre tire", prefer=PartCode.TYRE),
    *_words(Family.FENDER, "翼子板 叶子板 翼板 叶子 fender wing", default_front_back=F),
    *_words(Family.FENDER, "侧围 quarterpanel quarter", front_back=B),
    *_words(Family.ROOF, "车顶 顶盖 roof"),
    *_words(Family.DOOR_GLASS, "门玻璃 车窗玻璃 窗玻璃 车窗 侧窗 doorglass sidewindow"),
    *_words(Family.SILL, "门槛 裙边 侧裙 下边梁 sill rocker"),
    *_words(Family.FOG_LAMP, "雾灯 foglamp foglight"),
    *_words(Family.GRILLE, "中网 格栅 散热器格栅 grille"),
    *_words(Family.PLATE, "号牌 号码牌 车牌 牌照 numberplate licenceplate licenseplate plate"),
    *_words(Family.PILLAR, "a柱 b柱 c柱 pillar"),
    *_words(Family.RADIATOR, "水箱 散热器 冷凝器 radiator"),
)
_BY_LENGTH: Final = tuple(sorted(WORDS, key=lambda w: -len(w.text)))  # stable: table order on ties

SUB_COMPONENT_WORDS: Final = (
    "支架", "骨架", "防撞梁", "吸能盒", "饰条", "饰板", "天窗", "三角窗", "卡扣", "螺丝", "线束", "车牌架", "内衬",
    "导流板", "拖车钩", "雷达", "摄像头", "灯泡", "电机", "把手", "拉手", "门锁", "铰链", "密封条", "胶条",
    "镜片", "镜壳", "镜罩", "灯罩", "日行灯", "转向灯", "挡泥板", "轮眉", "喷嘴", "车标", "升降器", "气门嘴",
    "牌照架", "牌照框", "车牌框", "bracket", "frame", "beam", "clip", "sunroof", "trim", "sensor", "bulb",
    "harness", "absorber", "handle", "hinge", "seal",
)  # fmt: skip
"""A name with one of these is a sub-component of a part, not the part (前杠支架 is not 前杠)."""

_ABBREVIATIONS: Final = {
    "lf": (F, L), "fl": (F, L), "rf": (F, R), "fr": (F, R), "lr": (B, L), "rl": (B, L), "bl": (B, L),
    "lb": (B, L), "rr": (B, R), "br": (B, R), "rb": (B, R), "lh": (None, L), "rh": (None, R),
}  # fmt: skip
_ABBREVIATION = re.compile(r"(?<![a-z])(" + "|".join(_ABBREVIATIONS) + r")(?![a-z])")
_SIDE_WORDS: Final[tuple[tuple[str, FrontBack | None, LeftRight | None], ...]] = (
    ("副驾", None, R), ("passenger", None, R), ("主驾", None, L), ("驾驶", None, L), ("driver", None, L),
    ("左", None, L), ("右", None, R), ("前", F, None), ("后", B, None), ("尾", B, None),
    ("left", None, L), ("right", None, R), ("front", F, None), ("rear", B, None), ("back", B, None),
)  # fmt: skip
_DRIVER_WORDS: Final = ("副驾", "主驾", "驾驶", "driver", "passenger")  # on a door they also mean front


@dataclass(frozen=True, slots=True)
class PartReading:
    """What a name says: the family, the sides it states and the part codes it may mean (most
    likely first). ``ambiguous``: the codes differ by a side the name leaves open."""

    family: Family | None
    front_back: FrontBack | None
    left_right: LeftRight | None
    candidates: tuple[PartCode, ...]
    ambiguous: bool = False
    problem: Unpaired | None = None

    @property
    def part(self) -> PartCode | None:
        """The one code the name means, or None (no part, or a side left open)."""
        return self.candidates[0] if self.candidates and not self.ambiguous else None


def normalise(text: str) -> str:
    """Full-width to half-width (NFKC), operation, price-type and noise words dropped,
    lower case, no spaces or punctuation."""
    out = strip_words(unicodedata.normalize("NFKC", text))
    return re.sub(r"[\s_\-.,/·()\[\]{}'\"]+", "", out.lower())


def read_part(name: str) -> PartReading:
    """Read the part ``name`` names (see the module docstring).

    >>> [str(read_part(name).part) for name in ("LF叶子板", "主驾门", "后杠", "右后尾灯")]
    ['front_left_fender', 'front_left_door', 'back_bumper', 'back_right_light']
    """
    spaced = strip_words(unicodedata.normalize("NFKC", name)).lower()
    text = normalise(name)
    if not text:
        return PartReading(None, None, None, (), problem=Unpaired.UNRECOGNISED)
    if any(w in text for w in SUB_COMPONENT_WORDS):
        return PartReading(None, None, None, (), problem=Unpaired.SUB_COMPONENT)
    word = next((w for w in _BY_LENGTH if w.text in text), None)
    if word is None:
        return PartReading(None, None, None, (), problem=Unpaired.UNRECOGNISED)
    rest = text.replace(word.text, " ", 1)
    fbs: set[FrontBack] = {word.front_back} if word.front_back else set()
    lrs: set[LeftRight] = {word.left_right} if word.left_right else set()
    for abbreviation in _ABBREVIATION.findall(spaced):
        fb, lr = _ABBREVIATIONS[abbreviation]
        fbs |= {fb} if fb else set()
        lrs |= {lr} if lr else set()
        rest = rest.replace(abbreviation, " ", 1)
    for side, side_fb, side_lr in _SIDE_WORDS:
        if side in rest:
            fbs |= {side_fb} if side_fb else set()
            lrs |= {side_lr} if side_lr else set()
            rest = rest.replace(side, " ")
    if word.family is Family.DOOR and not fbs and any(w in text for w in _DRIVER_WORDS):
        fbs.add(F)
    if word.default_front_back and not fbs:
        fbs.add(word.default_front_back)
    front_back = next(iter(fbs)) if len(fbs) == 1 else None
    left_right = next(iter(lrs)) if len(lrs) == 1 else None
    family_codes = [c for c, (f, _, _) in CODE_SIDES.items() if f is word.family]
    if (len(fbs) > 1 and _depends(family_codes, 1)) or (len(lrs) > 1 and _depends(family_codes, 2)):
        return PartReading(word.family, front_back, left_right, (), problem=Unpaired.SIDE_UNCLEAR)
    candidates = [
        c for c in family_codes if _agrees(CODE_SIDES[c][1], front_back) and _agrees(CODE_SIDES[c][2], left_right)
    ]
    if not candidates:  # a part we never estimate (A柱), or a side we have no code for (后雾灯)
        return PartReading(word.family, front_back, left_right, (), problem=Unpaired.PART_NOT_IN_ESTIMATE)
    if word.prefer in candidates:
        candidates.remove(word.prefer)
        return PartReading(word.family, front_back, left_right, (word.prefer, *candidates))
    return PartReading(word.family, front_back, left_right, tuple(candidates), ambiguous=len(candidates) > 1)


def _agrees(code_side: object, said: object) -> bool:
    return code_side is None or said is None or code_side == said


def _depends(codes: list[PartCode], axis: int) -> bool:
    """Do the family's codes differ along ``axis`` (1 front/back, 2 left/right)?"""
    return len({CODE_SIDES[c][axis] for c in codes}) > 1


def sides_of(code: PartCode) -> tuple[FrontBack | None, LeftRight | None]:
    """The sides a part code stands for.

    >>> sides_of(PartCode.BACK_LEFT_LIGHT)
    (<FrontBack.BACK: 'back'>, <LeftRight.LEFT: 'left'>)
    """
    _, fb, lr = CODE_SIDES[code]
    return fb, lr
