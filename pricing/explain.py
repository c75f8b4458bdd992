"""Plain-words explanations (Chinese and English) for estimate lines and totals.

Neutral wording, every figure with its basis and the rule it follows (DOMAIN.md §4).
"""

from __future__ import annotations

from decimal import Decimal

from pricing.case import CaseTier, PolicyTerms
from pricing.catalog import Basis, LabourKind, MatchLevel, Quote
from pricing.lines import Explanation
from pricing.money import Money
from pricing.parts import PART_NAMES, PartCode
from pricing.rules import RULE_TEXT, RuleId, Rules, Settlement, TierReason

LABOUR_EN = {
    LabourKind.REMOVE_REFIT: "remove-and-refit",
    LabourKind.REPAIR: "repair",
    LabourKind.PAINT: "paint",
}
MATCH_ZH = {
    MatchLevel.MODEL_YEAR: "按车型及年款取价",
    MatchLevel.MODEL: "按车型取价",
    MatchLevel.VEHICLE_CLASS: "按车辆级别取价",
    MatchLevel.ANY_CLASS: "按通用标准取值",
    MatchLevel.REGION: "按本地区标准",
    MatchLevel.PARENT_REGION: "按上级地区标准",
    MatchLevel.DEFAULT_REGION: "按默认地区标准",
}


def money_text(amount: Money) -> str:
    """``1,234.50 CNY`` style, always 2 places.

    >>> money_text(Money.of("1234.5"))
    '1,234.50 CNY'
    """
    return f"{amount.quantized().amount:,.2f} {amount.currency}"


def basis_text(basis: Basis) -> tuple[str, str]:
    """Where a figure came from, in both languages.

    >>> from datetime import date
    >>> b = Basis("list A", date(2026, 1, 1), "v2", "v1", MatchLevel.VEHICLE_CLASS)
    >>> basis_text(b)[1]
    'source: list A, effective 2026-01-01, catalog v2 (row from v1), matched by vehicle_class'
    """
    own = basis.list_version == basis.catalog_version
    zh = (
        f"来源：{basis.source}，生效日期 {basis.effective_date}，价格库版本 {basis.catalog_version}"
        f"{'' if own else f'（该行来自 {basis.list_version}）'}，{MATCH_ZH[basis.match]}"
    )
    en = (
        f"source: {basis.source}, effective {basis.effective_date}, catalog {basis.catalog_version}"
        f"{'' if own else f' (row from {basis.list_version})'}, matched by {basis.match.value}"
    )
    if basis.fell_back:
        zh += f"；注意：已回退取价（{basis.note_zh}）"
        en += f"; NOTE fallback: {basis.note}"
    return zh, en


def rules_text(rule_ids: tuple[RuleId, ...]) -> tuple[str, str]:
    """The cited rules, id and wording."""
    zh = "；".join(f"依据 {r.value}：{RULE_TEXT[r][0]}" for r in rule_ids)
    en = "; ".join(f"per {r.value}: {RULE_TEXT[r][1]}" for r in rule_ids)
    return zh, en


def part_text(part: PartCode, quote: Quote[Money] | None) -> tuple[str, str]:
    """Explanation of a parts line."""
    name = PART_NAMES[part]
    if quote is None:
        return (
            f"{name.zh}：价格库无可用价格，需人工核价（不按零计）",
            f"{name.en}: no catalog price, to be priced by hand (not zero)",
        )
    assert quote.basis.price_type is not None
    zh, en = basis_text(quote.basis)
    return (
        f"更换{name.zh}：配件按{quote.basis.price_type.zh} {money_text(quote.value)}；{zh}",
        f"replace {name.en}: part at {quote.basis.price_type.value} price {money_text(quote.value)}; {en}",
    )


def labour_text(
    part: PartCode,
    kind: LabourKind,
    hours: Quote[Decimal] | None,
    rate: Quote[Money] | None,
    region: str,
) -> tuple[str, str]:
    """Explanation of a labour or paint line: hours × regional rate."""
    name = PART_NAMES[part]
    if hours is None or rate is None:
        missing = "工时" if hours is None else f"地区 {region} 工时费"
        missing_en = "hours" if hours is None else f"hourly rate for region {region}"
        return (
            f"{name.zh}{kind.zh}：价格库缺少{missing}，需人工核价（不按零计）",
            f"{name.en} {LABOUR_EN[kind]}: catalog has no {missing_en}; priced by hand (not zero)",
        )
    total = money_text((rate.value * hours.value).quantized())
    h_zh, h_en = basis_text(hours.basis)
    r_zh, r_en = basis_text(rate.basis)
    return (
        f"{name.zh}{kind.zh}：{hours.value} 工时 × {money_text(rate.value)}/工时 = {total}；工时{h_zh}；工时费{r_zh}",
        f"{name.en} {LABOUR_EN[kind]}: {hours.value} h × {money_text(rate.value)}/h = {total}; "
        f"hours {h_en}; rate {r_en}",
    )


def materials_text(part: PartCode, quote: Quote[Money] | None, rule_ids: tuple[RuleId, ...]) -> tuple[str, str]:
    """Explanation of a paint-materials line."""
    name = PART_NAMES[part]
    rules_zh, rules_en = rules_text(rule_ids)
    if quote is None:
        return (
            f"{name.zh}喷漆材料：价格库无价格，需人工核价（不按零计）；{rules_zh}",
            f"{name.en} paint materials: no catalog price, priced by hand (not zero); {rules_en}",
        )
    zh, en = basis_text(quote.basis)
    return (
        f"{name.zh}喷漆材料（油漆、辅料）按每面 {money_text(quote.value)}；{zh}；{rules_zh}",
        f"{name.en} paint materials at {money_text(quote.value)} per panel; {en}; {rules_en}",
    )


def replace_80_text(
    *, repair_cost: Money, part_price: Money, fitting_cost: Money, rules: Rules, replaced: bool
) -> tuple[str, str]:
    """Why R-REPLACE-80 chose replace or repair, with the figures."""
    limit = money_text((part_price + fitting_cost) * rules.replace_threshold)
    pct = f"{(rules.replace_threshold * 100).normalize():f}%"
    cmp_zh, cmp_en = ("≥", "reaches") if replaced else ("<", "is below")
    verdict_zh, verdict_en = ("故更换", "so the part is replaced") if replaced else ("故修复", "so it is repaired")
    return (
        f"修复工时费 {money_text(repair_cost)} {cmp_zh} {pct} ×（配件 {money_text(part_price)} + "
        f"拆装 {money_text(fitting_cost)}）= {limit}，{verdict_zh}（{RuleId.REPLACE_80.value}）",
        f"repair labour {money_text(repair_cost)} {cmp_en} {pct} of (part {money_text(part_price)}"
        f" + fitting {money_text(fitting_cost)}) = {limit}, {verdict_en} ({RuleId.REPLACE_80.value})",
    )


def deductible_explanations(settlement: Settlement, terms: PolicyTerms) -> tuple[Explanation, ...]:
    """The deductible, explained up front: each part of it, its basis and the policy clause."""
    s, rid = settlement, RuleId.SETTLE
    base = (s.repair_cost - s.recovered).max_zero()
    rate_pct = f"{(terms.fault_deductible_rate * 100).normalize():f}%"
    out = [
        Explanation(
            rid,
            f"核定修理费用 {money_text(s.repair_cost)}，减第三方追偿 {money_text(s.recovered)}，"
            f"计赔基数 {money_text(base)}",
            f"assessed repair cost {money_text(s.repair_cost)} less third-party recovery "
            f"{money_text(s.recovered)} gives a base of {money_text(base)}",
        )
    ]
    out.append(
        Explanation(
            rid,
            f"事故责任免赔率 {rate_pct}：扣除 {money_text(s.fault_deductible)}（保单条款：{terms.clause}）",
            f"fault-based deductible {rate_pct}: {money_text(s.fault_deductible)} deducted "
            f"(policy clause: {terms.clause})",
        )
    )
    out.append(
        Explanation(
            rid,
            f"绝对免赔额：扣除 {money_text(s.absolute_deductible)}（保单条款：{terms.clause}）",
            f"absolute deductible: {money_text(s.absolute_deductible)} deducted (policy clause: {terms.clause})",
        )
    )
    out.append(
        Explanation(
            rid,
            f"应赔付 {money_text(s.payable)}（不低于0）",
            f"payable {money_text(s.payable)} (never below 0)",
        )
    )
    return tuple(out)


def tier_reason_text(reason: TierReason, rules: Rules) -> tuple[str, str]:
    """R-TIER's reason in words.

    >>> tier_reason_text(TierReason.INJURIES, Rules())[1]
    'injuries involved'
    """
    limit = f"{rules.simple_case_limit:,}"
    return {
        TierReason.INJURIES: ("涉及人员受伤", "injuries involved"),
        TierReason.REPEATED_REPAIR: ("存在重复维修", "repeated repair"),
        TierReason.TWO_PARTY: ("双方或多方事故", "two-party accident"),
        TierReason.THIRD_PARTY_ASSESSMENT: ("需第三方定损", "third-party assessment needed"),
        TierReason.NOT_FULLY_PRICED: (
            "尚有项目未定价，暂按普通案件",
            "not fully priced yet, normal until priced",
        ),
        TierReason.SINGLE_UNDER_LIMIT: (
            f"单车事故且损失低于 {limit} 元",
            f"single vehicle, loss under {limit}",
        ),
        TierReason.SINGLE_OVER_LIMIT: (
            f"单车事故但损失不低于 {limit} 元",
            f"single vehicle, loss of {limit} or more",
        ),
    }[reason]


def status_notes(
    *, tier: CaseTier, tier_reason: TierReason, small_loss: bool, complete: bool, rules: Rules
) -> tuple[Explanation, ...]:
    """Tier, small-loss and completeness notes shown above the totals."""
    why_zh, why_en = tier_reason_text(tier_reason, rules)
    notes = [Explanation(RuleId.TIER, f"案件类别：{tier.zh}（{why_zh}）", f"case tier: {tier.value} ({why_en})")]
    if small_loss:
        notes.append(
            Explanation(
                RuleId.SMALL_LOSS_500,
                f"损失低于 {rules.small_loss_limit} 元，凭照片即可完成定损，无需提供维修报价单",
                f"loss under {rules.small_loss_limit}: photos suffice, no repair quote is needed",
            )
        )
    if not complete:
        notes.append(
            Explanation(
                RuleId.MANUAL_PRICE,
                "部分项目待定损员人工核价或确认，合计为暂定金额",
                "some lines await the adjuster's pricing or review; totals are provisional",
            )
        )
    return tuple(notes)
