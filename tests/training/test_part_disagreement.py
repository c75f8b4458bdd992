"""Who names the part when the segmenter and the damaged-part model disagree: the rule and its evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.assess_cli import _parts_dir
from api.config import DEFAULT_DAMAGED_PARTS_ROOT
from inference.artifact import load_card
from inference.damaged_parts import newest_model_dir
from training.part_disagreement import outcome

REPORT = Path(__file__).resolve().parents[2] / "docs" / "benchmarks" / "part-disagreement.json"


@pytest.mark.parametrize(
    ("truth", "part", "family", "expected"),
    [
        ("door", "back_left_door", "door", "agree_right"),
        ("hood", "back_left_door", "door", "agree_wrong"),
        ("lamp", "back_left_light", "lamp", "agree_right"),  # a coarse lamp agrees with a tail light
        ("rear_quarter", "front_bumper", "rear_quarter", "family_right"),
        ("bumper", "front_bumper", "rear_quarter", "segmenter_right"),
        ("hood", "front_bumper", "rear_quarter", "neither"),
        ("hood", None, "hood", "one_only"),
        ("hood", "hood", None, "one_only"),
    ],
)
def test_outcome(truth: str, part: str | None, family: str | None, expected: str) -> None:
    assert outcome(truth, part, family) == expected


def test_the_rule_stands_on_the_served_models_evidence() -> None:
    """The fusion lets the family decide a disagreement because on the val damage photos it was right
    more often than the segmenter; the report must be of the models served now."""
    report = json.loads(REPORT.read_text(encoding="utf-8"))
    parts_dir, damaged_dir = _parts_dir(None), newest_model_dir(DEFAULT_DAMAGED_PARTS_ROOT)
    if parts_dir is None or damaged_dir is None:
        pytest.skip("no served part models")
    served = [load_card(parts_dir), load_card(damaged_dir)]
    assert report["models"] == ", ".join(f"{c.name} {c.version}" for c in served)
    val = report["splits"]["val"]["real"]
    assert val.get("family_right", 0) > val.get("segmenter_right", 0)
