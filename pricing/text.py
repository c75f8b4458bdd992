"""A plain-text 定损单 for a terminal (the CLI prints it): one row per line, then the totals,
the deductible explanation and the notes. Pure: returns a string, prints nothing."""

from __future__ import annotations

import unicodedata
from typing import Literal

from pricing.estimate import Estimate
from pricing.explain import money_text
from pricing.lines import EstimateLine, LineFlag

Lang = Literal["zh", "en"]
_HEAD = {
    "zh": ("项目", "数量", "单价", "金额", "依据"),
    "en": ("item", "qty", "unit price", "amount", "rules"),
}
_TOTALS = {
    "zh": ("修理费用合计", "残值扣除", "核定损失", "应赔付", "案件类别", "价格库", "规则版本", "版本", "待人工核价"),
    "en": (
        "gross repair cost",
        "salvage",
        "net repair cost",
        "payable",
        "case tier",
        "catalog",
        "rules",
        "version",
        "to price by hand",
    ),
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _row(line: EstimateLine, lang: Lang) -> tuple[str, str, str, str, str]:
    item = line.description_zh if lang == "zh" else line.description_en
    amount = money_text(line.amount) if line.amount is not None else f"[{_TOTALS[lang][8]}]"
    unit = money_text(line.unit_price) if line.unit_price is not None else ""
    marks = "*" if line.flags - {LineFlag.EDITED} else ""
    return item + marks, f"{line.quantity.normalize():f}", unit, amount, " ".join(r.value for r in line.rule_ids)


def render_text(estimate: Estimate, *, lang: Lang = "zh") -> str:
    """The estimate as an aligned plain-text table (``*`` marks a flagged line).

    >>> from pricing.price_list import load_sample_catalog
    >>> from pricing import Finding, PolicyTerms, Rules, Vehicle, VehicleClass, build_estimate
    >>> est = build_estimate(findings=[Finding("f1", "hood", "scratch", "minor")],
    ...     vehicle=Vehicle(VehicleClass.COMPACT), catalog=load_sample_catalog(), rules=Rules(),
    ...     region="default", policy_terms=PolicyTerms())
    >>> print(render_text(est, lang="en").splitlines()[2])
    hood paint labour     3.5  100.00 CNY  350.00 CNY  R-PAINT-SCRATCH
    """
    rows = [_HEAD[lang], *(_row(x, lang) for x in estimate.lines)]
    widths = [max(_width(r[i]) for r in rows) for i in range(5)]
    right = (False, True, True, True, False)
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(_pad(c, w, right=ra) for c, w, ra in zip(r, widths, right, strict=True)).rstrip())
        if n == 0:
            out.append("-" * _width(out[0]))
    t = _TOTALS[lang]
    s = estimate.settlement
    tier = estimate.tier.zh if lang == "zh" else estimate.tier.value
    out += [
        "",
        f"{t[0]}: {money_text(estimate.gross_repair_cost)}",
        f"{t[1]}: {money_text(estimate.salvage_deduction)}",
        f"{t[2]}: {money_text(estimate.net_repair_cost)}",
        *(e.zh if lang == "zh" else e.en for e in estimate.deductible_explanations[:-1]),
        f"{t[3]}: {money_text(s.payable)}",
        f"{t[4]}: {tier}",
        *(e.zh if lang == "zh" else e.en for e in estimate.notes[1:]),
        f"{t[5]} {estimate.catalog_version} · {t[6]} {estimate.rules_version} · {t[7]} {estimate.version}",
    ]
    return "\n".join(out)
