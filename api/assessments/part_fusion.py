"""Which part a finding is on, fused from every source that can tell (docs/part-fusion.md).

In order, the first that names a part decides, and ``part_method`` records which did:

(a) the whole-car part segmenter, where its masks cover the damage (it also gives the side), unless
    the damaged-part model's family over the damage is another family (:func:`families_agree`): on
    real damage photos where the two disagreed the family was right and the segmenter never
    (``docs/benchmarks/part-disagreement.md``), so the family decides as in (b);
(b) the damaged-part model's family box that best covers the damage, resolved to a part code with
    the side (and front or rear) from the segmenter's other parts in the photo, then the customer's
    capture zone and side, or from the family alone where it names one code (hood, roof …):
    ``damaged_part_model``;
(c) the customer's capture zone (:mod:`api.capture.prior`): ``capture_zone``;
(d) else ``unknown``; a family that could not be resolved stays as a hint for the adjuster
    (``part_method`` ``hint:<family>[:<side>]``, "door, left side, front or rear not told").

Without a damaged-part model (``family`` None) this is exactly :func:`api.capture.prior.part_for`.
A pure function of plain values; table-tested.

>>> fuse_part("unknown", "no_part_visible", family="door", seen_parts=["front_left_light"], zone=None, zone_side=None)
PartDecision(part='unknown', method='hint:door:left', side=None)
>>> fuse_part("unknown", "no_part_visible", family="hood", seen_parts=[], zone=None, zone_side=None)
PartDecision(part='hood', method='damaged_part_model', side=None)
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product
from typing import Final

from api.capture.prior import PartDecision, part_for
from inference.damaged_parts import FAMILIES
from pricing import UNKNOWN_PART, PartCode

DAMAGED_PART_MODEL: Final = "damaged_part_model"
"""The ``part_method`` (part source) of a part named by the damaged-part model."""
HINT_PREFIX: Final = "hint:"

# A family's part code, from the facts it needs: {side} left/right, {end} front/back of the car,
# {row} front/back door row, {boot} trunk or tailgate. A family with no placeholder names one code.
_TEMPLATES: Final = {
    "hood": "hood",
    "roof": "roof",
    "grille": "grille",
    "windscreen": "front_glass",
    "rear_window": "back_glass",
    "plate": "plate",
    "wheel": "wheel",
    "tyre": "tyre",
    "bumper": "{end}_bumper",
    "front_fender": "front_{side}_fender",
    "rear_quarter": "back_{side}_quarter",
    "mirror": "{side}_mirror",
    "rocker": "{side}_rocker",
    "fog_lamp": "front_{side}_fog_lamp",
    "headlamp": "front_{side}_light",
    "tail_lamp": "back_{side}_light",
    "lamp": "{end}_{side}_light",
    "door": "{row}_{side}_door",
    "side_window": "{row}_{side}_window",
    "trunk_lid": "{boot}",
}
# Parts whose code names no side: the side found is reported beside them (as a zone's tyre is).
_SIDE_BESIDE: Final = frozenset({"wheel", "tyre"})

# Evidence of an end also counts the lamp families the lamp colour named (inference.lamp_colour).
_FRONT_PARTS: Final = frozenset({"hood", "front_glass", "front_bumper", "grille", "headlamp"})
_BACK_PARTS: Final = frozenset({"trunk", "tailgate", "back_glass", "back_bumper", "tail_lamp"})
_ZONE_END: Final = {
    **dict.fromkeys(
        ("front_bumper", "hood", "grille", "windscreen", "front_fender", "headlamp", "fog_lamp", "front_door"), "front"
    ),
    **dict.fromkeys(
        ("rear_bumper", "trunk_lid", "tailgate", "rear_window", "rear_quarter_panel", "tail_lamp", "rear_door"), "back"
    ),
}
# The damaged-part model's families that tell which end of the car a photo shows, as the part code that
# stands for them in the photo's evidence (a close-up showing the windscreen is of the front).
_END_FAMILIES: Final = {
    "hood": "hood",
    "windscreen": "front_glass",
    "grille": "grille",
    "rear_window": "back_glass",
    "headlamp": "headlamp",
    "tail_lamp": "tail_lamp",
}
_ZONE_ROW: Final = {"front_door": "front", "rear_door": "back"}
_ZONE_BOOT: Final = {"trunk_lid": "trunk", "tailgate": "tailgate"}


_FACT_VALUES: Final = {
    "side": ("left", "right"),
    "end": ("front", "back"),
    "row": ("front", "back"),
    "boot": ("trunk", "tailgate"),
}
_FAMILY_OF: Final = {
    template.format(**dict(zip(_FACT_VALUES, values, strict=True))): family
    for family, template in _TEMPLATES.items()
    if family != "lamp"  # the coarse family for data that does not say head or tail lamp
    for values in product(*_FACT_VALUES.values())
}


def family_of(part: str) -> str:
    """The side-less family a part code belongs to (the families the templates above resolve), or
    the code itself for a part no family names.

    >>> family_of("front_left_door"), family_of("back_bumper"), family_of("back_right_light"), family_of("front_glass")
    ('door', 'bumper', 'tail_lamp', 'windscreen')
    """
    return _FAMILY_OF.get(part, part)


def family_evidence(families: Iterable[str]) -> set[str]:
    """The part codes the damaged-part model's families anywhere in the photo add to the fusion's
    evidence: only those that tell the end of the car (never a side: the model names none).

    >>> sorted(family_evidence(["windscreen", "door", "lamp", "rear_window", "tail_lamp"]))
    ['back_glass', 'front_glass', 'tail_lamp']
    """
    return {_END_FAMILIES[f] for f in families if f in _END_FAMILIES}


# Families that name the same physical part at different grains: the coarse lamp and the lamps its
# colour names; a wheel and its tyre.
_SAME_PART: Final = (frozenset({"lamp", "headlamp", "tail_lamp", "fog_lamp"}), frozenset({"wheel", "tyre"}))


def families_agree(part: str, family: str) -> bool:
    """Whether the segmenter's part code and the damaged-part model's family name the same part.

    >>> families_agree("front_left_door", "door"), families_agree("front_bumper", "rear_quarter")
    (True, False)
    >>> families_agree("back_left_light", "lamp"), families_agree("front_right_light", "tail_lamp")
    (True, True)
    """
    mine = family_of(part)
    return mine == family or any(mine in group and family in group for group in _SAME_PART)


def _only(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def _end_of(seen: set[str]) -> str | None:
    """The end most parts seen belong to, when they outnumber the other end's at least two to one (one
    misread part does not overturn three that agree; a side view showing both ends tells none)."""
    front = sum(p in _FRONT_PARTS or (p.startswith("front_") and "door" not in p) for p in seen)
    back = sum(p in _BACK_PARTS or (p.startswith("back_") and "door" not in p) for p in seen)
    if front >= max(1, 2 * back):
        return "front"
    if back >= max(1, 2 * front):
        return "back"
    return None


def photo_facts(seen_parts: Iterable[str]) -> dict[str, str | None]:
    """What the parts seen in the photo say about the view: a side only when every sided part agrees,
    so a front view showing both headlamps gives no side; an end when its parts outnumber the other
    end's two to one.

    >>> photo_facts(["front_left_door", "back_left_door", "left_mirror"])
    {'side': 'left', 'end': None, 'boot': None}
    >>> photo_facts(["hood", "front_left_light", "front_right_light"])
    {'side': None, 'end': 'front', 'boot': None}
    >>> photo_facts(["back_left_light", "back_right_light", "front_glass"])["end"]
    'back'
    """
    seen = set(seen_parts)
    sides: set[str] = {s for p in seen for s in ("left", "right") if s in p.split("_")}
    boots = seen & {"trunk", "tailgate"}
    return {"side": _only(sides), "end": _end_of(seen), "boot": _only(boots)}


def resolve_family(family: str, facts: dict[str, str | None]) -> PartCode | None:
    """The part code ``family`` names given the facts, or None when a fact it needs is missing.

    >>> resolve_family("bumper", {"end": "back"}), resolve_family("bumper", {})
    (<PartCode.BACK_BUMPER: 'back_bumper'>, None)
    """
    template = _TEMPLATES.get(family)
    if template is None:
        return None
    try:
        code = template.format(**{k: v for k, v in facts.items() if v is not None})
    except KeyError:
        return None
    return PartCode(code) if code in PartCode._value2member_map_ else None


def fuse_part(
    part: str,
    method: str,
    *,
    family: str | None,
    seen_parts: Iterable[str],
    zone: str | None,
    zone_side: str | None,
    family_side: str | None = None,
    family_end: str | None = None,
) -> PartDecision:
    """The part of one finding: what the segmenter decided (``part``, ``method``), the damaged-part
    model's ``family`` for it, the side its box's place tells (``family_side``: one of a pair of
    lamps) and the end the bumper-end classifier read in a bumper box (``family_end``), the parts
    seen anywhere in the photo, and the photo's zone tag. The parts seen and the zone tag tell the end
    before the classifier does.

    >>> fuse_part("unknown", "no_part_visible", family="bumper", seen_parts=[], zone=None, zone_side=None,
    ...           family_end="back")
    PartDecision(part='back_bumper', method='damaged_part_model', side=None)
    """
    if family is None or (part != UNKNOWN_PART and families_agree(part, family)):
        return part_for(part, method, zone=zone, zone_side=zone_side)  # (a), (c) and (d) as before
    part = UNKNOWN_PART  # the segmenter's part is overruled by the family over the damage
    view = photo_facts(seen_parts)
    side = view["side"] or family_side or (zone_side if zone_side in ("left", "right") else None)
    facts = {
        "side": side,
        "end": view["end"] or _ZONE_END.get(zone or "") or family_end,
        "row": _ZONE_ROW.get(zone or ""),
        "boot": view["boot"] or _ZONE_BOOT.get(zone or ""),
    }
    code = resolve_family(family, facts)
    if code is not None:
        return PartDecision(code.value, DAMAGED_PART_MODEL, side if family in _SIDE_BESIDE else None)  # (b)
    zoned = part_for(part, method, zone=zone, zone_side=zone_side)
    if zoned.part != UNKNOWN_PART:
        return zoned  # (c)
    return PartDecision(UNKNOWN_PART, f"{HINT_PREFIX}{family}" + (f":{side}" if side else ""), None)  # (d)


PART_SOURCES: Final = {
    "mask_overlap": "car_parts_segmenter",
    "box_overlap": "car_parts_segmenter",
    "capture_zone": "capture_zone",
    DAMAGED_PART_MODEL: DAMAGED_PART_MODEL,
    "adjuster": "adjuster",
}


def source_of(method: str) -> str | None:
    """What named a finding's part (``part_source``), from its ``part_method``; None while the part is unknown.

    >>> source_of("box_overlap"), source_of("hint:door"), source_of("capture_zone")
    ('car_parts_segmenter', None, 'capture_zone')
    """
    return PART_SOURCES.get(method)


def hint_of(method: str) -> tuple[str, str | None] | None:
    """The family and side (None: not told) a ``hint:`` part method names, None for any other method.

    >>> hint_of("hint:door:left"), hint_of("hint:lamp"), hint_of("mask_overlap")
    (('door', 'left'), ('lamp', None), None)
    """
    if not method.startswith(HINT_PREFIX):
        return None
    family, _, side = method[len(HINT_PREFIX) :].partition(":")
    return family, side or None


# The damaged-part model's families, with bumper and door split by end and the coarse lamp left out
# (headlamp and tail_lamp are families of their own).
_KINDS_OF_FAMILY: Final = {"bumper": ("front_bumper", "rear_bumper"), "door": ("front_door", "rear_door"), "lamp": ()}
KINDS: Final = tuple(kind for family in FAMILIES for kind in _KINDS_OF_FAMILY.get(family, (family,)))
"""The parts an estimate lists, without the side (front/rear bumper, front/rear door, head/tail lamp …)."""


def kind_of(part: str, method: str) -> str | None:
    """The side-less part (:data:`KINDS`) a finding names: from its part code, or while the part is
    unknown from its hint where the hint's family is one (a ``door`` hint names no row, a ``lamp``
    hint neither head nor tail); None when neither tells.

    >>> kind_of("back_left_door", "mask_overlap"), kind_of("back_bumper", "damaged_part_model")
    ('rear_door', 'rear_bumper')
    >>> kind_of("unknown", "hint:tail_lamp"), kind_of("unknown", "hint:door:left"), kind_of("unknown", "ambiguous")
    ('tail_lamp', None, None)
    """
    if part == UNKNOWN_PART:
        hint = hint_of(method)
        return hint[0] if hint is not None and hint[0] in KINDS else None
    family = family_of(part)
    if family in ("bumper", "door"):
        family = f"{'front' if part.startswith('front_') else 'rear'}_{family}"
    return family if family in KINDS else None


def hint_text(method: str) -> str | None:
    """The adjuster's reading of a ``hint:`` part method, None for any other method.

    >>> hint_text("hint:door:left"), hint_text("hint:bumper"), hint_text("mask_overlap")
    ('door, left side', 'bumper, side unknown', None)
    """
    if (hint := hint_of(method)) is None:
        return None
    family, side = hint
    return f"{family}, {side} side" if side else f"{family}, side unknown"
