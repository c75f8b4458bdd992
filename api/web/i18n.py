"""Page text in Chinese (the default) and English: one dictionary, looked up by key.

A key missing from the dictionary is shown as itself, so a forgotten entry is visible on the
page rather than an error. Enum values (states, tiers, damage classes) are keys too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Final


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


DEFAULT_LANG: Final = Lang.ZH

# key: (中文, English)
MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "app.name": ("ClaimSight 智能定损", "ClaimSight damage assessment"),
    "lang.switch": ("English", "中文"),
    "nav.home": ("首页", "Home"),
    "nav.claims": ("我的理赔", "My claims"),
    "nav.queue": ("定损队列", "Assessment queue"),
    "nav.complaints": ("投诉队列", "Complaints"),
    "nav.supervisor": ("主管工作台", "Supervisor desk"),
    "nav.weekly": ("周报", "Weekly report"),
    "nav.logout": ("退出", "Sign out"),
    "login.title": ("登录", "Sign in"),
    "login.email": ("邮箱", "E-mail"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Sign in"),
    "login.failed": ("邮箱或密码不正确。", "The e-mail or password is not correct."),
    "error.title": ("出错了", "Something went wrong"),
    "error.not_found": ("页面不存在，或您无权查看。", "This page does not exist, or you may not see it."),
    "error.forbidden": ("您的角色无权执行此操作。", "Your role may not do this."),
    "error.csrf": ("表单已过期，请返回重新提交。", "The form has expired; go back and submit it again."),
    "error.invalid": ("提交的内容有误，请检查后重试。", "Something in the form is not valid; check it and try again."),
    "error.back": ("返回", "Go back"),
    "claims.title": ("我的理赔", "My claims"),
    "claims.none": ("暂无理赔案件。", "No claims yet."),
    "claims.new": ("报案", "Report a claim"),
    "claim.title": ("理赔案件", "Claim"),
    "claim.policy_number": ("保单号", "Policy number"),
    "claim.policy_start": ("保单生效日", "Policy start"),
    "claim.accident_at": ("出险时间", "Accident time"),
    "claim.description": ("事故经过", "What happened"),
    "claim.vehicles_involved": ("涉及车辆数", "Vehicles involved"),
    "claim.injuries": ("有人员受伤", "Someone was injured"),
    "claim.estimated_amount": ("预估损失（元）", "Estimated loss (CNY)"),
    "claim.submit": ("提交报案", "Submit the claim"),
    "claim.reported_at": ("报案时间", "Reported"),
    "claim.tier": ("案件类型", "Case tier"),
    "claim.status": ("进度", "Status"),
    "claim.state": ("内部状态", "Internal state"),
    "claim.due": ("定损时限", "Assessment due"),
    "claim.overdue": ("已超时", "Overdue"),
    "timeline.title": ("进度查询", "Progress"),
    "timeline.reached": ("完成于", "Reached"),
    "timeline.due": ("承诺时限", "Published deadline"),
    "photos.title": ("现场照片", "Photos"),
    "photos.upload": ("上传照片", "Upload a photo"),
    "photos.none": (
        "还没有照片。请拍摄受损部位的近景和整车照片。",
        "No photos yet. Take a close-up of the damage and one of the whole car.",
    ),
    "photos.quality_ok": ("照片清晰可用。", "The photo is clear enough to assess."),
    "photos.quality_bad": ("建议重拍：", "Please retake it:"),
    "documents.title": ("证件与单据", "Documents"),
    "documents.upload": ("上传单据", "Upload a document"),
    "documents.kind": ("单据类型", "Kind"),
    "documents.none": ("还没有单据。", "No documents yet."),
    "findings.title": ("识别结果", "Findings"),
    "findings.none": ("尚未定损。", "Not assessed yet."),
    "findings.model": ("模型", "Model"),
    "findings.confidence": ("置信度", "Confidence"),
    "findings.part": ("部位", "Part"),
    "findings.damage": ("损伤", "Damage"),
    "estimate.title": ("定损单", "Estimate"),
    "estimate.pending": ("定损单尚未生成。", "The estimate is not ready yet."),
    "estimate.draft": ("草稿", "Draft"),
    "estimate.approved": ("已审核", "Approved"),
    "estimate.superseded": ("已被新版本取代", "Superseded"),
    "estimate.item": ("项目", "Item"),
    "estimate.quantity": ("数量", "Qty"),
    "estimate.amount": ("金额", "Amount"),
    "estimate.basis": ("依据", "Basis"),
    "estimate.manual": ("待人工定价", "Needs manual pricing"),
    "estimate.edit": ("修改此项", "Edit this line"),
    "estimate.new_amount": ("新金额（元）", "New amount (CNY)"),
    "estimate.remove": ("删除此项", "Remove this line"),
    "estimate.reason": ("修改原因", "Reason code"),
    "estimate.note": ("备注", "Note"),
    "estimate.save_edit": ("保存修改（生成新版本）", "Save (makes a new version)"),
    "estimate.net": ("维修费用（扣残值后）", "Repair cost (net of salvage)"),
    "estimate.fault_deductible": ("按责免赔", "Fault deductible"),
    "estimate.absolute_deductible": ("绝对免赔额", "Absolute deductible"),
    "estimate.payable": ("应付金额", "Payable"),
    "estimate.changes": ("本版修改", "Changes"),
    "estimate.report": ("查看/打印定损单（含标注照片）", "Open the printable estimate (annotated photos)"),
    "estimate.approve": ("审核通过定损单", "Approve the estimate"),
    "estimate.vehicle_class": ("车辆级别", "Vehicle class"),
    "estimate.price": ("生成定损单", "Price the assessment"),
    "manual_pricing": ("人工定价", "Manual pricing"),
    "price_correction": ("价格更正", "Price correction"),
    "hours_correction": ("工时更正", "Hours correction"),
    "part_identified": ("部位已确认", "Part identified"),
    "hidden_damage": ("隐藏损伤", "Hidden damage"),
    "not_accident_damage": ("非本次事故损伤", "Not accident damage"),
    "duplicate_line": ("重复项目", "Duplicate line"),
    "repair_instead_of_replace": ("改换为修", "Repair instead of replace"),
    "replace_instead_of_repair": ("改修为换", "Replace instead of repair"),
    "economy": ("经济型", "Economy"),
    "compact": ("紧凑型", "Compact"),
    "midsize": ("中型", "Midsize"),
    "suv": ("SUV", "SUV"),
    "luxury": ("豪华型", "Luxury"),
    "new_energy": ("新能源", "New energy"),
    "dispute.title": ("对金额有异议？", "Dispute the amount"),
    "dispute.text": ("问题描述", "What is wrong"),
    "dispute.total": ("您认为的总金额（元）", "The total you expect (CNY)"),
    "dispute.lines": ("逐项金额（可选，每行：项目 金额）", "Itemized amounts (optional, one per line: item amount)"),
    "dispute.contact": ("联系方式", "Contact"),
    "dispute.submit": ("提交异议", "Submit the dispute"),
    "dispute.accept": ("接受定损结果", "Accept the assessment"),
    "complaints.title": ("投诉", "Complaints"),
    "complaints.none": ("暂无投诉。", "No complaints."),
    "complaint.received": ("收到时间", "Received"),
    "complaint.level": ("处理层级", "Level"),
    "complaint.step_due": ("本级时限", "Step due"),
    "complaint.feedback_due": ("反馈时限", "Feedback due"),
    "complaint.cause": ("原因", "Cause"),
    "complaint.status": ("状态", "Status"),
    "complaint.text": ("内容", "Text"),
    "complaint.demand": ("诉求", "Demand"),
    "complaint.events": ("处理记录", "Record"),
    "analysis.title": ("逐项比对", "Line by line"),
    "analysis.none": ("尚无金额比对。", "No amount analysis yet."),
    "analysis.customer": ("客户金额", "Customer"),
    "analysis.estimate": ("定损金额", "Estimate"),
    "analysis.gap": ("差额", "Gap"),
    "analysis.cause": ("差额原因", "Why"),
    "analysis.recommendation": ("处理建议", "Recommendation"),
    "decision.title": ("处理决定", "Decision"),
    "decision.verdict": ("结论", "Verdict"),
    "decision.remedies": ("处理措施", "Remedies"),
    "decision.compensation": ("补偿金额（元）", "Compensation (CNY)"),
    "decision.reason": ("理由", "Reason"),
    "decision.submit": ("记录决定", "Record the decision"),
    "escalate.title": ("升级处理", "Escalate"),
    "escalate.submit": ("升级到下一层级", "Escalate to the next level"),
    "review.approve": ("批准", "Approve"),
    "review.reject": ("驳回", "Reject"),
    "queue.title": ("定损队列", "Assessment queue"),
    "queue.none": ("队列为空。", "The queue is empty."),
    "adjuster.assess": ("运行AI定损", "Run the AI assessment"),
    "adjuster.approve": ("审核通过", "Approve"),
    "adjuster.send_back": ("退回补充资料", "Send back for more material"),
    "adjuster.reason": ("原因", "Reason"),
    "adjuster.flags": ("风险提示", "Flags"),
    "adjuster.no_flags": ("无风险提示。", "No flags."),
    "adjuster.audit": ("操作记录", "Audit trail"),
    "supervisor.title": ("主管工作台", "Supervisor desk"),
    "supervisor.pending": ("待审批的补偿", "Compensation awaiting approval"),
    "supervisor.escalated": ("超时升级的案件", "Escalated claims"),
    "supervisor.overdue_complaints": ("超时投诉", "Overdue complaints"),
    "weekly.title": ("投诉周报", "Weekly complaint report"),
    "weekly.week": ("周", "Week"),
    "weekly.by_cause": ("按原因", "By cause"),
    "weekly.achievement": ("时限达成率", "Deadlines met"),
    "weekly.show": ("查看", "Show"),
    "common.none": ("无", "None"),
    "common.yes": ("是", "Yes"),
    "common.no": ("否", "No"),
    "common.open": ("查看", "Open"),
    # customer-visible statuses, internal states, tiers
    "documents_submitted": ("已提交资料", "Documents submitted"),
    "assessment_done": ("定损完成", "Assessment done"),
    "awaiting_payment": ("待支付", "Awaiting payment"),
    "closed": ("已结案", "Closed"),
    "submitted": ("已报案", "Submitted"),
    "assessing": ("定损中", "Assessing"),
    "under_review": ("待审核", "Under review"),
    "assessed": ("已定损", "Assessed"),
    "disputed": ("有异议", "Disputed"),
    "reopened": ("已重开", "Reopened"),
    "simple": ("简易案件", "Simple case"),
    "normal": ("普通案件", "Normal case"),
    "complex": ("复杂案件", "Complex case"),
    # damage classes
    "dent": ("凹陷", "Dent"),
    "scratch": ("划痕", "Scratch"),
    "crack": ("裂纹", "Crack"),
    "glass_shatter": ("玻璃破碎", "Glass shatter"),
    "lamp_broken": ("灯具破损", "Lamp broken"),
    "tire_flat": ("轮胎瘪胎", "Flat tyre"),
    "unknown": ("未知", "Unknown"),
    # document kinds
    "id_card": ("居民身份证", "ID card"),
    "driving_licence": ("驾驶证", "Driving licence"),
    "vehicle_licence": ("机动车行驶证", "Vehicle licence"),
    "policy": ("保单", "Policy"),
    "repair_quote": ("维修估价单", "Repair quote"),
    "other": ("其他", "Other"),
    # complaints
    "open": ("处理中", "Open"),
    "pending_approval": ("待主管审批", "Awaiting approval"),
    "awaiting_confirmation": ("待客户确认", "Awaiting confirmation"),
    "front_line": ("一线客服", "Front line"),
    "senior_claims": ("高级理赔组", "Senior claims team"),
    "customer_service": ("客户服务部", "Customer service"),
    "mediation": ("第三方调解/最终方案", "Mediation / final offer"),
    "timeliness": ("时效", "Timeliness"),
    "amount": ("金额", "Amount"),
    "communication": ("沟通", "Communication"),
    "process": ("流程", "Process"),
    "justified": ("成立", "Justified"),
    "partly_justified": ("部分成立", "Partly justified"),
    "not_justified": ("不成立（附依据说明）", "Not justified (explained)"),
    "speed_up_payment": ("加快赔付", "Speed up payment"),
    "voucher": ("小额代金券", "Voucher"),
    "negotiated_compensation": ("协商补偿", "Negotiated compensation"),
    "pay_difference": ("补足差额", "Pay the difference"),
    "fee_reduction": ("减免费用", "Reduce fees"),
    "explain_with_evidence": ("依据说明", "Explain with evidence"),
    "third_party_reassessment": ("第三方定损复核", "Third-party re-assessment"),
    "fraud_review": ("反欺诈复核", "Fraud review"),
    "supervisor_intervention": ("主管介入", "Supervisor steps in"),
    # fraud signals
    "duplicate_photo": ("疑似重复照片（其他客户案件）", "Near-duplicate photo in another customer's claim"),
    "captured_after_report": ("拍摄时间晚于报案", "Photo taken after the report"),
    "captured_before_policy": ("拍摄时间早于保单生效", "Photo taken before the policy started"),
    "confirm.question": ("您对处理结果满意吗？", "Are you satisfied with the outcome?"),
    "confirm.yes": ("满意", "Satisfied"),
    "confirm.no": ("不满意", "Not satisfied"),
    # roles
    "customer": ("客户", "Customer"),
    "junior_adjuster": ("初级定损员", "Junior adjuster"),
    "senior_adjuster": ("高级定损员", "Senior adjuster"),
    "complaint_handler": ("投诉处理", "Complaint handler"),
    "supervisor": ("主管", "Supervisor"),
    "admin": ("管理员", "Administrator"),
}


def parse_lang(value: str | None) -> Lang | None:
    try:
        return Lang(value) if value else None
    except ValueError:
        return None


def translator(lang: Lang) -> Callable[[object], str]:
    """``t(key)`` for ``lang``; enum members are looked up by their value.

    >>> translator(Lang.EN)("dent"), translator(Lang.ZH)("dent"), translator(Lang.EN)("no.such.key")
    ('Dent', '凹陷', 'no.such.key')
    """
    index = 0 if lang is Lang.ZH else 1

    def t(key: object) -> str:
        text = str(key.value) if isinstance(key, StrEnum) else str(key)
        pair = MESSAGES.get(text)
        return pair[index] if pair else text

    return t
