from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Topic(StrEnum):
    CLAIM_SUBMITTED = "claim.submitted"
    CLAIM_ASSESSED = "claim.assessed"
    CLAIM_AWAITING_PAYMENT = "claim.awaiting_payment"
    CLAIM_CLOSED = "claim.closed"
    CLAIM_ESCALATED = "claim.escalated"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # leased to one dispatcher until lease_expires_at
    SENT = "sent"
    FAILED = "failed"  # gave up after max attempts


# The customer-facing message of each topic (DOMAIN.md §1: "定损已完成，请查收报告").
MESSAGES: Mapping[Topic, str] = {
    Topic.CLAIM_SUBMITTED: "资料已提交，我们将尽快处理",
    Topic.CLAIM_ASSESSED: "定损已完成，请查收报告",
    Topic.CLAIM_AWAITING_PAYMENT: "赔款待支付，请留意到账",
    Topic.CLAIM_CLOSED: "案件已结案",
    Topic.CLAIM_ESCALATED: "案件已超期，已升级处理",
}
