"""The customer's explanation: every line cites its basis; wording stays neutral."""

from __future__ import annotations

import re

import pytest

from api.disputes.analysis import Analysis, analyse
from api.disputes.explain import Lang, explain
from api.disputes.quote import CustomerFigure, Operation, parse_quote_text
from pricing import Action, PartCode, PriceType
from tests.api.disputes.factories import (
    CATALOG_VERSION,
    CLAUSE,
    LIST_VERSION,
    SOURCE,
    figure,
    labour,
    line,
    m,
    paint,
    parts,
    salvage,
    snapshot,
)
from tests.api.disputes.test_golden_dispute import QUOTE_4S, estimate_v2

FORBIDDEN = {
    Lang.EN: [r"\bimpossible\b", r"\bno\b", r"company rules?", r"\bper company\b", r"\brefuse", r"\bwrong\b"],
    Lang.ZH: ["不可能", "公司规定", "不行", "拒绝", "不予"],
}


def analyses() -> list[Analysis]:
    hood, bumper = PartCode.HOOD, PartCode.FRONT_BUMPER
    estimate = snapshot(
        [
            parts(hood, "1800"),
            labour(hood, Action.REMOVE_REFIT, "1"),
            *paint(bumper, "3"),
            salvage(hood, "54"),
            labour(bumper, Action.REPAIR, "2"),
        ],
        fault="100.00",
        absolute="300",
        recovered="50",
    )
    return [
        analyse(figure=parse_quote_text(QUOTE_4S, default_price_type=PriceType.OEM_GUIDE), estimate=estimate_v2()),
        analyse(
            figure=figure(
                line("发动机盖", "2600", Operation.REPLACE, quantity=2, price_type=PriceType.OEM_GUIDE),
                line("前杠", "900", Operation.PAINT, hours=4),
                line("前杠", "600", Operation.REPLACE),
                line("车顶", "500", Operation.REPAIR),
            ),
            estimate=estimate,
        ),
        analyse(figure=CustomerFigure(m("5000")), estimate=estimate),
    ]


@pytest.mark.parametrize("lang", list(Lang))
def test_wording_is_neutral(lang: Lang) -> None:
    for a in analyses():
        text = explain(a, lang).as_text()
        for pattern in FORBIDDEN[lang]:
            assert re.search(pattern, text, flags=re.IGNORECASE) is None, (pattern, text)


@pytest.mark.parametrize("lang", list(Lang))
def test_every_estimate_line_cites_source_version_and_rule(lang: Lang) -> None:
    for a in analyses()[:2]:
        for x in explain(a, lang).lines:
            if x.estimate_amount is not None and x.estimate_amount.amount > 0:
                assert CATALOG_VERSION in x.text and LIST_VERSION in x.text
                assert re.search(r"R-[A-Z0-9-]+", x.text)
                assert SOURCE in x.text or "工时标准" in x.text or "辅料标准" in x.text


@pytest.mark.parametrize("lang", list(Lang))
def test_deductions_cite_the_policy_clause(lang: Lang) -> None:
    a = analyses()[1]
    deductions = [x for x in explain(a, lang).lines if x.customer_amount is None]
    assert len(deductions) == 3  # salvage, recovery, deductible
    assert all(CLAUSE in x.text for x in deductions)


def test_explanations_name_the_source_of_each_difference() -> None:
    text = explain(analyses()[1], Lang.EN).as_text()
    assert "parts price type" in text and "4S dealer guide price" in text
    assert "the quote has 2, the estimate 1" in text
    assert "the quote is about 4 h, the standard is 3 h" in text
    assert "repairs this part rather than replacing it" in text
    assert "is not in the estimate" in text  # the roof: theirs only


def test_both_languages_cover_the_same_lines() -> None:
    for a in analyses():
        zh, en = explain(a, Lang.ZH), explain(a, Lang.EN)
        assert len(zh.lines) == len(en.lines) > 0
        assert [x.customer_amount for x in zh.lines] == [x.customer_amount for x in en.lines]
    assert "提供维修报价明细后" in explain(analyses()[2], Lang.ZH).as_text()
