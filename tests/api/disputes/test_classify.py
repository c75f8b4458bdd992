from __future__ import annotations

from decimal import Decimal

import pytest

from api.disputes.classify import Cause, KeywordRule, KeywordRules, classify, keyword_summary


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("定损金额太低，4S店报价比你们高很多", Cause.AMOUNT),
        ("免赔额是怎么扣的，没人跟我说过", Cause.AMOUNT),
        ("The estimate is too low, my quote is double", Cause.AMOUNT),
        ("等了两周还没到账，太慢了", Cause.TIMELINESS),
        ("反复要求我补材料，系统故障又要重复提交", Cause.TIMELINESS),
        ("Payment is delayed and I am still waiting", Cause.TIMELINESS),
        ("客服态度差，电话没人接", Cause.COMMUNICATION),
        ("I was ignored, no reply to three emails, rude staff", Cause.COMMUNICATION),
        ("流程不透明，不知道进度到哪了", Cause.PROCESS),
        ("The process is opaque and the status unclear", Cause.PROCESS),
    ],
)
def test_each_cause_is_recognised_in_chinese_and_english(text: str, cause: Cause) -> None:
    result = classify(text)
    assert result.cause is cause
    assert result.matched and all(r.matches(text) for r in result.matched)


def test_no_keyword_leaves_the_complaint_unclassified() -> None:
    result = classify("你好")
    assert result.cause is None and result.causes == ()


def test_latin_keywords_match_whole_words_only() -> None:
    assert classify("priceless service").scores[Cause.AMOUNT] == 0
    assert classify("the PRICE is wrong").scores[Cause.AMOUNT] > 0


def test_a_keyword_counts_once_however_often_it_appears() -> None:
    assert classify("慢").scores[Cause.TIMELINESS] == classify("慢慢慢慢慢").scores[Cause.TIMELINESS]


def test_mixed_complaint_ranks_every_cause() -> None:
    result = classify("定损金额太低，而且客服态度差")
    assert result.cause is Cause.AMOUNT
    assert result.causes[:2] == (Cause.AMOUNT, Cause.COMMUNICATION)
    assert "amount: 金额(2)" in keyword_summary(result.matched)


def test_ties_go_to_amount_before_timeliness() -> None:
    rules = KeywordRules((KeywordRule(Cause.TIMELINESS, "x1"), KeywordRule(Cause.AMOUNT, "x2")), "t")
    assert classify("x1 x2", rules).cause is Cause.AMOUNT


def test_rules_are_editable_data_with_weights() -> None:
    rules = KeywordRules.from_dict(
        {"version": "desk-7", "rules": [{"cause": "process", "keyword": "金额", "weight": "5"}]}
    )
    result = classify("金额太低", rules)
    assert result.cause is Cause.PROCESS and result.scores[Cause.PROCESS] == Decimal(5)
    assert result.rules_version == "desk-7"
    assert KeywordRules.from_dict(rules.to_dict()) == rules


@pytest.mark.parametrize(
    "bad",
    [
        {"rules": "x"},
        {"rules": [{"cause": "amount", "keyword": "a", "weight": 1.5}]},
        {"rules": [{"cause": "amount", "keyword": " ", "weight": "1"}]},
        {"rules": [{"cause": "amount", "keyword": "a", "weight": "0"}]},
        {"rules": [{"cause": "money", "keyword": "a", "weight": "1"}]},
    ],
)
def test_bad_rule_tables_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        KeywordRules.from_dict(bad)
