from __future__ import annotations

import copy
from typing import Any

import pytest

from api.errors import PROBLEM_MEDIA_TYPE
from tests.api.disputes.helpers import estimate_body, golden_body, make_desk
from tests.fixtures.harness import Harness


def test_golden_dispute_through_the_api(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file(estimate_version=2)
    response = desk.analyse(complaint["id"])
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["gap"] == {"amount": "4410.00", "currency": "CNY"}
    assert result["by_cause"] == {
        "price_type": {"amount": "3280.00", "currency": "CNY"},
        "labour_rate": {"amount": "120.00", "currency": "CNY"},
        "labour_hours": {"amount": "450.00", "currency": "CNY"},
        "scope": {"amount": "260.00", "currency": "CNY"},
        "deductible": {"amount": "300.00", "currency": "CNY"},
    }
    assert result["flags"] == ["above_market", "unrecognised_item"]
    rec = result["recommendation"]
    assert rec["tier"] == "moderate" and rec["reassessment"] is True
    assert rec["compensation_high"] == {"amount": "570.00", "currency": "CNY"}
    assert harness.client.get(f"/complaints/{complaint['id']}/analysis", headers=desk.handler).json() == result

    zh = harness.client.get(f"/complaints/{complaint['id']}/explanation?lang=zh", headers=desk.customer)
    assert zh.status_code == 200 and zh.json()["estimate_version"] == 2
    assert "差额 4,410.00 CNY" in zh.json()["summary"]
    en = harness.client.get(f"/complaints/{complaint['id']}/explanation?lang=en", headers=desk.customer).json()
    assert len(en["lines"]) == len(zh.json()["lines"]) == 7
    assert any("4S dealer guide price" in x["text"] for x in en["lines"])
    assert (
        harness.client.get(f"/complaints/{complaint['id']}/explanation?lang=fr", headers=desk.customer).status_code
        == 422
    )
    assert harness.client.get(f"/complaints/{complaint['id']}/explanation", headers=desk.other).status_code == 404


def test_itemized_lines_and_a_bare_total(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    lines = [
        {"name": "前杠", "operation": "paint", "amount": {"amount": "1100.00", "currency": "CNY"}},
        {"name": "左前大灯", "operation": "replace", "amount": {"amount": "2100.00", "currency": "CNY"}},
    ]
    body = {"estimate": estimate_body(), "lines": lines, "stated_total": {"amount": "3200.00", "currency": "CNY"}}
    result = desk.analyse(complaint["id"], body).json()
    assert result["by_cause"]["labour_hours"] == {"amount": "450.00", "currency": "CNY"}
    total = desk.analyse(complaint["id"], {"estimate": estimate_body(), "total": {"amount": "5000.00"}}).json()
    assert total["by_cause"] == {
        "unitemized": {"amount": "360.00", "currency": "CNY"},
        "deductible": {"amount": "300.00", "currency": "CNY"},
    }
    assert total["comparisons"] == []


def _with(**changes: Any) -> dict[str, Any]:
    body = golden_body()
    for key, value in changes.items():
        body[key] = value
    return body


def _estimate(**changes: Any) -> dict[str, Any]:
    estimate = copy.deepcopy(estimate_body())
    estimate.update(changes)
    return estimate


BAD_BODIES = {
    "wrong currency": (_with(quote_text=None, total={"amount": "100.00", "currency": "USD"}), "validation-error"),
    "negative figure": (_with(quote_text=None, total={"amount": "-1.00", "currency": "CNY"}), "validation-error"),
    "float figure": (_with(quote_text=None, total={"amount": 100.5, "currency": "CNY"}), "validation-error"),
    "two figures": (_with(total={"amount": "100.00", "currency": "CNY"}), "validation-error"),
    "no figure": (_with(quote_text=None), "validation-error"),
    "unreadable quote": (_with(quote_text="前保险杠皮 更换 abc\n左前大灯 -3950"), "quote-unreadable"),
    "quote total differs": (_with(quote_text="前杠 喷漆 800\n合计 900"), "quote-unreadable"),
    "stated total differs": (
        _with(
            quote_text=None,
            lines=[{"name": "前杠", "amount": {"amount": "800.00", "currency": "CNY"}}],
            stated_total={"amount": "900.00", "currency": "CNY"},
        ),
        "invalid-figure",
    ),
    "estimate in USD": (_with(estimate=_estimate(currency="USD")), "validation-error"),
    "duplicate estimate lines": (
        _with(estimate=_estimate(lines=estimate_body()["lines"] * 2)),
        "invalid-estimate",
    ),
    "another estimate version": (_with(estimate=_estimate(version=3)), "invalid-estimate"),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_bad_figures_are_422_problems_and_record_nothing(harness: Harness, case: str) -> None:
    body, problem = BAD_BODIES[case]
    desk = make_desk(harness)
    complaint = desk.file(estimate_version=2)
    before = harness.row_counts()
    response = desk.analyse(complaint["id"], body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["type"] == f"urn:claimsight:problem:{problem}"
    assert harness.row_counts() == before
    if case == "unreadable quote":
        assert [p["line"] for p in response.json()["problems"]] == [1, 2]


def test_the_same_quote_on_another_claim_is_flagged(harness: Harness) -> None:
    desk = make_desk(harness)
    first = desk.file()
    assert "repeated_other_claim" not in desk.analyse(first["id"]).json()["flags"]
    again = desk.analyse(first["id"]).json()  # re-analysing one's own complaint is not repetition
    assert not {"repeated_other_claim", "repeated_same_claim"} & set(again["flags"])
    second_claim = harness.create_claim(desk.customer)["id"]
    second = harness.client.post(
        f"/claims/{second_claim}/complaints", json={"channel": "web", "text": "金额太低"}, headers=desk.customer
    ).json()
    result = desk.analyse(second["id"]).json()
    assert "repeated_other_claim" in result["flags"] and result["repeated_on"] == [desk.claim_id]
    assert "fraud_review" in result["recommendation"]["remedies"]
    same_claim = desk.file()
    assert "repeated_same_claim" in desk.analyse(same_claim["id"]).json()["flags"]


def test_only_the_desk_analyses_and_explanations_need_an_analysis(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    assert desk.post(f"/complaints/{complaint['id']}/analysis", desk.customer, golden_body()).status_code == 403
    response = harness.client.get(f"/complaints/{complaint['id']}/explanation", headers=desk.customer)
    assert response.status_code == 409 and response.json()["type"] == "urn:claimsight:problem:illegal-complaint-move"


def _store_estimate(harness: Harness, claim_id: str) -> None:
    import uuid
    from decimal import Decimal

    from api.db.models.estimate import EstimateVersion
    from pricing import (
        Finding,
        PolicyTerms,
        Rules,
        Vehicle,
        VehicleClass,
        build_estimate,
        load_sample_catalog,
        to_jsonable,
    )

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
    with harness.session() as session:
        session.add(
            EstimateVersion(
                claim_id=uuid.UUID(claim_id),
                version=1,
                parent_version=None,
                catalog_version=est.catalog_version,
                rules_version=est.rules_version,
                currency="CNY",
                net_repair_cost=est.net_repair_cost.amount,
                payable=est.settlement.payable.amount,
                tier=est.tier.value,
                complete=est.complete,
                body=to_jsonable(est),
                assumptions=[],
            )
        )


def test_the_claims_stored_estimate_is_used_when_none_is_sent(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    body = {"quote_text": "前保险杠皮 更换 2680\n左前大灯 更换 3950"}
    missing = desk.analyse(complaint["id"], body)
    assert missing.status_code == 422 and missing.json()["type"] == "urn:claimsight:problem:invalid-estimate"
    _store_estimate(harness, desk.claim_id)
    result = desk.analyse(complaint["id"], body).json()
    assert result["estimate_version"] == 1
    unknown = {"channel": "app", "text": "金额太低", "estimate_version": 2}  # version 2 is not stored
    refused = harness.client.post(f"/claims/{desk.claim_id}/complaints", json=unknown, headers=desk.customer)
    assert refused.status_code == 404 and refused.json()["type"] == "urn:claimsight:problem:no-estimate"
    explanation = harness.client.get(f"/complaints/{complaint['id']}/explanation?lang=en", headers=desk.customer)
    assert "catalog version sample-2026.2" in explanation.text


def _read_quote(harness: Harness, claim_id: str, uploader: str, items: list[dict[str, Any]], kind: str) -> str:
    import uuid

    from api.db.models import Document
    from api.db.models.ocr import DocumentReading

    with harness.session() as session:
        document = Document(
            claim_id=uuid.UUID(claim_id),
            uploaded_by=uuid.UUID(uploader),
            sha256="0" * 64,
            content_type="image/jpeg",
            size_bytes=1,
            kind="repair_quote",
        )
        session.add(document)
        session.flush()
        session.add(
            DocumentReading(
                document_id=document.id,
                claim_id=document.claim_id,
                kind=kind,
                kind_confidence=0.9,
                engine="fake",
                fields=[],
                items=items,
                messages=[],
                quarter_turns=0,
                latency_ms=1,
            )
        )
        return str(document.id)


def _row(part: str, op: str, amount: str, quantity: str = "1") -> dict[str, Any]:
    return {
        k: {"value": v, "confidence": 0.9}
        for k, v in (("part", part), ("operation", op), ("amount", amount), ("quantity", quantity))
    }


def test_a_repair_quote_read_by_ocr_is_the_figure(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    owner = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()["customer_id"]
    rows = [
        _row("前保险杠皮", "更换", "2680.00"),
        _row("左前大灯总成", "更换", "4350.00"),
        _row("前杠支架", "更换", "260.00"),
    ]
    document_id = _read_quote(harness, desk.claim_id, owner, rows, "repair_quote")
    body = {"estimate": golden_body()["estimate"], "document_id": document_id, "default_price_type": "oem_guide"}
    result = desk.analyse(complaint["id"], body)
    assert result.status_code == 201, result.text
    assert result.json()["figure_total"] == {"amount": "7290.00", "currency": "CNY"}
    # the replacements pair with their remove/refit labour too (180 + 60), which this quote does not list
    assert result.json()["by_cause"]["price_type"] == {"amount": "3040.00", "currency": "CNY"}

    bad = _read_quote(harness, desk.claim_id, owner, [_row("前杠", "喷漆", "n/a")], "repair_quote")
    unreadable = desk.analyse(complaint["id"], {**body, "document_id": bad})
    assert unreadable.status_code == 422 and unreadable.json()["problems"] == [
        {"row": 1, "reason": "no readable amount"}
    ]
    licence = _read_quote(harness, desk.claim_id, owner, rows, "driving_licence")
    assert desk.analyse(complaint["id"], {**body, "document_id": licence}).status_code == 422
    other_claim = harness.create_claim(desk.customer)["id"]
    elsewhere = _read_quote(harness, other_claim, owner, rows, "repair_quote")
    assert desk.analyse(complaint["id"], {**body, "document_id": elsewhere}).status_code == 422
