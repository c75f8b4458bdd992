"""The estimates API on SQLite and PostgreSQL: price, read, revise, approve, report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from api.auth.roles import Role
from api.estimates.endpoints import get_catalog
from pricing import import_price_list
from tests.api.estimates.helpers import PRICE_BODY, assessed_claim, price
from tests.fixtures.harness import Harness

PROBLEM = "application/problem+json"


def _lines(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {line["line_id"]: line for line in body["lines"]}


def test_golden_estimate_end_to_end(harness: Harness) -> None:
    """A moderate dent on a compact car's front bumper in Shanghai (docs/pricing.md):
    repair 3.0 h × 120 = 360.00; R-REPLACE-80: 360 < 0.8 × (1,200 + 1.5 h × 120) = 1,104 → repair;
    paint 3.0 h × 130 = 390.00; materials 200.00; net 950.00 (single vehicle, < 1,000: simple).
    Settlement: 950.00 × (1 − 10%) = 855.00 (fault deductible 95.00), − 100.00 absolute = 755.00."""
    _, customer = harness.login(Role.CUSTOMER)
    _, junior = harness.login(Role.JUNIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])

    body = price(harness, claim_id, junior)

    assert body["version"] == 1 and body["status"] == "draft" and body["parent_version"] is None
    lines = _lines(body)
    assert list(lines) == ["front_bumper/labour.repair", "front_bumper/paint", "front_bumper/materials"]
    assert [lines[i]["amount"] for i in lines] == [
        {"amount": "360.00", "currency": "CNY"},
        {"amount": "390.00", "currency": "CNY"},
        {"amount": "200.00", "currency": "CNY"},
    ]
    assert lines["front_bumper/labour.repair"]["quantity"] == "3"
    assert "R-REPLACE-80" in lines["front_bumper/labour.repair"]["rule_ids"]
    assert body["net_repair_cost"] == {"amount": "950.00", "currency": "CNY"}
    assert body["settlement"]["fault_deductible"]["amount"] == "95.00"
    assert body["settlement"]["payable"] == {"amount": "755.00", "currency": "CNY"}
    assert body["tier"] == "simple" and body["complete"] is True
    assert body["catalog_version"] == "sample-2026.2" and body["rules_version"] == "rules-2026.1"
    assert body["assumptions"] == []

    summaries = harness.client.get(f"/claims/{claim_id}/estimates", headers=customer).json()
    assert [(s["version"], s["status"], s["payable"]["amount"]) for s in summaries] == [(1, "draft", "755.00")]

    approved = harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=junior)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["approved_by_role"] == "junior_adjuster"
    assert harness.client.get(f"/claims/{claim_id}", headers=junior).json()["state"] == "assessed"
    assert harness.client.get(f"/claims/{claim_id}", headers=customer).json()["status"] == "assessment_done"

    again = harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=junior)
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
    assert again.json()["type"].endswith("already-approved")


def test_customers_read_their_estimate_without_internal_flags(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, other = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", None)])
    price(harness, claim_id, adjuster)

    staff = harness.client.get(f"/claims/{claim_id}/estimates/1", headers=adjuster).json()
    mine = harness.client.get(f"/claims/{claim_id}/estimates/1", headers=customer).json()

    assert "flags" in staff["lines"][0] and "catalog_basis" in staff["lines"][0]
    assert staff["assumptions"] == ["1 finding(s) had no severity grade and were priced as moderate; check the photos"]
    assert all("flags" not in line and "catalog_basis" not in line for line in mine["lines"])
    assert "assumptions" not in mine and "created_by_role" not in mine
    assert mine["net_repair_cost"] == staff["net_repair_cost"]
    assert harness.client.get(f"/claims/{claim_id}/estimates/1", headers=other).status_code == 404
    assert harness.client.get(f"/claims/{claim_id}/estimates/2", headers=customer).status_code == 404


def test_unknown_part_goes_to_the_adjuster_and_blocks_approval_until_priced(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer)  # the fake detector cannot tell the part

    body = price(harness, claim_id, adjuster)
    (line,) = body["lines"]
    assert line["kind"] == "unidentified" and line["amount"] is None and line["needs_manual_pricing"] is True
    assert {"needs_adjuster", "needs_manual_pricing"} <= set(line["flags"])
    assert "R-UNKNOWN-PART" in line["rule_ids"]
    assert body["complete"] is False and body["net_repair_cost"]["amount"] == "0.00"

    refused = harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=adjuster)
    assert refused.status_code == 409 and refused.json()["type"].endswith("estimate-incomplete")

    edit = {"line_id": line["line_id"], "reason": "manual_pricing", "amount": {"amount": "420.00", "currency": "CNY"}}
    revised = harness.client.post(
        f"/claims/{claim_id}/estimates/1/revisions", json={"edits": [edit], "note": "rear door"}, headers=adjuster
    )
    assert revised.status_code == 201, revised.text
    v2 = revised.json()
    assert v2["version"] == 2 and v2["parent_version"] == 1 and v2["complete"] is True
    assert v2["revision"]["diffs"] == [
        {
            "line_id": line["line_id"],
            "change": "changed",
            "reason": "manual_pricing",
            "before": None,
            "after": {"amount": "420.00", "currency": "CNY"},
            "note": "",
        }
    ]
    assert harness.client.get(f"/claims/{claim_id}/estimates/1", headers=adjuster).json()["status"] == "superseded"
    stale = harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=adjuster)
    assert stale.status_code == 409 and stale.json()["type"].endswith("estimate-closed")
    assert harness.client.post(f"/claims/{claim_id}/estimates/2/approve", headers=adjuster).status_code == 200


def test_an_unknown_vehicle_falls_back_to_its_class_and_says_so(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_left_light", "moderate", "lamp_broken")])

    vehicle = {"vehicle_class": "compact", "make": "Nobrand", "model": "X1", "year": 2020}
    body = price(harness, claim_id, adjuster, vehicle=vehicle)

    parts = _lines(body)["front_left_light/parts"]
    assert "vehicle_class_fallback" in parts["flags"]
    assert "回退" in parts["explanation_zh"]
    assert parts["amount"] is not None


def test_a_missing_price_is_a_manual_pricing_line_never_zero(harness: Harness) -> None:
    rows = [
        "record,part_code,vehicle_class,make,model,year_from,year_to,price_type,labour_kind,severity,region,amount,hours,currency,source,effective_date",
        "labour_rate,,,,,,,,remove_refit,,default,100.00,,CNY,test rates,2026-01-01",
        "labour_hours,front_glass,*,,,,,,remove_refit,,,,2.0,,test hours,2026-01-01",
    ]
    catalog = import_price_list("\n".join(rows), fmt="csv", version="test-no-prices")
    harness.client.app.dependency_overrides[get_catalog] = lambda: catalog  # type: ignore[attr-defined]
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_glass", "severe", "glass_shatter")])
    try:
        body = price(harness, claim_id, adjuster, region="default")
    finally:
        harness.client.app.dependency_overrides.clear()  # type: ignore[attr-defined]

    lines = _lines(body)
    assert lines["front_glass/parts"]["amount"] is None
    assert lines["front_glass/parts"]["needs_manual_pricing"] is True
    assert "needs_manual_pricing" in lines["front_glass/parts"]["flags"]
    assert lines["front_glass/labour.remove_refit"]["amount"]["amount"] == "200.00"
    assert body["catalog_version"] == "test-no-prices" and body["complete"] is False


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ({"line_id": "hood/paint", "reason": "price_correction", "amount": {"amount": "1.00"}}, "invalid-revision"),
        ({"line_id": "front_bumper/paint", "amount": {"amount": "1.00"}}, "validation-error"),
        ({"line_id": "front_bumper/paint", "reason": "recomputed", "amount": {"amount": "1.00"}}, "invalid-revision"),
        ({"line_id": "front_bumper/paint", "reason": "other", "amount": 1.5}, "validation-error"),
        ({"line_id": "front_bumper/paint", "reason": "other", "remove": True, "quantity": "2"}, "validation-error"),
    ],
    ids=["no-such-line", "no-reason", "reserved-reason", "float-amount", "two-changes"],
)
def test_bad_edits_are_422_problems_and_write_nothing(harness: Harness, edit: dict[str, Any], problem: str) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    price(harness, claim_id, adjuster)
    before = harness.row_counts()

    response = harness.client.post(
        f"/claims/{claim_id}/estimates/1/revisions", json={"edits": [edit]}, headers=adjuster
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith(problem)
    assert harness.row_counts() == before


def test_a_junior_adjuster_cannot_approve_a_complex_case(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, junior = harness.login(Role.JUNIOR_ADJUSTER)
    _, senior = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")], injuries=True)
    body = price(harness, claim_id, junior)
    assert body["tier"] == "complex"
    before = harness.row_counts()

    refused = harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=junior)

    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    assert refused.json()["type"].endswith("approval-refused")
    assert "junior_adjuster may not approve a complex case" in refused.json()["reasons"]
    assert harness.row_counts() == before
    assert harness.client.get(f"/claims/{claim_id}", headers=senior).json()["state"] == "under_review"
    assert harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=senior).status_code == 200


def test_a_junior_adjuster_cannot_approve_above_their_limit(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, junior = harness.login(Role.JUNIOR_ADJUSTER)
    parts = [("hood", "severe"), ("front_left_door", "severe"), ("front_right_door", "severe"), ("trunk", "severe")]
    claim_id = assessed_claim(harness, customer, parts=parts)
    body = price(harness, claim_id, junior, vehicle={"vehicle_class": "luxury"})
    assert Decimal(body["net_repair_cost"]["amount"]) > Decimal(5000)

    refused = harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=junior)

    assert refused.status_code == 403
    assert any("above the junior_adjuster limit" in r for r in refused.json()["reasons"])


def test_pricing_needs_an_assessed_claim_under_review(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = str(harness.create_claim(customer)["id"])
    before = harness.row_counts()

    response = harness.client.post(f"/claims/{claim_id}/estimates", json=PRICE_BODY, headers=adjuster)

    assert response.status_code == 409 and response.json()["type"].endswith("not-priceable")
    assert harness.row_counts() == before


def test_repricing_makes_version_n_plus_one_and_edits_after_approval_are_409(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    price(harness, claim_id, adjuster)
    v2 = price(harness, claim_id, adjuster, region="110000")
    assert (v2["version"], v2["parent_version"], v2["region"]) == (2, 1, "110000")
    assert harness.client.post(f"/claims/{claim_id}/estimates/2/approve", headers=adjuster).status_code == 200

    edit = {"line_id": "front_bumper/paint", "reason": "other", "amount": {"amount": "1.00"}}
    closed = harness.client.post(f"/claims/{claim_id}/estimates/2/revisions", json={"edits": [edit]}, headers=adjuster)
    assert closed.status_code == 409
    assert harness.client.post(f"/claims/{claim_id}/estimates", json=PRICE_BODY, headers=adjuster).status_code == 409


def test_pricing_input_is_validated(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    url = f"/claims/{claim_id}/estimates"
    for body in (
        {**PRICE_BODY, "vehicle": {"vehicle_class": "spaceship"}},
        {**PRICE_BODY, "region": "shanghai"},
        {**PRICE_BODY, "policy_terms": {"fault_deductible_rate": 0.1}},
        {**PRICE_BODY, "policy_terms": {"fault_deductible_rate": "1.5"}},
    ):
        response = harness.client.post(url, json=body, headers=adjuster)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == PROBLEM


def test_reports_as_html_and_pdf(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    price(harness, claim_id, adjuster)

    html = harness.client.get(f"/claims/{claim_id}/estimates/1/report.html", headers=customer)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "前保险杠" in html.text and "755.00 CNY" in html.text
    assert html.text.count("data:image/jpeg;base64,") == 1  # the photo behind the lines, annotated

    pdf = harness.client.get(f"/claims/{claim_id}/estimates/1/report.pdf", headers=customer)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    pytest.importorskip("pypdf")
    from tests.api.reports.pdftext import pdf_text

    text = pdf_text(pdf.content)
    assert "前保险杠" in text and "755.00CNY" in text and "凹陷·前保险杠" in text
