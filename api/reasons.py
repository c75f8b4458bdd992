"""Texts the system writes into a trail (an audit event, a complaint event, a recommendation),
stored as a code with parameters and rendered when read: in Chinese on the staff pages, in
English in the API's ``reason`` (the wording the API has always given). A stored row never holds
the system's prose; what a person typed is stored as typed, with no code.

>>> r = Reason(TextCode.CLAIM_REPORTED, {"tier": "simple"})
>>> r.text("en"), r.text("zh", label={"simple": "简易案件"}.get)
('reported; tier simple', '报案，案件类型：简易案件')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, Self

from pydantic import BaseModel, Field, model_validator


class TextCode(StrEnum):
    # the claim's audit trail
    CLAIM_REPORTED = "claim_reported"
    PHOTO = "photo"
    DOCUMENT = "document"
    ASSESSMENT_STARTED = "assessment_started"
    ASSESSMENT_FINDINGS = "assessment_findings"
    ASSESSMENT_FAILED = "assessment_failed"
    ASSESSMENT_INTERRUPTED = "assessment_interrupted"
    ASSESSMENT_STOPPED = "assessment_stopped"
    ESTIMATE_APPROVED = "estimate_approved"
    ESTIMATE_APPROVED_BY_RULES = "estimate_approved_by_rules"
    ESTIMATE_SIGNED = "estimate_signed"
    PAID = "paid"
    DOCUMENTS_MISSING = "documents_missing"
    FRAUD_SIGNALS = "fraud_signals"
    QUEUE_RELEASED = "queue_released"
    ASSESSMENT_DEADLINE_MISSED = "assessment_deadline_missed"
    PAYMENT_DEADLINE_MISSED = "payment_deadline_missed"
    DEADLINES_MISSED = "deadlines_missed"
    COMPLAINT_FILED = "complaint_filed"
    COMPLAINT_DECIDED = "complaint_decided"
    COMPLAINT_DECIDED_REASSESSMENT = "complaint_decided_reassessment"
    PAYMENT_DEADLINE_MOVED = "payment_deadline_moved"
    # the complaint's timeline
    COMPLAINT_RECEIVED = "complaint_received"
    COMPLAINT_ROUTED = "complaint_routed"
    ANALYSED_GAP = "analysed_gap"
    SEVERE_SUPERVISOR = "severe_supervisor"
    LEVEL_ENTERED = "level_entered"
    MEDIATION_OFFERED = "mediation_offered"
    ABOVE_AUTHORITY = "above_authority"
    CUSTOMER_NOT_SATISFIED = "customer_not_satisfied"
    CONTACT_LEFT_UPSET = "contact_left_upset"
    CUSTOMER_CALMED = "customer_calmed"
    FOLLOW_UP_CLOSED_UNCONFIRMED = "follow_up_closed_unconfirmed"
    FOLLOW_UP_UNANSWERED = "follow_up_unanswered"
    FOLLOW_UP_ANSWERED = "follow_up_answered"
    STEP_OVERDUE = "step_overdue"
    FOLLOW_UP_DUE = "follow_up_due"
    # the recommendation (api.disputes.recommend)
    PRIOR_UNRESOLVED = "prior_unresolved"
    SERVICE_KEYWORDS = "service_keywords"
    AMOUNT_DISPUTE = "amount_dispute"
    NO_REPEATED_ESCALATION = "no_repeated_escalation"
    SPEED_UP_OR_VOUCHER = "speed_up_or_voucher"
    NEGOTIABLE_PART = "negotiable_part"
    GAP_LARGE = "gap_large"
    SAME_MATERIAL_ELSEWHERE = "same_material_elsewhere"
    NO_FIGURE_YET = "no_figure_yet"


# code: (中文, English). English is the wording these texts had when they were stored as prose.
TEMPLATES: Final[Mapping[TextCode, tuple[str, str]]] = {
    TextCode.CLAIM_REPORTED: ("报案，案件类型：{tier}", "reported; tier {tier}"),
    TextCode.PHOTO: ("照片 {photo_id}", "photo {photo_id}"),
    TextCode.DOCUMENT: ("{kind} {document_id}", "{kind} {document_id}"),
    TextCode.ASSESSMENT_STARTED: ("自动定损", "automatic assessment"),
    TextCode.ASSESSMENT_FINDINGS: (
        "模型 {model} {version} 在 {photos} 张照片上识别出 {findings} 处损伤",
        "{findings} findings on {photos} photos by {model} {version}",
    ),
    TextCode.ASSESSMENT_FAILED: ("自动定损失败，请重新定损", "assessment failed: {error}"),
    TextCode.ASSESSMENT_INTERRUPTED: ("定损中断，请重新定损", "assessment interrupted; assess again"),
    TextCode.ASSESSMENT_STOPPED: (
        "定损中断（模型运行时服务停止），请重新定损",
        "assessment interrupted (the service stopped while the models ran); assess again",
    ),
    TextCode.ESTIMATE_APPROVED: (
        "定损单第 {version} 版审核通过：维修净额 {net}，应付 {payable}",
        "estimate v{version} approved: net {net}, payable {payable}",
    ),
    TextCode.ESTIMATE_APPROVED_BY_RULES: (
        "定损单第 {version} 版由自动审核规则审核通过（通过：{rules}）：维修净额 {net}，应付 {payable}",
        "estimate v{version} approved by rule set {rule_set} ({rules} passed): net {net}, payable {payable}",
    ),
    TextCode.ESTIMATE_SIGNED: (
        "客户签署定损单第 {version} 版（SHA256 {sha256}）",
        "estimate v{version} signed (sha256 {sha256})",
    ),
    TextCode.PAID: ("已支付 {amount} {currency}", "paid {amount} {currency}"),
    TextCode.DOCUMENTS_MISSING: ("{documents}", "{documents}"),
    TextCode.FRAUD_SIGNALS: ("{signals}", "{signals}"),
    TextCode.QUEUE_RELEASED: ("退回队列", "released"),
    TextCode.ASSESSMENT_DEADLINE_MISSED: (
        "定损时限 {assessment_due_at} 已超时",
        "assessment deadline {assessment_due_at} missed",
    ),
    TextCode.PAYMENT_DEADLINE_MISSED: ("赔付时限 {payment_due_at} 已超时", "payment deadline {payment_due_at} missed"),
    TextCode.DEADLINES_MISSED: (
        "定损时限 {assessment_due_at} 已超时；赔付时限 {payment_due_at} 已超时",
        "assessment deadline {assessment_due_at} missed; payment deadline {payment_due_at} missed",
    ),
    TextCode.COMPLAINT_FILED: ("客户投诉 {complaint_id}", "complaint {complaint_id}"),
    TextCode.COMPLAINT_DECIDED: (
        "投诉 {complaint_id} 已处理（{verdict}）",
        "complaint {complaint_id} decided ({verdict})",
    ),
    TextCode.COMPLAINT_DECIDED_REASSESSMENT: (
        "投诉 {complaint_id} 已处理（{verdict}）；已安排重新定损",
        "complaint {complaint_id} decided ({verdict}); re-assessment ordered",
    ),
    TextCode.PAYMENT_DEADLINE_MOVED: (
        "赔付时限 {before} → {after}（投诉 {complaint_id} 已处理：{verdict}）",
        "payment deadline {before} → {after} (complaint {complaint_id} decided ({verdict}))",
    ),
    TextCode.COMPLAINT_RECEIVED: ("渠道：{channel}；分类：{cause}", "via {channel}; classified {cause}"),
    TextCode.COMPLAINT_ROUTED: ("收到投诉，自动分派", "complaint received"),
    TextCode.ANALYSED_GAP: (
        "与定损单第 {version} 版相差 {gap} {currency}",
        "gap {gap} {currency} against estimate version {version}",
    ),
    TextCode.SEVERE_SUPERVISOR: ("严重投诉：由主管介入", "severe: a supervisor steps in"),
    TextCode.LEVEL_ENTERED: ("进入{level}", "entered {level}"),
    TextCode.MEDIATION_OFFERED: (
        "已告知客户第三方调解渠道：{body}：{contact}",
        "mediation offered: {body}: {contact}",
    ),
    TextCode.ABOVE_AUTHORITY: (
        "补偿 {amount} 超出{role}权限（{limit}），需主管审批",
        "{amount} is above the {role} authority of {limit}",
    ),
    TextCode.CUSTOMER_NOT_SATISFIED: ("客户不满意：{comment}", "customer not satisfied: {comment}"),
    TextCode.CONTACT_LEFT_UPSET: ("{purpose}联系后客户情绪激动", "{purpose} contact left the customer upset"),
    TextCode.CUSTOMER_CALMED: ("已记录安抚联系：客户情绪已平复", "calming contact logged: the customer is calm"),
    TextCode.FOLLOW_UP_CLOSED_UNCONFIRMED: (
        "回访 {attempt} 次仍未获客户确认，结案",
        "closed unconfirmed after {attempt} follow-up(s)",
    ),
    TextCode.FOLLOW_UP_UNANSWERED: (
        "第 {attempt} 次回访：{outcome}；待再次回访",
        "follow-up {attempt}: {outcome}; next follow-up due",
    ),
    TextCode.FOLLOW_UP_ANSWERED: (
        "第 {attempt} 次回访：客户已答复（{outcome}）",
        "follow-up {attempt}: the customer answered ({outcome})",
    ),
    TextCode.STEP_OVERDUE: ("{level}阶段超时（期限 {since}）", "{level} step overdue since {since}"),
    TextCode.FOLLOW_UP_DUE: ("客户未确认处理结果：需回访", "feedback not confirmed by the customer: follow up"),
    TextCode.PRIOR_UNRESOLVED: (
        "本案已有 {count} 件投诉尚未解决",
        "{count} earlier complaint(s) on this claim still unresolved",
    ),
    TextCode.SERVICE_KEYWORDS: (
        "服务类投诉（关键词得分 {score}）",
        "service complaint with a keyword score of {score}",
    ),
    TextCode.AMOUNT_DISPUTE: ("金额争议", "amount dispute"),
    TextCode.NO_REPEATED_ESCALATION: (
        "{cause}类投诉，无重复升级",
        "{cause} complaint, no repeated escalation",
    ),
    TextCode.SPEED_UP_OR_VOUCHER: (
        "加快赔付 {days} 天或发放不超过 {voucher} 的代金券",
        "speed up payment by {days} day(s) or a voucher of {voucher}",
    ),
    TextCode.NEGOTIABLE_PART: ("差额中可协商部分：{amount}", "negotiable part of the gap: {amount}"),
    TextCode.GAP_LARGE: (
        "差额 {gap} 较大，建议第三方定损复核",
        "gap of {gap} is large enough for an independent re-assessment",
    ),
    TextCode.SAME_MATERIAL_ELSEWHERE: ("相同材料曾在其他案件提交", "the same material was submitted on another claim"),
    TextCode.NO_FIGURE_YET: (
        "尚未比对金额：请客户提供诉求金额或维修报价",
        "no figure analysed yet: ask for the customer's figure or repair quote",
    ),
}

# Parameters whose value is a code the pages name (a tier, a level, a channel …): the key prefix
# of its label in the page dictionary. Lists of such codes are joined with 、 in Chinese.
LABELLED: Final[Mapping[str, str]] = {
    "tier": "",
    "kind": "",
    "level": "",
    "cause": "",
    "verdict": "",
    "role": "",
    "documents": "",
    "rules": "rule.",
    "signals": "",
    "channel": "contact_channel.",
    "purpose": "contact_purpose.",
    "outcome": "contact_outcome.",
}
# Parameters holding an ISO 8601 time, shown in the page's zone.
TIMES: Final = frozenset({"since", "before", "after", "assessment_due_at", "payment_due_at"})
UNCLASSIFIED: Final = "unclassified"

Label = Callable[[str], str | None]
When = Callable[[datetime], str]


@dataclass(frozen=True)
class Reason:
    """A system text: its code and the parameters it is rendered with (JSON values only)."""

    code: TextCode
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en", *, label: Label | None = None, when: When | None = None) -> str:
        return render(self.code, self.params, lang=lang, label=label, when=when)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code.value, "params": dict(self.params)}


def render(
    code: str,
    params: Mapping[str, Any] | None,
    *,
    lang: str = "en",
    label: Label | None = None,
    when: When | None = None,
) -> str:
    """The text of ``code`` with ``params``: English as the API gives it, Chinese with each
    coded parameter named by ``label`` (a lookup returning None when it has no name) and each
    time shown by ``when``. An unknown code (a newer release's) is shown as itself."""
    try:
        pair = TEMPLATES[TextCode(code)]
    except ValueError:
        return code
    zh = lang == "zh"
    values = {k: _value(k, v, zh=zh, label=label, when=when) for k, v in (params or {}).items()}
    try:
        return (pair[0] if zh else pair[1]).format_map(_Missing(values))
    except (ValueError, IndexError):  # a malformed row: the code is still readable
        return code


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def _value(key: str, value: Any, *, zh: bool, label: Label | None, when: When | None) -> str:
    if isinstance(value, list):
        parts = [_value(key, v, zh=zh, label=label, when=when) for v in value]
        return ("、" if zh else ", ").join(parts)
    if value is None:  # a complaint no rule classified
        value = (UNCLASSIFIED if zh else "none") if key == "cause" else "—"
    text = str(value)
    if not zh:
        return text
    if key in TIMES and when is not None:
        try:
            return when(datetime.fromisoformat(text))
        except ValueError:
            return text
    if key in LABELLED and label is not None:
        return label(LABELLED[key] + text) or text
    return text


def reason_fields(reason: str | Reason) -> dict[str, Any]:
    """The stored columns of a trail row's reason: a person's text as typed (no code), or a
    system text as its code and parameters (no prose)."""
    if isinstance(reason, Reason):
        return {"reason": "", "reason_code": reason.code.value, "reason_params": dict(reason.params)}
    return {"reason": reason, "reason_code": None, "reason_params": {}}


def stored_text(reason: str, code: str | None, params: Mapping[str, Any] | None, lang: str = "en") -> str:
    """A stored row's reason as the API gives it: the person's text, or the code rendered."""
    return render(code, params, lang=lang) if code else reason


class ReasonFields(BaseModel):
    """A trail row's reason in the API: ``reason`` as text (the person's words, or the system
    text rendered in English, as the API has always given it) beside its ``reason_code`` and
    ``reason_params`` (null and empty for a person's words)."""

    reason: str
    reason_code: str | None = Field(default=None, description="The system text's code (api.reasons.TextCode)")
    reason_params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _render(self) -> Self:
        if self.reason_code:
            self.reason = render(self.reason_code, self.reason_params)
        return self


class ReasonRead(BaseModel):
    """A coded reason in a list (a recommendation's): its code, parameters and English text."""

    code: str
    params: dict[str, Any] = Field(default_factory=dict)
    text: str = ""

    @model_validator(mode="after")
    def _render(self) -> Self:
        self.text = render(self.code, self.params)
        return self


def reason_items(stored: list[Any]) -> list[dict[str, Any]]:
    """A stored list of reasons as ``{code, params}`` items (a row from before the codes, still
    prose after the migration, is kept as its text under an unknown code)."""
    return [r if isinstance(r, dict) else {"code": str(r), "params": {}} for r in stored]
