"""Page text of signing, payment and the complaint outcome card (merged into ``api.web.i18n``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

SIGNING_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "timeline.since": ("开始于", "Since"),  # a step reached but not done (待支付 until paid)
    "sign.title": ("签署定损单", "Sign the estimate"),
    "sign.version": ("待签署版本", "Version to sign"),
    "sign.intro": (
        "请核对上方定损单的各项金额。获取验证码后输入6位数字完成签署，签署即表示您认可该版本的定损金额。",
        "Check the estimate above. Ask for a code and enter its six digits to sign: signing accepts this "
        "version's amount.",
    ),
    "sign.get_code": ("获取验证码", "Send me a code"),
    "sign.new_code": ("重新获取验证码", "Send a new code"),
    "sign.code": ("验证码", "Code"),
    "sign.confirm": ("确认签署", "Sign"),
    "sign.sent": (
        "验证码已通过您选择的通知方式发送，有效时间（分钟）：",
        "The code was sent on your channel; valid for (minutes):",
    ),
    "sign.wrong": ("验证码不正确，剩余尝试次数：", "The code is wrong; attempts left:"),
    "sign.expired": (
        "验证码已失效或尝试次数已用完，请重新获取。",
        "The code expired or its attempts are used up; ask for a new one.",
    ),
    "sign.done": ("签署成功，请填写收款账户。", "Signed. Please give the account to be paid."),
    "sign.signed": ("已签署", "Signed"),
    "sign.signed_at": ("签署时间", "Signed at"),
    "sign.signer": ("签署人", "Signed by"),
    "sign.by_customer": ("客户本人（验证码确认）", "The customer (one-time code)"),
    "sign.fingerprint": ("内容指纹", "Content fingerprint"),
    "sign.broken": ("定损单内容与签署时不一致", "The estimate no longer matches what was signed"),
    "pay.title": ("赔款支付", "Payment"),
    "pay.payee": ("收款人", "Payee"),
    "pay.bank": ("开户银行", "Bank"),
    "pay.account": ("银行账号", "Account number"),
    "pay.save": ("提交收款账户", "Save the account"),
    "pay.update": ("更正收款账户", "Correct the account"),
    "pay.saved": ("收款账户已提交，我们将尽快支付。", "Account saved; payment follows."),
    "pay.amount": ("支付金额", "Amount"),
    "pay.status": ("支付状态", "Payment status"),
    "pay.paid_at": ("支付时间", "Paid at"),
    "pay.failure": ("退回原因", "Returned because"),
    "pay.fix": ("支付未成功，请核对并更正收款账户。", "The transfer failed; please check and correct the account."),
    "pay.error.account_number": ("银行账号应为12至19位数字。", "The account number is 12 to 19 digits."),
    "pay.error.payee_name": ("收款人姓名应为2至50个汉字或字母。", "The payee's name is 2 to 50 letters or characters."),
    "pay.error.bank_name": ("开户银行名称应为2至50个汉字或字母。", "The bank's name is 2 to 50 letters or characters."),
    "pay.mark_paid": ("标记已支付", "Mark paid"),
    "pay.mark_failed": ("标记支付失败", "Mark failed"),
    "pay.reason": ("失败原因", "Reason"),
    "payment.pending": ("待支付", "Awaiting payment"),
    "payment.paid": ("已支付", "Paid"),
    "payment.failed": ("支付失败", "Payment failed"),
    # A complaint's own statuses: its closure is not the claim's (已结案).
    "complaint_status.open": ("投诉处理中", "Complaint open"),
    "complaint_status.pending_approval": ("处理方案待主管审批", "Decision awaiting approval"),
    "complaint_status.awaiting_confirmation": ("待客户确认", "Awaiting confirmation"),
    "complaint_status.closed": ("投诉已办结", "Complaint closed"),
    "outcome.explanation": ("金额说明", "How the amount was set"),
    "outcome.then_confirm": (
        "以上是处理结果及说明。请告诉我们您是否满意：",
        "Above are the decision and its explanation. Please tell us whether you are satisfied:",
    ),
}
