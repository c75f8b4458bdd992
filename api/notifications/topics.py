from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Topic(StrEnum):
    CLAIM_SUBMITTED = "claim.submitted"
    DOCUMENTS_MISSING = "claim.documents_missing"  # params: documents (the missing kinds)
    CLAIM_ASSESSED = "claim.assessed"  # the estimate is ready (approved): 定损已完成
    CLAIM_AWAITING_PAYMENT = "claim.awaiting_payment"
    PAYMENT_MADE = "claim.payment_made"  # params: amount (a decimal string, CNY)
    CLAIM_CLOSED = "claim.closed"
    CLAIM_ESCALATED = "claim.escalated"  # to the supervisors' desk (no customer recipient)
    COMPLAINT_RECEIVED = "complaint.received"
    COMPLAINT_ANSWERED = "complaint.answered"
    COMPLAINT_ESCALATED = "complaint.escalated"
    COMPLAINT_DELAYED = "complaint.delayed"  # params: reason (the desk's, neutral wording), new_time (local)
    ONE_TIME_CODE = "auth.one_time_code"  # params: code, minutes; always urgent
    REVISIT = "survey.revisit"  # params: stage (a one-item list: revisit_<stage>); a survey to answer
    JOB_SUCCEEDED = "job.succeeded"  # params: task (a one-item list: the job's kind); to who asked
    JOB_FAILED = "job.failed"  # params: task; after the last attempt


class Channel(StrEnum):
    """Where a user is told: a text message, an e-mail, the in-app inbox (the default)."""

    SMS = "sms"
    EMAIL = "email"
    IN_APP = "in_app"


# Sent through the outbox (the in-app inbox is written at once, in the caller's transaction).
PUSH_CHANNELS: tuple[Channel, ...] = (Channel.SMS, Channel.EMAIL)

# Never held by quiet hours, whatever the caller says.
ALWAYS_URGENT: frozenset[Topic] = frozenset({Topic.ONE_TIME_CODE})


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # leased to one dispatcher until lease_expires_at
    SENT = "sent"
    FAILED = "failed"  # gave up after max attempts


# The message of each topic on the operator's event feed (the log or webhook sender; DOMAIN.md §1:
# "定损已完成，请查收报告"). What a customer reads comes from api.notifications.templates.
MESSAGES: Mapping[Topic, str] = {
    Topic.CLAIM_SUBMITTED: "资料已提交，我们将尽快处理",
    Topic.DOCUMENTS_MISSING: "资料不全，请补充",
    Topic.CLAIM_ASSESSED: "定损已完成，请查收报告",
    Topic.CLAIM_AWAITING_PAYMENT: "赔款待支付，请留意到账",
    Topic.PAYMENT_MADE: "赔款已支付",
    Topic.CLAIM_CLOSED: "案件已结案",
    Topic.CLAIM_ESCALATED: "案件已超期，已升级处理",
    Topic.COMPLAINT_RECEIVED: "投诉已受理",
    Topic.COMPLAINT_ANSWERED: "投诉已答复",
    Topic.COMPLAINT_ESCALATED: "投诉已升级处理",
    Topic.COMPLAINT_DELAYED: "投诉处理将延后答复",
    Topic.ONE_TIME_CODE: "验证码已发送",
    Topic.REVISIT: "理赔回访问卷已发送",
    Topic.JOB_SUCCEEDED: "处理已完成",
    Topic.JOB_FAILED: "处理未能完成",
}

# What a customer may be told, as the notification preferences page names it (Chinese, English):
# the channels, language and quiet hours they choose there apply to every one of these.
CUSTOMER_TOPICS: Mapping[Topic, tuple[str, str]] = {
    Topic.CLAIM_SUBMITTED: ("报案受理", "Claim received"),
    Topic.DOCUMENTS_MISSING: ("资料补充提醒", "Documents missing"),
    Topic.CLAIM_ASSESSED: ("定损完成", "Estimate ready"),
    Topic.CLAIM_AWAITING_PAYMENT: ("赔款待支付", "Payment pending"),
    Topic.PAYMENT_MADE: ("赔款已支付", "Payment made"),
    Topic.CLAIM_CLOSED: ("案件结案", "Claim closed"),
    Topic.COMPLAINT_RECEIVED: ("投诉受理", "Complaint received"),
    Topic.COMPLAINT_ANSWERED: ("投诉答复", "Complaint answered"),
    Topic.COMPLAINT_ESCALATED: ("投诉升级处理", "Complaint escalated"),
    Topic.COMPLAINT_DELAYED: ("投诉处理延期告知", "Complaint answer delayed"),
    Topic.REVISIT: ("理赔回访问卷", "Revisit surveys"),
    Topic.JOB_SUCCEEDED: ("智能定损、单证识别完成", "AI assessment or document reading done"),
    Topic.JOB_FAILED: ("智能定损、单证识别未完成", "AI assessment or document reading not done"),
    Topic.ONE_TIME_CODE: ("验证码（不受免打扰时段限制）", "One-time codes (never held by quiet hours)"),
}
