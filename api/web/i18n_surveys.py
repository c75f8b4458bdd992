"""Page text of the customer's revisit surveys (merged into ``api.web.i18n``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

SURVEY_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "nav.surveys": ("我的回访", "My surveys"),
    "survey.title": ("我的回访", "My surveys"),
    "survey.intro": (
        "请为本次理赔服务打分：1分为非常不满意，5分为非常满意。",
        "Rate our service: 1 is very dissatisfied, 5 very satisfied.",
    ),
    "survey.stage.submitted": ("报案后回访", "After your report"),
    "survey.stage.assessed": ("定损后回访", "After the assessment"),
    "survey.stage.paid": ("赔款到账后回访", "After the payment"),
    "survey.stage.closed": ("结案后回访", "After closing"),
    "survey.item.convenience": ("流程便捷性", "Convenience"),
    "survey.item.communication": ("沟通效率", "Communication"),
    "survey.item.amount_fairness": ("金额合理性", "Fairness of the amount"),
    "survey.item.overall": ("总体满意度", "Overall"),
    "survey.improve": ("您认为哪些环节可以改进？", "What could we do better?"),
    "survey.would_return": ("下次出险会继续选择我们吗？", "Would you choose us again next time?"),
    "survey.return.": ("暂不回答", "No answer"),
    "survey.return.yes": ("会", "Yes"),
    "survey.return.no": ("不会", "No"),
    "survey.return.unsure": ("不确定", "Not sure"),
    "survey.submit": ("提交评价", "Send"),
    "survey.thanks": ("感谢您的评价！", "Thank you for your answers!"),
    "survey.answered": ("已评价", "Answered"),
    "survey.missing": ("请为每一项选择1到5分。", "Choose 1 to 5 for every item."),
    "survey.empty": ("暂无回访问卷。", "No surveys yet."),
    "survey.lowest": ("最低分", "lowest score"),
    "supervisor.survey_follow_ups": ("低分回访待重点跟进", "Low survey scores to follow up"),
    "supervisor.all_follow_ups": ("处理回访跟进", "Work the follow-ups"),
    # The desk's page of priority follow-ups (a score of 2 or less) and their closing record.
    "nav.follow_ups": ("回访跟进", "Follow-ups"),
    "follow_ups.title": ("低分回访重点跟进", "Low survey scores to follow up"),
    "follow_ups.intro": (
        "回访评分2分及以下的客户需重点跟进：联系客户、了解原因并记录结果。",
        "Customers who scored 2 or less are followed up: contact them, hear why and record the outcome.",
    ),
    "follow_ups.claim": ("查看案件", "Open the claim"),
    "follow_ups.contacted_by": ("联系人", "Contacted by"),
    "follow_ups.close": ("记录结果并关闭", "Record and close"),
    "follow_ups.history": ("已关闭的跟进", "Closed follow-ups"),
    "follow_ups.closed_at": ("关闭时间", "Closed"),
    "follow_ups.closed_by": ("关闭人", "Closed by"),
    "follow_up_outcome.resolved": ("问题已解决", "Resolved"),
    "follow_up_outcome.explained": ("已解释说明", "Explained"),
    "follow_up_outcome.complaint_filed": ("已转投诉处理", "Taken up as a complaint"),
    "follow_up_outcome.declined": ("客户不愿沟通", "Customer declined to talk"),
    "follow_up_outcome.not_reached": ("未联系上客户", "Customer not reached"),
    "audit.survey_follow_up_closed": ("低分回访跟进已关闭", "Survey follow-up closed"),
    # Satisfaction in the weekly complaint report (the surveys sent in the week).
    "weekly.satisfaction": ("回访满意度", "Survey satisfaction"),
    "weekly.mean_overall": ("总体满意度均分（5分制）", "mean overall score (of 5)"),
    "weekly.response_rate": ("回复率", "response rate"),
    "weekly.surveys_answered": ("已作答/已发送", "answered/sent"),
    "weekly.finer_causes": ("细分原因与环比趋势、改进措施", "Finer causes, week-on-week trend and improvement actions"),
}
