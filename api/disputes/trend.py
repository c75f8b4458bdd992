"""The weekly review by finer cause, week on week (issue 14 item 6): each complaint's cause split
into the seed's finer causes (理赔时效: long review, repeated requests for material, system or
coordination faults; 金额: below expectation, deductible not explained, inaccurate assessment;
沟通: unclear explanation, slow feedback, attitude; 流程: unfamiliar process, unclear
requirements, result not told), counted for a week and the week before. Pure; keyword tables.

>>> finer_cause("免赔额也没解释，定损才赔4340", "", Cause.AMOUNT)
'amount.deductible_unexplained'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from api.disputes.classify import Cause

UNCLASSIFIED = "unclassified"
FINER: Final[dict[Cause, dict[str, tuple[str, ...]]]] = {
    Cause.TIMELINESS: {
        "long_review": ("审核", "等待", "等了", "太慢", "拖", "很久", "多久", "慢"),
        "repeated_requests": ("反复", "多次要求", "补充材料", "又要", "再交", "重复提交"),
        "system_fault": ("系统", "故障", "协调", "内部"),
    },
    Cause.AMOUNT: {
        "deductible_unexplained": ("免赔",),
        "inaccurate_assessment": ("不准确", "漏", "没算", "评估错", "定损错", "少算"),
        "below_expectation": ("太低", "偏低", "不够", "差距", "4S", "报价", "赔少"),
    },
    Cause.COMMUNICATION: {
        "bad_attitude": ("态度", "不耐烦", "敷衍", "推诿", "凶"),
        "slow_feedback": ("没人回", "不回复", "没回复", "催", "没回音", "联系不上", "打不通"),
        "unclear_explanation": ("解释不清", "听不懂", "不清楚", "没说明", "说不清"),
    },
    Cause.PROCESS: {
        "result_not_told": ("没通知", "没告知", "不知道结果", "进度", "没人告诉"),
        "unclear_requirements": ("材料要求", "不明确", "要哪些", "要什么材料"),
        "unfamiliar_process": ("流程", "不知道怎么", "不会", "不懂怎么"),
    },
}


def finer_cause(text: str, demand: str, cause: Cause | None) -> str:
    """``cause.finer`` with the most keyword hits in the complaint's text (ties: the order
    above), ``cause.other`` when none matches, ``unclassified`` without a cause."""
    if cause is None:
        return UNCLASSIFIED
    words = f"{text} {demand}"
    hits = [(sum(words.count(k) for k in keys), -i, name) for i, (name, keys) in enumerate(FINER[cause].items())]
    best = max(hits)
    return f"{cause.value}.{best[2]}" if best[0] else f"{cause.value}.other"


@dataclass(frozen=True, slots=True)
class Filed:
    received_at: datetime
    cause: Cause | None
    finer: str


def _counts(rows: Iterable[Filed], start: datetime, end: datetime) -> tuple[Counter[str], Counter[str]]:
    causes: Counter[str] = Counter()
    finer: Counter[str] = Counter()
    for row in rows:
        if start <= row.received_at < end:
            causes[row.cause.value if row.cause else UNCLASSIFIED] += 1
            finer[row.finer] += 1
    return causes, finer


def _rows(this: Counter[str], before: Counter[str], keys: Iterable[str]) -> list[dict[str, Any]]:
    return [
        {"key": k, "this_week": this[k], "previous_week": before[k], "change": this[k] - before[k]}
        for k in keys
        if this[k] or before[k]
    ]


Span = tuple[datetime, datetime]


def week_on_week(rows: Iterable[Filed], *, week: str, previous: str, bounds: Span, before: Span) -> dict[str, Any]:
    """Complaints by cause and by finer cause in ``week`` and ``previous``, with the change."""
    rows = list(rows)
    this_c, this_f = _counts(rows, *bounds)
    prev_c, prev_f = _counts(rows, *before)
    all_finer = [f"{c.value}.{n}" for c in Cause for n in (*FINER[c], "other")] + [UNCLASSIFIED]
    return {
        "week": week,
        "previous_week": previous,
        "complaints": {"this_week": sum(this_c.values()), "previous_week": sum(prev_c.values())},
        "by_cause": _rows(this_c, prev_c, [*(c.value for c in Cause), UNCLASSIFIED]),
        "by_finer_cause": sorted(_rows(this_f, prev_f, all_finer), key=lambda r: (-r["this_week"], r["key"])),
    }
