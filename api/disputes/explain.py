"""The customer's explanation of an amount dispute, line by line, in Chinese or English.

Each line states both figures, the basis of ours (price type, source, price-list version, the
rule applied) and where the difference comes from; deductions cite the policy clause. Wording
is neutral (DOMAIN.md §4): a difference is explained with its basis and an open way to supply
more evidence — never a bare refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from api.disputes.analysis import Analysis, Comparison, Component, GapCause
from api.disputes.quote import Operation
from api.disputes.snapshot import SnapshotLine
from api.disputes.vocabulary import Unpaired
from pricing import PART_NAMES, Money, PriceType
from pricing.explain import money_text


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


PRICE_TYPE_EN = {
    PriceType.OEM_GUIDE: "4S dealer guide price",
    PriceType.MARKET_ORIGINAL: "market price of original parts",
    PriceType.BRAND_AFTERMARKET: "brand-part price",
}


@dataclass(frozen=True, slots=True)
class ExplanationLine:
    item: str
    customer_amount: Money | None
    estimate_amount: Money | None
    text: str


@dataclass(frozen=True, slots=True)
class CustomerExplanation:
    lang: Lang
    summary: str
    lines: tuple[ExplanationLine, ...]
    closing: str

    def as_text(self) -> str:
        body = "\n".join(f"- {x.item}: {x.text}" for x in self.lines)
        return f"{self.summary}\n{body}\n{self.closing}"


def _m(amount: Money) -> str:
    return money_text(amount)


def _item(c: Comparison, zh: bool) -> str:
    if c.part is None:
        names = [x.name for x in c.customer_lines] or [
            x.description_zh if zh else x.description_en for x in c.estimate_lines
        ]
        return " / ".join(names)
    name = PART_NAMES[c.part]
    if c.operation is None:
        return name.zh if zh else name.en
    return f"{name.zh}{c.operation.zh}" if zh else f"{name.en}, {c.operation.en}"


def _basis(line: SnapshotLine, catalog_version: str, zh: bool) -> str:
    rules = "、".join(line.rule_ids) if zh else ", ".join(line.rule_ids)
    amount = _m(line.amount) if line.amount is not None else ("待核价" if zh else "to be priced")
    if zh:
        kind = f"价格类型：{line.price_type.zh}；" if line.price_type else ""
        return (
            f"{line.description_zh} {amount}（{kind}来源：{line.source or '定损员核定'}；"
            f"价格库版本 {catalog_version}，价目表 {line.price_list_version or '—'}；依据规则 {rules or '—'}）"
        )
    kind = f"price type: {PRICE_TYPE_EN[line.price_type]}; " if line.price_type else ""
    return (
        f"{line.description_en} {amount} ({kind}source: {line.source or 'set by the adjuster'}; "
        f"catalog version {catalog_version}, price list {line.price_list_version or '-'}; rule {rules or '-'})"
    )


def _component(c: Comparison, comp: Component, zh: bool, *, repaired_instead: bool = False) -> str:
    amt = _m(comp.amount if comp.amount.amount >= 0 or comp.cause is not GapCause.SCOPE else -comp.amount)
    ours = c.estimate_lines[0] if c.estimate_lines else None
    match comp.cause:
        case GapCause.PRICE_TYPE:
            ct, et = c.customer_price_type, ours.price_type if ours else None
            if zh:
                return (
                    f"差额 {amt} 来自配件价格类型：报价按{ct.zh if ct else '其他价格'}，定损按"
                    f"{et.zh if et else '价格库价格'}（依据规则 R-PRICE-BASIS 及保单约定的配件价格类型）"
                )
            return (
                f"{amt} of the difference comes from the parts price type: the quote uses the "
                f"{PRICE_TYPE_EN[ct] if ct else 'another price'}, the estimate the "
                f"{PRICE_TYPE_EN[et] if et else 'catalog price'} "
                "(rule R-PRICE-BASIS and the policy's parts price terms)"
            )
        case GapCause.PART_PRICE:
            if zh:
                return f"差额 {amt} 来自同类配件的单价不同，定损单价取自上述价格库"
            return f"{amt} of the difference comes from the unit price of the same kind of part; ours is the catalog's"
        case GapCause.QUANTITY:
            qty = ours.quantity if ours else 0
            if zh:
                return f"差额 {amt} 来自数量不同：报价 {c.customer_quantity}，定损 {qty}"
            return f"{amt} comes from the quantity: the quote has {c.customer_quantity}, the estimate {qty}"
        case GapCause.LABOUR_HOURS:
            rate = c.estimate_rate
            if c.customer_hours is not None:
                hours = f"{c.customer_hours}"
            elif rate is not None and rate.amount > 0:
                hours = f"{(c.customer_amount.amount / rate.amount).quantize(Decimal('0.1'))}"
            else:
                hours = "?"
            rate_zh = f"，按本地区工时费 {_m(rate)}/工时" if rate else ""
            rate_en = f", at the regional rate of {_m(rate)}/h" if rate else ""
            if zh:
                return f"差额 {amt} 来自工时：报价约 {hours} 工时，定损标准为 {c.estimate_hours} 工时{rate_zh}"
            return (
                f"{amt} comes from labour hours: the quote is about {hours} h, "
                f"the standard is {c.estimate_hours} h{rate_en}"
            )
        case GapCause.LABOUR_RATE:
            if zh:
                return f"差额 {amt} 来自工时单价（含喷漆辅料），定损按本地区工时费标准"
            return f"{amt} comes from the hourly rate (including paint materials); the estimate uses the regional rate"
        case GapCause.SCOPE if c.estimate_lines:
            if zh:
                return f"该项目列入定损（{amt}），报价单未单独列出"
            return f"this item is in the estimate ({amt}) and is not listed separately in the quote"
        case GapCause.SCOPE if repaired_instead:
            if zh:
                return (
                    f"该部位定损按修复而非更换处理（{amt}），依据规则 R-REPLACE-80：修复费用未达到配件价格"
                    "（含拆装）的80%；如有照片或检测报告显示无法修复，欢迎补充提交，我们将复核"
                )
            return (
                f"the estimate repairs this part rather than replacing it ({amt}), under rule R-REPLACE-80: the repair "
                "cost is below 80% of the part price including fitting; photos or an inspection report showing it "
                "cannot be repaired are welcome and will be reviewed"
            )
        case GapCause.SCOPE if c.reason is Unpaired.SIDE_UNCLEAR:
            if zh:
                return (
                    f"该项目（{amt}）未写明左右或前后，定损单两侧均有此部位，无法逐项对应；"
                    "请注明是哪一侧，我们将重新比对"
                )
            return (
                f"this item ({amt}) does not say which side it is, and the estimate has that part on both sides; "
                "tell us which side and we will compare it again"
            )
        case GapCause.SCOPE:
            if zh:
                return (
                    f"该项目（{amt}）未列入本次定损：定损照片及检测结果未显示需要此项作业；"
                    "如有照片或检测报告，欢迎补充提交，我们将复核"
                )
            return (
                f"this item ({amt}) is not in the estimate: the assessment photos and detections do not show "
                "a need for it; photos or an inspection report are welcome and will be reviewed"
            )
        case GapCause.UNPRICED:
            if zh:
                return "定损中该项目正在人工核价，核价完成后将告知您结果"
            return "this item in the estimate is being priced by the adjuster; you will be told the result"
    return f"{amt}"


def _dispute_component(comp: Component, analysis: Analysis, zh: bool) -> ExplanationLine:
    amt, clause = _m(comp.amount), analysis.estimate.policy_clause
    texts = {
        GapCause.DEDUCTIBLE: (
            "免赔额",
            f"扣除 {amt}，依据保单条款「{clause}」及规则 R-SETTLE",
            "deductible",
            f"{amt} deducted under the policy clause '{clause}' and rule R-SETTLE",
        ),
        GapCause.SALVAGE: (
            "旧件残值",
            f"更换下的旧件保留残值 {amt}，依据规则 R-SALVAGE 扣除（保单条款「{clause}」）",
            "salvage",
            f"replaced parts keep a value of {amt}, deducted under rule R-SALVAGE (policy clause '{clause}')",
        ),
        GapCause.ADJUSTMENT: (
            "多面喷漆",
            f"多个面同时喷漆按合计的80%计算，调整 {amt}，依据规则 R-PAINT-MULTI-80",
            "multi-panel paint",
            f"several panels painted together are charged at 80% of the sum, adjusted by {amt} (rule R-PAINT-MULTI-80)",
        ),
        GapCause.RECOVERY: (
            "第三方追偿",
            f"由责任方承担的 {amt} 向第三方追偿，依据保单条款「{clause}」及规则 R-SETTLE",
            "third-party recovery",
            f"{amt} is recovered from the liable third party under the policy clause '{clause}' and rule R-SETTLE",
        ),
        GapCause.UNITEMIZED: (
            "未逐项列明的金额",
            f"差额 {amt}：您提供的是总金额，提供维修报价明细后我们可以逐项核对说明",
            "amount without items",
            f"{amt}: a total was given; with the itemized repair quote each item can be compared and explained",
        ),
    }
    item_zh, text_zh, item_en, text_en = texts[comp.cause]
    return ExplanationLine(item_zh if zh else item_en, None, None, text_zh if zh else text_en)


def explain(analysis: Analysis, lang: Lang = Lang.ZH) -> CustomerExplanation:
    """The explanation of ``analysis`` in ``lang``."""
    zh = lang is Lang.ZH
    version = analysis.estimate.catalog_version
    lines: list[ExplanationLine] = []
    repaired_parts = {
        c.part for c in analysis.comparisons if c.operation is Operation.REPAIR and c.estimate_lines and c.part
    }
    for c in analysis.comparisons:
        parts = [
            (f"您的报价 {_m(c.customer_amount)}，定损 {_m(c.estimate_amount)}")
            if zh
            else (f"your quote {_m(c.customer_amount)}, our estimate {_m(c.estimate_amount)}")
        ]
        parts += [_basis(x, version, zh) for x in c.estimate_lines]
        repaired = c.operation is Operation.REPLACE and not c.estimate_lines and c.part in repaired_parts
        parts += [_component(c, comp, zh, repaired_instead=repaired) for comp in c.components]
        lines.append(
            ExplanationLine(_item(c, zh), c.customer_amount, c.estimate_amount, ("；" if zh else "; ").join(parts))
        )
    lines += [_dispute_component(comp, analysis, zh) for comp in analysis.components]
    est = analysis.estimate
    if zh:
        summary = (
            f"您的金额 {_m(analysis.figure.total)}，定损（第 {est.version} 版）应赔付 {_m(est.payable)}，"
            f"差额 {_m(analysis.gap)}。以下逐项说明每一项的依据与差额来源。"
        )
        closing = "如对任何一项有疑问，欢迎补充照片、维修报价或检测报告，我们将在收到后复核并答复。"
    else:
        summary = (
            f"Your figure is {_m(analysis.figure.total)}; the estimate (version {est.version}) pays "
            f"{_m(est.payable)}; the difference is {_m(analysis.gap)}. Each item's basis and the source of "
            "the difference follow."
        )
        closing = (
            "If any item raises a question, further photos, repair quotes or inspection reports are welcome; "
            "we will review them and reply."
        )
    return CustomerExplanation(lang, summary, tuple(lines), closing)
