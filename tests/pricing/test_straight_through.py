"""The straight-through rule set, one rule at a time: each passes on a clean small case and fails
alone when its input is moved across its edge."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from pricing.straight_through import CURRENT, STRAIGHT_THROUGH_V1, STRAIGHT_THROUGH_V2, CaseEvidence, evaluate

CLEAN = CaseEvidence(
    tier="simple",
    net_repair_cost=Decimal("499.99"),
    currency="CNY",
    complete=True,
    line_confidences=(Decimal("0.9000"), Decimal("0.2600")),
    confidence_threshold=Decimal("0.25"),
    photos_with_quality_flags=0,
    fraud_flags=0,
)


def test_a_clean_small_case_passes_every_rule_of_the_current_version() -> None:
    decision = evaluate(CLEAN)
    assert CURRENT is STRAIGHT_THROUGH_V2 and decision.rule_set == "straight-through/2"
    assert decision.approved and decision.failed == ()
    assert [o.rule for o in decision.outcomes] == [
        "simple-case",
        "under-500",
        "photo-quality",
        "no-fraud-flag",
        "ai-priced",
    ]


@pytest.mark.parametrize(
    ("change", "failed_rule"),
    [
        ({"tier": "normal"}, "simple-case"),
        ({"tier": "complex"}, "simple-case"),
        ({"net_repair_cost": Decimal("500.00")}, "under-500"),
        ({"net_repair_cost": Decimal("12000")}, "under-500"),
        ({"currency": "USD"}, "under-500"),
        ({"photos_with_quality_flags": 1}, "photo-quality"),
        ({"fraud_flags": 1}, "no-fraud-flag"),
        ({"complete": False}, "ai-priced"),
        ({"line_confidences": ()}, "ai-priced"),
        ({"line_confidences": (Decimal("0.9"), None)}, "ai-priced"),
        ({"line_confidences": (Decimal("0.9"), Decimal("0.25"))}, "ai-priced"),  # at the threshold: not above
        ({"confidence_threshold": Decimal("0.95")}, "ai-priced"),
    ],
)
def test_each_rule_fails_alone_across_its_edge(change: dict[str, Any], failed_rule: str) -> None:
    decision = evaluate(dataclasses.replace(CLEAN, **change))
    assert not decision.approved
    assert [o.rule for o in decision.failed] == [failed_rule]
    failed = decision.failed[0]
    assert failed.reason_zh and failed.reason_en and failed.detail


def test_every_rule_is_told_even_when_several_fail() -> None:
    decision = evaluate(dataclasses.replace(CLEAN, tier="normal", net_repair_cost=Decimal("800"), fraud_flags=2))
    assert [o.rule for o in decision.failed] == ["simple-case", "under-500", "no-fraud-flag"]
    assert len(decision.outcomes) == len(CURRENT.rules)
    assert "800 CNY" in decision.failed[1].detail and "500 CNY" in decision.failed[1].detail


def test_the_customer_reason_for_a_fraud_flag_does_not_say_fraud() -> None:
    (failed,) = evaluate(dataclasses.replace(CLEAN, fraud_flags=1)).failed
    assert "欺诈" not in failed.reason_zh and "fraud" not in failed.reason_en.lower()


def test_version_2_keeps_the_bar_of_version_1_when_the_detector_serves_lower() -> None:
    served_lower = dataclasses.replace(CLEAN, confidence_threshold=Decimal("0.15"), line_confidences=(Decimal("0.2"),))
    assert evaluate(served_lower, STRAIGHT_THROUGH_V1).approved
    decision = evaluate(served_lower, STRAIGHT_THROUGH_V2)
    assert [o.rule for o in decision.failed] == ["ai-priced"] and "threshold 0.25" in decision.failed[0].detail
    assert evaluate(
        dataclasses.replace(served_lower, line_confidences=(Decimal("0.26"),)), STRAIGHT_THROUGH_V2
    ).approved
