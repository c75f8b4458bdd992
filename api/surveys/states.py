"""The revisit stages and the survey's items, as data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from typing import Final


class Stage(StrEnum):
    """When a revisit is made; each is made once per claim."""

    SUBMITTED = "submitted"  # 案件提交后3天：确认资料是否齐全，安抚客户焦虑情绪
    ASSESSED = "assessed"  # 定损完成后5天：告知定损结果，解释金额构成
    PAID = "paid"  # 赔款到账后7天：邀请客户评价服务体验，收集改进建议
    CLOSED = "closed"  # a claim closed without a payment: within a week of closing


DELAYS: Final[Mapping[Stage, timedelta]] = {
    Stage.SUBMITTED: timedelta(days=3),
    Stage.ASSESSED: timedelta(days=5),
    Stage.PAID: timedelta(days=7),
    Stage.CLOSED: timedelta(days=7),
}

STAGE_ZH: Final[Mapping[Stage, str]] = {
    Stage.SUBMITTED: "报案后回访",
    Stage.ASSESSED: "定损后回访",
    Stage.PAID: "赔款到账后回访",
    Stage.CLOSED: "结案后回访",
}

# A revisit found more than this long after it fell due (e.g. claims from before revisits existed)
# is skipped, not sent: a survey about a claim weeks old helps no one.
STALE_AFTER: Final = timedelta(days=14)

# The five-point items (the seed: 流程便捷性、沟通效率、金额合理性, and overall).
SCORE_ITEMS: Final = ("convenience", "communication", "amount_fairness", "overall")
SCORE_ZH: Final[Mapping[str, str]] = {
    "convenience": "流程便捷性",
    "communication": "沟通效率",
    "amount_fairness": "金额合理性",
    "overall": "总体满意度",
}
# The seed's two open questions.
QUESTION_IMPROVE: Final = "您认为哪些环节可以改进？"
QUESTION_RETURN: Final = "下次出险会继续选择我们吗？"

# A score at or below this opens a priority follow-up (差评: 重点回访).
LOW_SCORE: Final = 2


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"  # closed: the customer was contacted (or could not be), the outcome recorded


class FollowUpOutcome(StrEnum):
    """How the priority follow-up of a low score ended."""

    RESOLVED = "resolved"  # the customer's concern was dealt with
    EXPLAINED = "explained"  # explained (the amount, the process); nothing further to do
    COMPLAINT_FILED = "complaint_filed"  # taken up as a complaint on the desk
    DECLINED = "declined"  # reached; the customer did not want to talk it over
    NOT_REACHED = "not_reached"  # the customer could not be reached


# Said nothing of the customer's mood: there was no conversation.
SILENT_OUTCOMES: Final = frozenset({FollowUpOutcome.NOT_REACHED})
