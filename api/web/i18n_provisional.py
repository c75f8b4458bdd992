"""Page text of the provisional estimate and its straight-through decision (merged into
``api.web.i18n``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

PROVISIONAL_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "provisional.submit_title": ("照片已拍完？", "All photos taken?"),
    "provisional.submit_hint": (
        "提交后系统立即识别损伤并给出预估金额；小额清晰的案件可自动审核通过。",
        "Once submitted the damage is recognised at once and a provisional amount given; small, clear cases "
        "may be approved automatically.",
    ),
    "provisional.submit": ("提交照片，开始定损", "Submit photos and assess"),
    "provisional.title": ("定损结果", "Assessment result"),
    "provisional.approved": (
        "系统已按自动审核规则核定，无需等待定损员",
        "Approved by the automatic rules; no adjuster needed",
    ),
    "provisional.approved_rules": ("通过的规则", "Rules passed"),
    "provisional.referred": ("需由定损员审核，原因：", "An adjuster will review it, because:"),
    "provisional.deadline": ("定损员将在此时间前完成审核：", "An adjuster will have reviewed it by:"),
    "provisional.rule_set": ("规则版本", "Rule set"),
    "provisional.badge": ("预估", "Provisional"),
    "provisional.notice": (
        "以下为预估金额，定损员审核通过后为准。",
        "This is a provisional amount until an adjuster approves it.",
    ),
    "rule.simple-case": ("简易案件（单车、无人伤）", "Simple case (single vehicle, no injuries)"),
    "rule.under-500": ("金额低于500元", "Under 500 yuan"),
    "rule.photo-quality": ("照片清晰", "Clear photos"),
    "rule.no-fraud-flag": ("资料无需人工核实", "No manual check of the material needed"),
    "rule.ai-priced": ("每个项目均由系统可靠识别并定价", "Every line recognised and priced reliably"),
}
