"""The script library shown to handlers (the seed's 标准化沟通脚本), per stage of a complaint:
接诉 (intake: say who you are, listen, reassure), 解释 (explanation: each item's basis, the
clause, the market price — never "按规定" alone), 跟进 (follow-up: does the customer understand the
next steps, did they receive the result). Every script passes the neutral-wording check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from sqlalchemy.orm import Session

from api.disputes import repository
from api.disputes.models import Complaint
from api.disputes.states import ComplaintStatus


class Stage(StrEnum):
    INTAKE = "intake"  # 接诉
    EXPLANATION = "explanation"  # 解释
    FOLLOW_UP = "follow_up"  # 跟进


@dataclass(frozen=True, slots=True)
class Script:
    stage: Stage
    key: str
    title_zh: str
    text_zh: str
    title_en: str
    text_en: str


LIBRARY: Final[tuple[Script, ...]] = (
    Script(
        Stage.INTAKE,
        "identify",
        "主动表明身份",
        "您好，我是理赔客服××，工号××××，很高兴为您服务。请问怎么称呼您？",
        "Say who you are",
        "Hello, this is ×× from claims customer service, staff number ××××. How may I address you?",
    ),
    Script(
        Stage.INTAKE,
        "listen",
        "耐心倾听并记录",
        "请您慢慢说，我会完整记录您的诉求、具体问题和联系方式。",
        "Listen and record",
        "Please take your time; I am writing down what you ask for, the problem and how to reach you.",
    ),
    Script(
        Stage.INTAKE,
        "reassure",
        "安抚",
        "请您放心，我们会尽快处理，并在24小时内把处理结果告知您。",
        "Reassure",
        "Rest assured we will handle it promptly and tell you the result within 24 hours.",
    ),
    Script(
        Stage.INTAKE,
        "calm",
        "客户情绪激动时",
        "非常理解您现在的心情，给您带来不便，我们深表歉意。我先把情况完整记录下来，由专人跟进，稍后给您回电。",
        "When the customer is upset",
        (
            "I understand how you feel and I am sorry for the trouble. I am recording everything; a colleague will foll"
            "ow it up and call you back."
        ),
    ),
    Script(
        Stage.EXPLANATION,
        "itemise",
        "逐条列出定损依据",
        "关于定损金额，我们逐项为您说明：维修项目……，配件价格……（价格来源及版本……），工时……。",
        "Itemise the basis",
        (
            "Let me go through the assessment item by item: the repair …, the part price … (its source and price-list v"
            "ersion …), the labour hours …."
        ),
    ),
    Script(
        Stage.EXPLANATION,
        "clause",
        "引用具体条款",
        "根据条款第×条规定，目前暂不支持……；如您有新的材料，我们需要进一步核实。",
        "Cite the clause",
        (
            "Under clause × of the policy this is not covered at present; if you have new documents we will look into t"
            "hem further."
        ),
    ),
    Script(
        Stage.EXPLANATION,
        "deductible",
        "免赔额说明",
        "免赔额是保险合同约定由您自行承担的部分，依据是条款第×条，本案扣除……元。",
        "Explain the deductible",
        "The deductible is the part the policy leaves to you (clause ×); in this claim it is … yuan.",
    ),
    Script(
        Stage.EXPLANATION,
        "market",
        "参考市场价格",
        "定损时参考了市场价格（官方指导价/零售价），我们可以把对比明细以书面形式发给您。",
        "Refer to market prices",
        "The assessment used market prices (official guide / retail); we can send you the comparison in writing.",
    ),
    Script(
        Stage.EXPLANATION,
        "reassessment",
        "第三方复核",
        "如您对金额仍有疑问，我们可以安排第三方定损机构再次评估，评估结果将作为新的定损依据。",
        "Offer a re-assessment",
        (
            "If you still doubt the amount, we can ask an independent assessor to look again; their result becomes the "
            "new basis."
        ),
    ),
    Script(
        Stage.FOLLOW_UP,
        "understood",
        "确认客户理解方案",
        "请问您是否清楚后续流程？是否还有其他疑问？",
        "Check understanding",
        "Is the next step clear to you? Do you have any other questions?",
    ),
    Script(
        Stage.FOLLOW_UP,
        "received",
        "确认结果",
        "处理结果已经发送给您，请问您是否收到？对处理结果是否满意？",
        "Confirm the result",
        "We have sent you the result; did you receive it, and are you satisfied with it?",
    ),
    Script(
        Stage.FOLLOW_UP,
        "missed",
        "未接通时留言",
        "您好，我们就您的投诉处理结果进行回访。您方便时请回复“收到”或“满意”，如有疑问可随时联系我们。",
        "Message when not reached",
        (
            "We called about the result of your complaint. Please reply “received” or “satisfied” when convenient, or c"
            "ontact us with any question."
        ),
    ),
    Script(
        Stage.FOLLOW_UP,
        "delay",
        "需延期答复时",
        "很抱歉，处理结果需要延后告知。原因是……，我们将于……前给您答复。",
        "When the answer will be late",
        "We are sorry: the result will come later, because …; you will have it by ….",
    ),
)


def for_stage(stage: Stage) -> tuple[Script, ...]:
    return tuple(s for s in LIBRARY if s.stage is stage)


def stage_of(status: ComplaintStatus, *, analysed: bool) -> Stage:
    """The stage a complaint is in: received and not yet looked into → intake; being explained or
    decided → explanation; feedback given → follow-up."""
    if status in (ComplaintStatus.AWAITING_CONFIRMATION, ComplaintStatus.CLOSED):
        return Stage.FOLLOW_UP
    if analysed or status is ComplaintStatus.PENDING_APPROVAL:
        return Stage.EXPLANATION
    return Stage.INTAKE


def stage_of_complaint(session: Session, *, complaint: Complaint) -> Stage:
    """The stage of this complaint, as the complaint page and ``GET …/scripts`` show it."""
    analysed = repository.latest_analysis(session, complaint_id=complaint.id) is not None
    return stage_of(complaint.status, analysed=analysed)
