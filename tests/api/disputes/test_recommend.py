from __future__ import annotations

from decimal import Decimal

import pytest

from api.auth.roles import Role
from api.disputes.analysis import Analysis, analyse
from api.disputes.classify import Cause, classify
from api.disputes.config import DisputeSettings
from api.disputes.quote import CustomerFigure, Operation
from api.disputes.recommend import Recommendation, Remedy, Tier, check_authority, needs_reassessment, recommend
from pricing import Money, PartCode
from tests.api.disputes.factories import figure, line, m, parts, snapshot

SETTINGS = DisputeSettings()
HOOD = PartCode.HOOD


def rec(text: str, *, prior: int = 0, analysis: Analysis | None = None) -> Recommendation:
    c = classify(text)
    return recommend(cause=c.cause, classification=c, analysis=analysis, prior_unresolved=prior, settings=SETTINGS)


def test_minor_timing_complaint_gets_speed_up_or_voucher() -> None:
    r = rec("等了太久，太慢了")
    assert r.tier is Tier.MINOR
    assert r.remedies[:2] == (Remedy.SPEED_UP_PAYMENT, Remedy.VOUCHER)
    assert r.compensation_high == m("50.00")


def test_amount_dispute_is_moderate_with_a_range_from_the_negotiable_gap() -> None:
    a = analyse(
        figure=figure(line("发动机盖", "1800", Operation.REPLACE), line("发动机盖", "600", Operation.REPAIR)),
        estimate=snapshot([parts(HOOD, "1800")]),
    )
    r = rec("定损金额太低", analysis=a)
    assert r.tier is Tier.MODERATE
    # the repair line is scope (ours has none): explained, not negotiated
    assert r.compensation_high == m("0.00") and Remedy.EXPLAIN_WITH_EVIDENCE in r.remedies


def test_negotiable_range_is_capped() -> None:
    a = analyse(figure=figure(line("发动机盖", "2700", Operation.REPLACE)), estimate=snapshot([parts(HOOD, "1800")]))
    settings = DisputeSettings(moderate_cap=Decimal("500"))
    r = recommend(cause=Cause.AMOUNT, classification=None, analysis=a, prior_unresolved=0, settings=settings)
    assert (r.compensation_low, r.compensation_high) == (m("250.00"), m("500.00"))


@pytest.mark.parametrize(("prior", "tier"), [(0, Tier.MODERATE), (1, Tier.MODERATE), (2, Tier.SEVERE)])
def test_repeated_unresolved_complaints_are_severe(prior: int, tier: Tier) -> None:
    r = rec("金额太低", prior=prior)
    assert r.tier is tier
    if tier is Tier.SEVERE:
        assert Remedy.SUPERVISOR_INTERVENTION in r.remedies


def test_bad_service_is_severe() -> None:
    assert rec("客服态度差，电话没人接，联系不上").tier is Tier.SEVERE
    assert rec("电话").tier is Tier.MINOR


@pytest.mark.parametrize(
    ("total", "by", "expected"),
    [
        ("4799.99", "amount", False),
        ("4800.00", "amount", True),  # gap 3,000.00
        ("2699.99", "ratio", False),
        ("2700.00", "ratio", True),  # gap 900.00 = 50% of 1,800.00
    ],
)
def test_third_party_reassessment_when_the_gap_is_large(total: str, by: str, expected: bool) -> None:
    settings = (
        DisputeSettings(reassessment_gap_ratio=Decimal("100"))
        if by == "amount"
        else DisputeSettings(reassessment_gap_amount=Decimal("1000000"))
    )
    a = analyse(figure=CustomerFigure(m(total)), estimate=snapshot([parts(HOOD, "1800")]))
    assert needs_reassessment(a, settings) is expected


def test_repeated_material_on_another_claim_sends_to_fraud_review() -> None:
    a = analyse(
        figure=CustomerFigure(m("1900")), estimate=snapshot([parts(HOOD, "1800")]), repeated_on=[("other", False)]
    )
    assert Remedy.FRAUD_REVIEW in rec("金额", analysis=a).remedies


@pytest.mark.parametrize(
    ("role", "amount", "within"),
    [
        (Role.COMPLAINT_HANDLER, "0.00", True),
        (Role.COMPLAINT_HANDLER, "500.00", True),
        (Role.COMPLAINT_HANDLER, "500.01", False),
        (Role.SENIOR_ADJUSTER, "2000.00", True),
        (Role.SENIOR_ADJUSTER, "2000.01", False),
        (Role.SUPERVISOR, "1000000.00", True),
        (Role.JUNIOR_ADJUSTER, "0.00", True),
        (Role.JUNIOR_ADJUSTER, "0.01", False),  # not listed: no authority
    ],
)
def test_authority_per_role(role: Role, amount: str, within: bool) -> None:
    assert check_authority(role, Money.of(amount), SETTINGS).within is within


def test_authority_is_configurable_and_refuses_negative_amounts() -> None:
    settings = DisputeSettings(authority={Role.COMPLAINT_HANDLER: Decimal("800")})
    assert check_authority(Role.COMPLAINT_HANDLER, m("800"), settings).within
    assert not check_authority(Role.SUPERVISOR, m("1"), settings).within
    with pytest.raises(ValueError):
        check_authority(Role.SUPERVISOR, m("-1"), SETTINGS)


def test_settings_refuse_floats() -> None:
    with pytest.raises(ValueError):
        DisputeSettings(above_market_factor=1.5)
