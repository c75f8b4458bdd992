"""Severity of one damage on one part: minor / moderate / severe, with the rule that decided it.

The main signal is the damage's area relative to the part it is on (relative
to the photo when the part is unknown). Thresholds per damage group were
calibrated against lensor-damage's minor/moderate/severe labels by
``python -m training.severity_calibration``; its agreement (confusion matrices)
is in ``docs/benchmarks/severity.md``. Several damages of the same kind on one
part raise the level by one when ``COUNT_BUMP`` is set (the calibration decides).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["minor", "moderate", "severe"]
LEVELS: tuple[Level, ...] = ("minor", "moderate", "severe")
Reference = Literal["part", "image"]

# damage type -> calibration group. lensor's "broken" (moderate/severe only) stands for broken lamps and glass,
# and for cracks, which no shared set labels.
GROUPS: dict[str, str] = {
    "dent": "dent",
    "scratch": "scratch",
    "crack": "broken",
    "glass_shatter": "broken",
    "lamp_broken": "broken",
}
FIXED: dict[str, Level] = {"tire_flat": "moderate"}  # no data to grade it: repair or replace is the adjuster's call


@dataclass(frozen=True)
class Thresholds:
    """``ratio >= moderate`` → at least moderate; ``ratio >= severe`` → severe; never below ``floor``."""

    moderate: float
    severe: float
    floor: Level = "minor"


@dataclass(frozen=True)
class SeverityRules:
    thresholds: dict[tuple[str, Reference], Thresholds]
    count_bump: int | None = None  # this many damages of the group on the part → one level up


# Calibrated on lensor-damage train by training/severity_calibration.py (docs/benchmarks/severity.md).
# "image" rows: damage-box area / photo area, 1,276 train instances. "part" rows: damage-box area / the matched
# part's mask area (car-parts 1.0.0 on the same photos): only 101 train instances had a part matched and none of
# them is a severe dent or scratch, so "moderate from" is calibrated but "severe from" is not: SEVERE_PART_PRIOR
# (half the part's visible area) is a stated prior, not a fit (the fit put it above 1, i.e. never severe).
SEVERE_PART_PRIOR = 0.5
SEVERITY_RULES = SeverityRules(
    thresholds={
        ("dent", "image"): Thresholds(0.0232, 0.0936),
        ("scratch", "image"): Thresholds(0.0021, 0.0806),
        ("broken", "image"): Thresholds(0.0, 0.19, floor="moderate"),
        ("dent", "part"): Thresholds(0.139, SEVERE_PART_PRIOR),
        ("scratch", "part"): Thresholds(0.0356, SEVERE_PART_PRIOR),
        ("broken", "part"): Thresholds(0.0, SEVERE_PART_PRIOR, floor="moderate"),
    },
    count_bump=None,
)


@dataclass(frozen=True)
class SeverityGrade:
    """The level, the rule that set it (an id with the numbers) and the area ratio used."""

    level: Level
    rule: str
    ratio: float | None


def level_for(ratio: float, thresholds: Thresholds) -> Level:
    """The level a ratio reaches, not below the floor.

    >>> level_for(0.05, Thresholds(0.01, 0.2)), level_for(0.001, Thresholds(0.0, 0.2, floor="moderate"))
    ('moderate', 'moderate')
    """
    level: Level = "severe" if ratio >= thresholds.severe else "moderate" if ratio >= thresholds.moderate else "minor"
    return max(level, thresholds.floor, key=LEVELS.index)


def grade(
    *,
    damage_type: str,
    damage_area_px: float,
    part_area_px: float | None,
    count_on_part: int,
    image_area_px: float | None = None,
    rules: SeverityRules = SEVERITY_RULES,
) -> SeverityGrade:
    """Grade one damage. ``part_area_px`` is the matched part's mask area (``None`` when the part is unknown);
    ``image_area_px`` is the fallback reference then; ``count_on_part`` counts damages of this type on the part.

    >>> grade(damage_type="dent", damage_area_px=300, part_area_px=100_000, count_on_part=1).level
    'minor'
    >>> g = grade(damage_type="glass_shatter", damage_area_px=50_000, part_area_px=100_000, count_on_part=1)
    >>> g.level, g.rule
    ('severe', 'R-SEV-BROKEN-PART: damage/part 0.5000 >= 0.5')
    """
    if damage_type in FIXED:
        return SeverityGrade(FIXED[damage_type], f"R-SEV-FIXED: {damage_type} is graded {FIXED[damage_type]}", None)
    if damage_type not in GROUPS:
        raise ValueError(f"unknown damage type {damage_type!r}")
    if damage_area_px < 0 or count_on_part < 1:
        raise ValueError("damage_area_px must be >= 0 and count_on_part >= 1")
    group = GROUPS[damage_type]
    reference: Reference
    if part_area_px is not None and part_area_px > 0:
        reference, denominator = "part", part_area_px
    elif image_area_px is not None and image_area_px > 0:
        reference, denominator = "image", image_area_px
    else:
        floor = rules.thresholds[(group, "image")].floor
        level: Level = max("moderate", floor, key=LEVELS.index)
        return SeverityGrade(
            level, "R-SEV-NO-REFERENCE: no part or photo area to compare with; adjuster to confirm", None
        )
    t = rules.thresholds[(group, reference)]
    ratio = min(damage_area_px / denominator, 1.0)
    level = level_for(ratio, t)
    name = f"R-SEV-{group.upper()}-{reference.upper()}"
    if level == "severe":
        rule = f"{name}: damage/{reference} {ratio:.4f} >= {t.severe}"
    elif level == "moderate" and ratio >= t.moderate:
        rule = f"{name}: {t.moderate} <= damage/{reference} {ratio:.4f} < {t.severe}"
    elif level == "moderate":
        rule = f"{name}: damage/{reference} {ratio:.4f}; {damage_type} is at least moderate"
    else:
        rule = f"{name}: damage/{reference} {ratio:.4f} < {t.moderate}"
    if rules.count_bump is not None and count_on_part >= rules.count_bump and level != "severe":
        level = LEVELS[LEVELS.index(level) + 1]
        rule += f"; R-SEV-COUNT: {count_on_part} on the part >= {rules.count_bump}, one level up"
    return SeverityGrade(level, rule, round(ratio, 6))
