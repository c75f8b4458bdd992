"""Page text of the staff's customer profile, risk flag and service tags (merged into ``api.web.i18n``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

CUSTOMER_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "customer.title": ("客户画像", "Customer profile"),
    "customer.link": ("客户画像", "Customer profile"),
    "customer.email": ("联系邮箱（已脱敏）", "E-mail (masked)"),
    "customer.risk": ("风险等级", "Risk"),
    "customer.high_risk": ("高风险客户", "High-risk customer"),
    "customer.normal_risk": ("未标记高风险", "Not flagged"),
    "customer.not_computed": ("尚未评估", "Not assessed yet"),
    "customer.computed_at": ("评估时间", "Assessed at"),
    "customer.flagged_at": ("标记时间", "Flagged since"),
    "customer.risk_rules": (
        "规则：90天内投诉2次及以上；索赔/争议金额达到定损金额的1.5倍且高出1,000元（近一年）；近一年案件有欺诈信号。",
        "Rules: 2 or more complaints in 90 days; a claimed or disputed amount at least 1.5× the estimate and "
        "¥1,000 above it (last year); a fraud signal on a claim of the last year.",
    ),
    "customer.reason.repeated_complaints": ("{days}天内投诉{count}次", "{count} complaints in {days} days"),
    "customer.reason.amount_above_market": (
        "索赔金额{claimed}远高于定损金额{estimate}",
        "Claimed {claimed}, far above the estimate {estimate}",
    ),
    "customer.reason.fraud_signals": ("欺诈信号：{signals}", "Fraud signals: {signals}"),
    "customer.tags": ("服务标签", "Service tags"),
    "customer.rule_tags": ("规则标签", "Rule tags"),
    "customer.manual_tags": ("人工标签", "Manual tags"),
    "customer.removed_tags": ("已移除的标签", "Removed tags"),
    "customer.tag.repeated_complaints": ("多次投诉", "Repeated complaints"),
    "customer.tag.high_dispute": ("高额争议", "Large dispute"),
    "customer.tag.first_claim": ("首次出险", "First claim"),
    "customer.tag.low_satisfaction": ("满意度低", "Low satisfaction"),
    "customer.tag.label": ("新标签（最多20字）", "New tag (up to 20 characters)"),
    "customer.tag.add": ("添加标签", "Add tag"),
    "customer.tag.remove": ("移除", "Remove"),
    "customer.tag.added": ("添加", "Added"),
    "customer.tag.removed": ("移除", "Removed"),
    "customer.policies": ("保单（已确认的证件识别）", "Policies (confirmed OCR readings)"),
    "customer.policy_kind.policy_commercial": ("商业险保单", "Commercial policy"),
    "customer.policy_kind.policy_compulsory": ("交强险保单", "Compulsory policy"),
    "customer.claims": ("理赔案件", "Claims"),
    "customer.claimed": ("客户金额", "Customer's figure"),
    "customer.estimate": ("定损金额", "Estimate"),
    "customer.complaints": ("投诉记录", "Complaints"),
    "customer.surveys": ("回访评分", "Survey scores"),
    "customer.fraud": ("欺诈信号", "Fraud signals"),
    "customer.severe": ("严重", "Severe"),
    "customer.unanswered": ("未作答", "Not answered"),
    "customer.claim": ("案件", "Claim"),
    "customer.reported_at": ("报案时间", "Reported"),
    "customer.received_at": ("受理时间", "Received"),
    "customer.status": ("状态", "Status"),
    "customer.cause": ("原因", "Cause"),
    "customer.level": ("层级", "Level"),
    "customer.tier": ("案件类型", "Tier"),
    "customer.when": ("时间", "When"),
    "customer.by": ("操作人", "By"),
    "customer.none": ("暂无", "None"),
}
