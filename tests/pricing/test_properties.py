"""Hypothesis properties of estimates: the lines add up, order does not matter, no float anywhere."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pricing import (
    UNKNOWN_PART,
    CaseFacts,
    DamageType,
    Estimate,
    Finding,
    InMemoryCatalog,
    LineEdit,
    LineFlag,
    LineKind,
    Money,
    PartCode,
    PolicyTerms,
    ReasonCode,
    Role,
    Rules,
    Severity,
    Vehicle,
    VehicleClass,
    build_estimate,
    from_jsonable,
    load_sample_catalog,
    revise_estimate,
    to_jsonable,
)

SAMPLE = load_sample_catalog()
# a catalog with holes: every third entry dropped, so some lines need manual pricing
HOLEY = InMemoryCatalog.from_entries(version="holey", entries=SAMPLE.entries[::3] + SAMPLE.entries[1::3])

findings_st = st.lists(
    st.builds(
        Finding,
        finding_id=st.text(alphabet="abcdef0123", min_size=1, max_size=6),
        part_code=st.sampled_from([p.value for p in PartCode] + [UNKNOWN_PART]),
        damage_type=st.sampled_from(list(DamageType)),
        severity=st.sampled_from(list(Severity)),
        photo_ids=st.lists(st.sampled_from(["p1", "p2", "p3", "p4"]), max_size=3).map(tuple),
        confidence=st.decimals(min_value=0, max_value=1, places=4),
    ),
    max_size=12,
    unique_by=lambda f: f.finding_id,
)
cases_st = st.fixed_dictionaries(
    {
        "vehicle": st.builds(
            Vehicle,
            st.sampled_from(list(VehicleClass)),
            st.sampled_from([None, "Toyota"]),
            st.sampled_from([None, "Corolla"]),
            st.sampled_from([None, 2018, 2021]),
        ),
        "region": st.sampled_from(["310000", "110000", "440300", "310115", "510100", "default"]),
        "catalog": st.sampled_from([SAMPLE, HOLEY]),
        "policy_terms": st.builds(
            PolicyTerms,
            fault_deductible_rate=st.decimals(min_value=0, max_value="0.3", places=2),
            absolute_deductible=st.integers(0, 2000).map(Money.of),
        ),
        "case_facts": st.builds(
            CaseFacts,
            vehicles_involved=st.integers(1, 3),
            injuries=st.booleans(),
            recovered_from_third_party=st.one_of(st.none(), st.integers(0, 5000).map(Money.of)),
        ),
    }
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(findings: list[Finding], case: Mapping[str, object]) -> Estimate:
    return build_estimate(findings=findings, rules=Rules(), **case)  # type: ignore[arg-type]


@SETTINGS
@given(findings_st, cases_st)
def test_lines_sum_to_subtotals_and_totals(findings: list[Finding], case: Mapping[str, object]) -> None:
    est = build(findings, case)
    priced = [x.amount for x in est.lines if x.amount is not None]
    assert Money.total(priced) == est.net_repair_cost
    for kind in LineKind:
        assert (
            Money.total(x.amount for x in est.lines if x.kind is kind and x.amount is not None) == est.subtotals[kind]
        )
    assert Money.total(est.subtotals.values()) == est.net_repair_cost
    assert est.gross_repair_cost - est.salvage_deduction == est.net_repair_cost
    assert est.salvage_deduction.amount >= 0
    s = est.settlement
    assert Money.zero() <= s.payable <= est.net_repair_cost.max_zero()
    base = (est.net_repair_cost - s.recovered).max_zero()
    assert s.payable == (base - s.fault_deductible - s.absolute_deductible).max_zero()


@SETTINGS
@given(findings_st, cases_st, st.randoms())
def test_finding_order_does_not_matter(findings: list[Finding], case: Mapping[str, object], rnd: object) -> None:
    shuffled = list(findings)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert build(findings, case) == build(shuffled, case)


def walk(value: object) -> Iterator[object]:
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from walk(getattr(value, f.name))
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from walk(k)
            yield from walk(v)
    elif isinstance(value, tuple | list | frozenset | set):
        for v in value:
            yield from walk(v)


@SETTINGS
@given(findings_st, cases_st)
def test_no_float_anywhere_and_every_amount_is_exact(findings: list[Finding], case: Mapping[str, object]) -> None:
    est = build(findings, case)
    values = list(walk(est))
    assert not any(isinstance(v, float) for v in values)
    monies = [v for v in values if isinstance(v, Money)]
    assert monies and all(type(m.amount) is Decimal and m.currency == "CNY" for m in monies)
    data = to_jsonable(est)
    assert not any(isinstance(v, float) for v in walk(data))
    assert from_jsonable(Estimate, json.loads(json.dumps(data, ensure_ascii=False))) == est


@SETTINGS
@given(findings_st, cases_st)
def test_every_line_is_priced_to_the_cent_or_marked_for_manual_pricing(
    findings: list[Finding], case: Mapping[str, object]
) -> None:
    est = build(findings, case)
    for line in est.lines:
        assert (line.amount is None) == (LineFlag.NEEDS_MANUAL_PRICING in line.flags)
        if line.amount is not None and line.unit_price is not None:
            assert line.amount == (line.unit_price * line.quantity).quantized(), line.line_id
        if line.amount is not None:
            assert line.amount.amount == line.amount.amount.quantize(Decimal("0.01"))
            assert line.amount.amount != 0
            assert (line.amount.amount < 0) == (line.kind in (LineKind.SALVAGE, LineKind.ADJUSTMENT))
        assert line.explanation_zh and line.explanation_en and line.rule_ids
    assert est.complete == (
        not any(x.flags & {LineFlag.NEEDS_MANUAL_PRICING, LineFlag.NEEDS_ADJUSTER} for x in est.lines)
    )
    found = {f.finding_id for f in findings}
    assert {i for x in est.lines for i in x.evidence.finding_ids} == found


@SETTINGS
@given(findings_st, cases_st, st.data())
def test_revisions_keep_the_sums_and_list_exactly_what_changed(
    findings: list[Finding], case: Mapping[str, object], data: st.DataObject
) -> None:
    v1 = build(findings, case)
    editable = [x for x in v1.lines if x.kind not in (LineKind.SALVAGE, LineKind.ADJUSTMENT)]
    assume(editable)
    chosen = data.draw(st.lists(st.sampled_from(editable), min_size=1, unique_by=lambda x: x.line_id))
    amounts = data.draw(st.lists(st.integers(1, 50_000), min_size=len(chosen), max_size=len(chosen)))
    edits = [
        LineEdit(x.line_id, ReasonCode.PRICE_CORRECTION, amount=Money.of(a))
        for x, a in zip(chosen, amounts, strict=True)
    ]
    v2 = revise_estimate(v1, edits=edits, actor_role=Role.SENIOR_ADJUSTER)
    assert v2.version == v1.version + 1
    assert Money.total(x.amount for x in v2.lines if x.amount is not None) == v2.net_repair_cost
    assert v2.revision is not None
    user = [d for d in v2.revision.diffs if d.reason is ReasonCode.PRICE_CORRECTION]
    assert [d.line_id for d in user] == [x.line_id for x in chosen]
    assert all(d.reason is ReasonCode.RECOMPUTED for d in v2.revision.diffs[len(user) :])
    untouched = {x.line_id for x in editable} - {x.line_id for x in chosen}
    assert all(v2.line(i) == v1.line(i) for i in untouched)
