"""What a refused form says under each field (merged into ``api.web.i18n``): ``form.<field>``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

FORM_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "form.refused": (
        "请修改标红的项目后再提交，其余内容已保留。",
        "Correct the fields marked in red; the rest is kept.",
    ),
    "form.form": ("提交的内容有误，请检查后重试。", "Something in the form is not valid; check it and try again."),
    "form.policy_number": ("请填写保单号（不超过 64 个字符）。", "Enter the policy number (at most 64 characters)."),
    "form.policy_start": (
        "请填写有效的保单起期，不能晚于今天。",
        "Enter a valid policy start date, not later than today.",
    ),
    "form.accident_at": (
        "请填写有效的出险时间：不能晚于现在，也不能早于保单起期。",
        "Enter a valid accident time: not in the future, and not before the policy started.",
    ),
    "form.description": ("情况描述不能超过 4000 个字。", "The description is at most 4,000 characters."),
    "form.vehicles_involved": ("涉及车辆数应在 1 到 20 之间。", "Vehicles involved: from 1 to 20."),
    "form.estimated_amount": (
        "预估金额应为不小于 0 的数字，例如 800.00。",
        "The estimated amount is a number of at least 0, e.g. 800.00.",
    ),
    "form.dispute_lines": (
        "逐项金额每行写一项：部位、作业和金额，用空格隔开，例如“前挡风玻璃 更换 1800”。",
        "Item by item, one per line: the part, the work and the amount, e.g. 前挡风玻璃 更换 1800.",
    ),
    "form.dispute_total": (
        "期望总金额应为不小于 0 的数字，例如 2500。",
        "The total you expect is a number, e.g. 2500.",
    ),
    "form.dispute_figure": (
        "请填写您期望的总金额，或逐项填写金额。",
        "Give the total you expect, or the amounts item by item.",
    ),
}
