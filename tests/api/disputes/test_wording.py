"""The neutral-wording check (issue 14 item 6), pure: the seed's five phrases (and their English)
are found however they are typed — full-width, traditional, spaced — each once, in order, with the
suggested wording; words that merely contain one (不行驶, 行不行) are not refused."""

from __future__ import annotations

import pytest

from api.disputes.errors import NonNeutralWording
from api.disputes.wording import SUGGESTIONS, check, ensure_neutral


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("这个不可能赔", ["不可能"]),
        ("不行，已经定损了", ["不行"]),
        ("你们不懂车", ["你们不懂"]),
        ("按规定只能赔这么多", ["按规定"]),
        ("这是公司规定", ["公司规定"]),
        ("按公司规定办", ["公司规定"]),  # reported once, as the longer phrase
        ("这个不可能赔，按公司规定办", ["不可能", "公司规定"]),
        ("不可能，不可能", ["不可能"]),  # each once
        ("不 可 能", ["不可能"]),
        ("不\u3000行", ["不行"]),
        ("公司規定", ["公司规定"]),  # traditional form
        ("你們不懂", ["你们不懂"]),
        ("That is impossible", ["impossible"]),
        ("Per Company Rules we pay 500", ["company rules"]),
        ("you don’t understand the policy", ["you don't understand"]),
        ("车辆事故后不行驶也要报案", []),  # 不行驶: not driven
        ("被保险人不行使该权利", []),  # 不行使: not exercised
        ("您看这样处理行不行？", []),  # a polite question
        ("根据条款第十条，目前暂不支持该项目，我们会进一步核实。", []),
        ("", []),
    ],
)
def test_the_phrases_to_avoid_are_found(text: str, phrases: list[str]) -> None:
    found = check(text, field="reason")
    assert [f.phrase for f in found] == phrases
    assert all(f.suggestion == SUGGESTIONS[f.phrase] and f.field == "reason" for f in found)


def test_every_phrase_has_a_suggestion_that_passes_the_check() -> None:
    assert {"不可能", "不行", "你们不懂", "按规定", "公司规定"} <= set(SUGGESTIONS)
    for phrase, suggestion in SUGGESTIONS.items():
        assert check(suggestion) == (), (phrase, suggestion)


def test_ensure_neutral_names_each_field_and_passes_empty_ones() -> None:
    ensure_neutral(reason="我们会进一步核实", voucher_type=None, note="")
    with pytest.raises(NonNeutralWording) as refused:
        ensure_neutral(reason="按规定", voucher_type="不可能的券")
    assert [(p["field"], p["phrase"]) for p in refused.value.extra["phrases"]] == [
        ("reason", "按规定"),
        ("voucher_type", "不可能"),
    ]
