"""A golden dispute, computed by hand: a 4S dealer's itemized quote for a front-bumper and
headlamp repair against our estimate (version 2) for the same damage."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from api.auth.roles import Role
from api.disputes.analysis import Flag, GapCause, analyse
from api.disputes.classify import Cause, classify
from api.disputes.config import DisputeSettings
from api.disputes.explain import Lang, explain
from api.disputes.quote import Operation, parse_quote_text
from api.disputes.recommend import Remedy, Tier, check_authority, recommend
from api.disputes.snapshot import EstimateSnapshot, snapshot_from_body, snapshot_from_estimate
from pricing import (
    Action,
    Finding,
    PartCode,
    PolicyTerms,
    PriceType,
    Rules,
    Vehicle,
    VehicleClass,
    build_estimate,
    load_sample_catalog,
)
from tests.api.disputes.factories import labour, m, paint, parts, snapshot

QUOTE_4S = """\
# 上海某品牌4S店 维修估价单 2026-11-20
序号 项目 作业 数量/工时 金额
1. 前保险杠皮 更换 4S 1件 2,680.00
2. 前保险杠 拆装 1.5工时 270.00
3. 前保险杠 喷漆 1,100.00
4. 左前大灯总成 更换 4S 1件 4,350.00
5. 左前大灯 拆装 0.5工时 90.00
6. 前杠支架 更换 4S 1件 260.00
合计 8,750.00
"""


def estimate_v2() -> EstimateSnapshot:
    bumper, lamp = PartCode.FRONT_BUMPER, PartCode.FRONT_LEFT_LIGHT
    lines = [
        parts(bumper, "1650.00"),
        labour(bumper, Action.REMOVE_REFIT, "1.5", "120.00"),  # 180.00
        *paint(bumper, "3.0", "130.00", "260.00"),  # 390.00 + 260.00
        parts(lamp, "2100.00"),
        labour(lamp, Action.REMOVE_REFIT, "0.5", "120.00"),  # 60.00
    ]
    return replace(snapshot(lines, absolute="300.00"), version=2)


def test_golden_dispute_line_by_line() -> None:
    figure = parse_quote_text(QUOTE_4S, default_price_type=PriceType.OEM_GUIDE)
    estimate = estimate_v2()
    assert figure.total == m("8750.00")
    assert estimate.net_repair_cost == m("4640.00") and estimate.payable == m("4340.00")

    a = analyse(figure=figure, estimate=estimate, above_market_factor=Decimal("1.5"))
    assert a.gap == m("4410.00")
    rows = {(c.part, c.operation): [(x.cause, str(x.amount.amount)) for x in c.components] for c in a.comparisons}
    assert rows == {
        (PartCode.FRONT_BUMPER, Operation.REPLACE): [(GapCause.PRICE_TYPE, "1030.00")],
        (PartCode.FRONT_BUMPER, Operation.REMOVE_REFIT): [(GapCause.LABOUR_RATE, "90.00")],
        (PartCode.FRONT_BUMPER, Operation.PAINT): [(GapCause.LABOUR_HOURS, "450.00")],
        (PartCode.FRONT_LEFT_LIGHT, Operation.REPLACE): [(GapCause.PRICE_TYPE, "2250.00")],
        (PartCode.FRONT_LEFT_LIGHT, Operation.REMOVE_REFIT): [(GapCause.LABOUR_RATE, "30.00")],
        (None, Operation.REPLACE): [(GapCause.SCOPE, "260.00")],  # the bracket: theirs only
    }
    assert {k: str(v.amount) for k, v in a.by_cause().items()} == {
        GapCause.PRICE_TYPE: "3280.00",
        GapCause.LABOUR_RATE: "120.00",
        GapCause.LABOUR_HOURS: "450.00",
        GapCause.SCOPE: "260.00",
        GapCause.DEDUCTIBLE: "300.00",
    }
    # 2,680 > 1.5 × 1,650 and 4,350 > 1.5 × 2,100; the 180/h rate is exactly 1.5 × 120: not flagged
    flagged = {(c.part, c.operation) for c in a.comparisons if Flag.ABOVE_MARKET in c.flags}
    assert flagged == {(PartCode.FRONT_BUMPER, Operation.REPLACE), (PartCode.FRONT_LEFT_LIGHT, Operation.REPLACE)}

    complaint = classify("4S店报价8750，你们定损才赔4340，金额太低，免赔额也没解释")
    assert complaint.cause is Cause.AMOUNT
    rec = recommend(
        cause=complaint.cause, classification=complaint, analysis=a, prior_unresolved=0, settings=DisputeSettings()
    )
    assert rec.tier is Tier.MODERATE
    # negotiable: 90 + 450 + 30 on unflagged lines; offered between half and all of it
    assert (rec.compensation_low, rec.compensation_high) == (m("285.00"), m("570.00"))
    assert rec.reassessment and Remedy.THIRD_PARTY_REASSESSMENT in rec.remedies
    assert not check_authority(Role.COMPLAINT_HANDLER, rec.compensation_high, DisputeSettings()).within
    assert check_authority(Role.SENIOR_ADJUSTER, rec.compensation_high, DisputeSettings()).within

    zh = explain(a, Lang.ZH)
    assert "差额 4,410.00 CNY" in zh.summary and "第 2 版" in zh.summary
    assert any("4S店官方指导价" in x.text and "市场原厂件价" in x.text for x in zh.lines)
    assert any(x.item == "免赔额" and "机动车损失保险条款第二十一条" in x.text for x in zh.lines)


def test_a_real_pricing_estimate_snapshots_and_reconciles() -> None:
    est = build_estimate(
        findings=[
            Finding("f1", "front_bumper", "crack", "severe", ("p1",), "0.9"),
            Finding("f2", "front_left_light", "lamp_broken", "moderate", ("p2",), "0.9"),
        ],
        vehicle=Vehicle(VehicleClass.COMPACT),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(fault_deductible_rate=Decimal("0.1")),
    )
    snap = snapshot_from_estimate(est, claim_ref="c-1")
    assert EstimateSnapshot.from_json(snap.to_json()) == snap
    assert snap.net_repair_cost == est.net_repair_cost and snap.payable == est.settlement.payable
    figure = parse_quote_text(QUOTE_4S)
    a = analyse(figure=figure, estimate=snap)
    assert sum((v.amount for v in a.by_cause().values()), Decimal(0)) == a.gap.amount
    assert all(line.price_list_version for line in snap.lines if line.amount is not None)


def test_a_stored_estimate_body_freezes_like_the_estimate() -> None:
    from pricing import to_jsonable

    est = build_estimate(
        findings=[
            Finding("f1", "hood", "dent", "severe", ("p1",), "0.9"),
            Finding("f2", "front_left_light", "lamp_broken", "moderate", ("p2",), "0.9"),
        ],
        vehicle=Vehicle(VehicleClass.COMPACT),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(fault_deductible_rate=Decimal("0.1")),
    )
    body = to_jsonable(est)
    assert isinstance(body, dict)
    assert snapshot_from_body(body, claim_ref="c") == snapshot_from_estimate(est, claim_ref="c")
