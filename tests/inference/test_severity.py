"""Severity rules: a table of cases, and refusal of nonsense input."""

from __future__ import annotations

import pytest

from inference.severity import SEVERITY_RULES, SeverityRules, Thresholds, grade

DENT = SEVERITY_RULES.thresholds[("dent", "part")]
SCRATCH = SEVERITY_RULES.thresholds[("scratch", "image")]


@pytest.mark.parametrize(
    ("damage_type", "damage", "part", "image", "level", "rule"),
    [
        ("dent", DENT.moderate * 0.5 * 1e5, 1e5, None, "minor", "R-SEV-DENT-PART"),
        ("dent", DENT.moderate * 1e5, 1e5, None, "moderate", "R-SEV-DENT-PART"),
        ("dent", DENT.severe * 1e5, 1e5, None, "severe", "R-SEV-DENT-PART"),
        ("scratch", SCRATCH.moderate * 0.5 * 1e6, None, 1e6, "minor", "R-SEV-SCRATCH-IMAGE"),
        ("scratch", SCRATCH.severe * 2 * 1e6, None, 1e6, "severe", "R-SEV-SCRATCH-IMAGE"),
        ("lamp_broken", 1.0, 1e5, None, "moderate", "R-SEV-BROKEN-PART"),  # broken is never minor
        ("glass_shatter", 9e4, 1e5, None, "severe", "R-SEV-BROKEN-PART"),
        ("crack", 10.0, None, 1e6, "moderate", "R-SEV-BROKEN-IMAGE"),
        ("tire_flat", 10.0, None, None, "moderate", "R-SEV-FIXED"),
        ("dent", 500.0, None, None, "moderate", "R-SEV-NO-REFERENCE"),
    ],
)
def test_grade_table(
    damage_type: str, damage: float, part: float | None, image: float | None, level: str, rule: str
) -> None:
    g = grade(damage_type=damage_type, damage_area_px=damage, part_area_px=part, count_on_part=1, image_area_px=image)
    assert (g.level, g.rule.split(":")[0]) == (level, rule)


def test_part_area_is_preferred_over_the_photo_and_the_ratio_is_reported() -> None:
    g = grade(damage_type="dent", damage_area_px=2_000, part_area_px=10_000, count_on_part=1, image_area_px=1e7)
    assert g.ratio == pytest.approx(0.2) and "PART" in g.rule


def test_count_bump_raises_one_level_when_enabled() -> None:
    rules = SeverityRules(
        thresholds={**SEVERITY_RULES.thresholds, ("dent", "part"): Thresholds(0.1, 0.5)}, count_bump=3
    )
    one = grade(damage_type="dent", damage_area_px=10, part_area_px=1000, count_on_part=1, rules=rules)
    many = grade(damage_type="dent", damage_area_px=10, part_area_px=1000, count_on_part=3, rules=rules)
    assert (one.level, many.level) == ("minor", "moderate") and "R-SEV-COUNT" in many.rule


@pytest.mark.parametrize("kwargs", [{"damage_type": "smudge"}, {"damage_area_px": -1.0}, {"count_on_part": 0}])
def test_bad_input_is_refused(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"damage_type": "dent", "damage_area_px": 10.0, "part_area_px": 100.0, "count_on_part": 1}
    with pytest.raises(ValueError):
        grade(**{**args, **kwargs})  # type: ignore[arg-type]


def test_levels_are_monotonic_in_the_ratio() -> None:
    levels = [
        grade(damage_type="scratch", damage_area_px=a, part_area_px=1000.0, count_on_part=1).level
        for a in range(0, 1001, 5)
    ]
    order = {"minor": 0, "moderate": 1, "severe": 2}
    assert [order[lv] for lv in levels] == sorted(order[lv] for lv in levels)
