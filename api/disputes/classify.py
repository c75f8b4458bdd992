"""Complaint classification from free text (Chinese and English): weighted keyword rules.

The rules are data (:class:`KeywordRules`), so a complaint desk can tune them without code;
the handler can always overrule the result for one complaint (recorded with a reason).

>>> classify("定损金额太低，4S店报价比你们高很多").cause
<Cause.AMOUNT: 'amount'>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final


class Cause(StrEnum):
    """DOMAIN.md §4's four causes of a complaint."""

    TIMELINESS = "timeliness"
    AMOUNT = "amount"
    COMMUNICATION = "communication"
    PROCESS = "process"

    @property
    def zh(self) -> str:
        return CAUSE_ZH[self]


CAUSE_ZH: Final = {
    Cause.TIMELINESS: "时效",
    Cause.AMOUNT: "金额",
    Cause.COMMUNICATION: "沟通",
    Cause.PROCESS: "流程",
}

# Ties go to the cause that most often carries money or a deadline.
_PRIORITY: Final = (Cause.AMOUNT, Cause.TIMELINESS, Cause.COMMUNICATION, Cause.PROCESS)


@dataclass(frozen=True, slots=True)
class KeywordRule:
    """One keyword and how strongly it points to ``cause``. Latin keywords match whole words,
    case-insensitively; Chinese keywords match as substrings."""

    cause: Cause
    keyword: str
    weight: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        if not self.keyword.strip():
            raise ValueError("keyword cannot be empty")
        object.__setattr__(self, "cause", Cause(self.cause))
        weight = Decimal(str(self.weight)) if isinstance(self.weight, int) else self.weight
        if not isinstance(weight, Decimal) or not weight.is_finite() or weight <= 0:
            raise ValueError(f"weight of {self.keyword!r} must be a positive Decimal")
        object.__setattr__(self, "weight", weight)

    def matches(self, text: str) -> bool:
        if self.keyword.isascii():
            pattern = r"(?<![a-z0-9])" + re.escape(self.keyword.lower()) + r"(?![a-z0-9])"
            return re.search(pattern, text.lower()) is not None
        return self.keyword in text


def _rules(cause: Cause, table: str) -> tuple[KeywordRule, ...]:
    """``"慢:1 太慢:2"`` → rules (keywords may contain spaces when written ``too low:2``)."""
    out = []
    for item in table.split(","):
        keyword, _, weight = item.strip().rpartition(":")
        out.append(KeywordRule(cause, keyword, Decimal(weight)))
    return tuple(out)


DEFAULT_KEYWORDS: Final[tuple[KeywordRule, ...]] = (
    *_rules(
        Cause.TIMELINESS,
        "太慢:2, 慢:1, 拖延:2, 拖了:2, 迟迟:2, 等了:1, 还没到账:2, 还没:1, 多久:1, 催:1, 超时:2, "
        "反复要求:2, 重复提交:2, 补材料:1, 补充资料:1, 系统故障:2, 系统问题:1, slow:2, delay:2, delayed:2, "
        "waiting:1, still not:1, how long:1, overdue:2, resubmit:1, system error:2",
    ),
    *_rules(
        Cause.AMOUNT,
        "金额:2, 太低:2, 偏低:2, 不够:1, 少赔:2, 定损:1, 报价:1, 差价:2, 4S:1, 赔款:1, 赔偿:1, 免赔:2, "
        "扣除:1, 残值:2, 工时费:1, 配件价:1, amount:2, too low:2, underpaid:2, quote:1, deductible:2, "
        "price:1, compensation:1, estimate:1",
    ),
    *_rules(
        Cause.COMMUNICATION,
        "态度:2, 不回复:2, 没人接:2, 没人理:2, 联系不上:2, 不理:2, 沟通:2, 敷衍:2, 电话:1, 客服:1, "
        "rude:2, no reply:2, no one answers:2, unreachable:2, communication:2, attitude:2, ignored:2",
    ),
    *_rules(
        Cause.PROCESS,
        "流程:2, 不透明:2, 不清楚:1, 进度:1, 看不到:1, 不知道:1, 手续:1, 复杂:1, 规定:1, 标准:1, "
        "process:2, opaque:2, transparency:2, unclear:1, status:1, procedure:2",
    ),
)


@dataclass(frozen=True, slots=True)
class KeywordRules:
    """A versioned keyword table. ``from_dict`` reads the editable JSON form."""

    rules: tuple[KeywordRule, ...] = DEFAULT_KEYWORDS
    version: str = "keywords-2026.1"

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> KeywordRules:
        """``{"version": "...", "rules": [{"cause": "amount", "keyword": "差价", "weight": "2"}]}``.

        >>> KeywordRules.from_dict({"version": "t", "rules": [
        ...     {"cause": "amount", "keyword": "差价", "weight": "3"}]}).rules[0].weight
        Decimal('3')
        """
        raw = data.get("rules")
        if not isinstance(raw, list):
            raise ValueError("rules must be a list")
        rules = []
        for item in raw:
            if not isinstance(item, Mapping) or isinstance(item.get("weight"), float):
                raise ValueError("each rule is an object; weight as a string or int")
            rules.append(KeywordRule(Cause(str(item["cause"])), str(item["keyword"]), Decimal(str(item["weight"]))))
        return cls(tuple(rules), str(data.get("version", "custom")))

    def to_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "rules": [{"cause": r.cause.value, "keyword": r.keyword, "weight": str(r.weight)} for r in self.rules],
        }


@dataclass(frozen=True, slots=True)
class Classification:
    """The leading cause (None when no keyword matched), every cause's score and the keywords
    that decided it — so a handler sees why."""

    cause: Cause | None
    scores: Mapping[Cause, Decimal]
    matched: tuple[KeywordRule, ...]
    rules_version: str

    @property
    def causes(self) -> tuple[Cause, ...]:
        """Every cause with a positive score, strongest first."""
        return tuple(c for c in _ranked(self.scores) if self.scores[c] > 0)


def _ranked(scores: Mapping[Cause, Decimal]) -> list[Cause]:
    return sorted(_PRIORITY, key=lambda c: (-scores[c], _PRIORITY.index(c)))


def classify(text: str, rules: KeywordRules | None = None, *, extra: Iterable[str] = ()) -> Classification:
    """Score ``text`` (plus ``extra`` fields such as the customer's demand) against the rules.
    Each keyword counts once, however often it appears."""
    rules = rules or KeywordRules()
    haystack = "\n".join([text, *extra])
    matched = tuple(r for r in rules.rules if r.matches(haystack))
    scores = {c: sum((r.weight for r in matched if r.cause is c), Decimal(0)) for c in Cause}
    best = _ranked(scores)[0]
    return Classification(best if scores[best] > 0 else None, scores, matched, rules.version)


def keyword_summary(matched: Sequence[KeywordRule]) -> str:
    """``amount: 金额(2), 太低(2)`` — the evidence of a classification in one line."""
    parts: list[str] = []
    for cause in _PRIORITY:
        words = [f"{r.keyword}({r.weight})" for r in matched if r.cause is cause]
        if words:
            parts.append(f"{cause.value}: {', '.join(words)}")
    return "; ".join(parts)
