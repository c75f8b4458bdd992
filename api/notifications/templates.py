"""What a user reads, per topic, in Chinese and English: a subject and a body with ``{name}``
parameters. A list parameter (the missing documents) is joined in the language's way, and its
items — document kinds — are shown by their names, never as keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from api.notifications.topics import Topic


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


# topic: ((subject, body) in Chinese, (subject, body) in English)
TEMPLATES: Final[Mapping[Topic, tuple[tuple[str, str], tuple[str, str]]]] = {
    Topic.CLAIM_SUBMITTED: (
        ("报案已受理", "您的理赔报案已提交，我们将尽快处理。您可随时在“我的理赔”查看进度。"),
        ("Claim received", "Your claim has been submitted; we will handle it soon. Follow it under My claims."),
    ),
    Topic.DOCUMENTS_MISSING: (
        ("请补充资料", "您的理赔还缺少以下资料：{documents}。请尽快上传，以免影响处理时效。"),
        ("Documents missing", "Your claim still needs: {documents}. Please upload them so we can go on."),
    ),
    Topic.CLAIM_ASSESSED: (
        ("定损已完成", "定损已完成，请查收报告并确认定损结果。"),
        ("Estimate ready", "The damage assessment is done; please read the estimate and confirm it."),
    ),
    Topic.CLAIM_AWAITING_PAYMENT: (
        ("赔款待支付", "您已确认定损结果，赔款待支付，请留意到账。"),
        ("Payment pending", "You accepted the estimate; the payment is being prepared."),
    ),
    Topic.PAYMENT_MADE: (
        ("赔款已支付", "赔款 ¥{amount} 已支付，请留意到账。"),
        ("Payment made", "We have paid CNY {amount}; it should reach your account soon."),
    ),
    Topic.CLAIM_CLOSED: (
        ("案件已结案", "您的理赔案件已结案，感谢您的耐心。"),
        ("Claim closed", "Your claim is closed. Thank you for your patience."),
    ),
    Topic.CLAIM_ESCALATED: (
        ("案件已升级处理", "您的理赔案件已超出承诺时效，已升级由主管跟进。"),
        ("Claim escalated", "Your claim passed its published deadline and a supervisor now follows it."),
    ),
    Topic.COMPLAINT_RECEIVED: (
        ("投诉已受理", "我们已收到您的投诉，将在承诺时限内答复。"),
        ("Complaint received", "We have received your complaint and will answer within the published time."),
    ),
    Topic.COMPLAINT_ANSWERED: (
        ("投诉已答复", "您的投诉已有处理结果，请查看并告诉我们是否满意。"),
        ("Complaint answered", "Your complaint has an answer; please read it and tell us whether you are satisfied."),
    ),
    Topic.COMPLAINT_ESCALATED: (
        ("投诉已升级处理", "您的投诉已转交上一级处理，我们将在新的时限内答复。"),
        ("Complaint escalated", "Your complaint went to the next level; we will answer within the new deadline."),
    ),
    Topic.COMPLAINT_DELAYED: (
        ("投诉处理将延后答复", "关于您的投诉，处理结果需要延后告知。原因：{reason}。我们将于 {new_time} 前给您答复。"),
        (
            "The answer to your complaint will come later",
            "The answer to your complaint needs more time. Reason: {reason}. We will answer by {new_time}.",
        ),
    ),
    Topic.ONE_TIME_CODE: (
        ("验证码", "您的验证码是 {code}，{minutes} 分钟内有效。请勿告诉他人。"),
        ("Your code", "Your one-time code is {code}; it is valid for {minutes} minutes. Do not share it."),
    ),
    Topic.REVISIT: (
        (
            "理赔回访：{stage}",
            "感谢您的信任。请在“我的回访”中为流程便捷性、沟通效率、金额合理性和总体满意度打分（5分制），"
            "并告诉我们哪些环节可以改进。",
        ),
        (
            "How did we do? ({stage})",
            "Please rate convenience, communication, the fairness of the amount and overall (1 to 5) "
            "under My surveys, and tell us what we could do better.",
        ),
    ),
    Topic.JOB_SUCCEEDED: (
        ("{task}已完成", "您提交的{task}已完成，请查看结果。"),
        ("Done: {task}", "The {task} you asked for is done; please look at the result."),
    ),
    Topic.JOB_FAILED: (
        ("{task}未能完成", "您提交的{task}多次尝试后仍未完成，请稍后重新提交。"),
        ("Not done: {task}", "The {task} you asked for failed after every try; please ask again later."),
    ),
}

# Items of list parameters: document kinds (api.storage.schemas.DocumentKind and the OCR kinds).
ITEM_NAMES: Final[Mapping[str, tuple[str, str]]] = {
    "photos": ("车辆照片", "photos of the car"),
    "id_card": ("身份证", "ID card"),
    "id_card_front": ("身份证人像面", "ID card (photo side)"),
    "id_card_back": ("身份证国徽面", "ID card (emblem side)"),
    "driving_licence": ("驾驶证", "driving licence"),
    "vehicle_licence": ("行驶证", "vehicle licence"),
    "policy": ("保单", "policy"),
    "repair_quote": ("维修估价单", "repair quote"),
    "accident_report": ("事故认定书", "accident report"),
    "bank_card": ("银行卡", "bank card"),
    "medical_record": ("病历及医疗票据", "medical records and bills"),
    "other": ("其他资料", "other documents"),
    # Revisit stages (api.surveys.states.Stage), the stage of REVISIT.
    "revisit_submitted": ("报案后回访", "after your report"),
    "revisit_assessed": ("定损后回访", "after the assessment"),
    "revisit_paid": ("赔款到账后回访", "after the payment"),
    "revisit_closed": ("结案后回访", "after closing"),
    # Job kinds (api.jobs.states.JobKind), the task of JOB_SUCCEEDED / JOB_FAILED.
    "assessment": ("智能定损", "AI assessment"),
    "document_reading": ("单证识别", "document reading"),
}

_SEPARATOR: Final = {Lang.ZH: "、", Lang.EN: ", "}


def _text(value: str | Sequence[str], lang: Lang) -> str:
    if isinstance(value, str):
        return value
    index = 0 if lang is Lang.ZH else 1
    return _SEPARATOR[lang].join(ITEM_NAMES[item][index] if item in ITEM_NAMES else item for item in value)


def render(topic: Topic, lang: Lang, params: Mapping[str, str | Sequence[str]]) -> Rendered:
    """The topic's subject and body in ``lang``; a parameter the template needs and ``params``
    lacks raises ``KeyError``.

    >>> render(Topic.DOCUMENTS_MISSING, Lang.ZH, {"documents": ["id_card", "policy"]}).body
    '您的理赔还缺少以下资料：身份证、保单。请尽快上传，以免影响处理时效。'
    """
    zh, en = TEMPLATES[topic]
    subject, body = zh if lang is Lang.ZH else en
    values = {name: _text(value, lang) for name, value in params.items()}
    return Rendered(subject=subject.format_map(values), body=body.format_map(values))
