"""The dispute form's own example, end to end: "前挡风玻璃 更换 1800" against a real pricing
estimate with a front-glass replacement pairs with the glass lines and yields a non-zero
recommended compensation range (issue 14, item 1)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest

from api.disputes.snapshot import snapshot_from_estimate
from pricing import Finding, PolicyTerms, Rules, Vehicle, VehicleClass, build_estimate, load_sample_catalog
from tests.api.disputes.helpers import make_desk
from tests.fixtures.harness import Harness


def glass_estimate_body() -> dict[str, Any]:
    """A real estimate: the windscreen replaced (parts + remove/refit labour), a bumper repaired."""
    est = build_estimate(
        findings=[
            Finding("f1", "front_glass", "glass_shatter", "severe", ("p1",), "0.9"),
            Finding("f2", "front_bumper", "dent", "moderate", ("p2",), "0.9"),
        ],
        vehicle=Vehicle(VehicleClass.COMPACT),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="default",
        policy_terms=PolicyTerms(),
    )
    data = snapshot_from_estimate(est).to_json()
    data.pop("claim_ref")
    return data


def cny(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CNY"}


# How the dispute form sends it (the name keeps the operation word), and as a quote's text.
FORM_LINES = {"lines": [{"name": "前挡风玻璃 更换", "amount": cny("1800")}]}
QUOTE_TEXT = {"quote_text": "前挡风玻璃 更换 1800"}


@pytest.mark.parametrize("figure", [FORM_LINES, QUOTE_TEXT], ids=["form-lines", "quote-text"])
def test_the_forms_own_example_pairs_and_recommends_a_range(harness: Harness, figure: dict[str, Any]) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    response = desk.analyse(complaint["id"], {"estimate": glass_estimate_body(), **figure})
    assert response.status_code == 201, response.text
    result = response.json()
    glass = [c for c in result["comparisons"] if c["part"] == "front_glass"]
    assert len(glass) == 1, glass  # one pair, not the item and the estimate lines side by side
    (pair,) = glass
    assert len(pair["customer_items"]) == 1
    assert pair["estimate_line_ids"] == ["front_glass/parts", "front_glass/labour.remove_refit"]
    assert pair["customer_amount"] == cny("1800.00") and pair["estimate_amount"] == cny("1380.00")
    assert [x["cause"] for x in pair["components"]] == ["part_price"] and pair["unpaired_reason"] is None
    # each customer item appears exactly once over all comparisons
    assert sum(len(c["customer_items"]) for c in result["comparisons"]) == 1
    rec = result["recommendation"]
    assert Decimal(rec["compensation_low"]["amount"]) > 0
    assert Decimal(rec["compensation_high"]["amount"]) == Decimal("420.00")  # 1800 - (1200 + 180)


def test_the_windscreen_never_reads_as_the_rear_window() -> None:
    from api.disputes.align import recognise
    from pricing import PartCode

    assert recognise("挡风玻璃") is PartCode.FRONT_GLASS


def _web_sign_in(h: Harness, email: str) -> str:
    """Sign in through the page as a browser would; the CSRF token for later forms."""
    from tests.fixtures.harness import PASSWORD

    h.client.cookies.clear()
    h.client.get("/web/login")
    token = h.client.cookies["claimsight_csrf"]
    response = h.client.post(
        "/web/login", data={"email": email, "password": PASSWORD, "csrf_token": token, "next": "/web"}
    )
    assert response.status_code in (200, 303), response.text
    return str(h.client.cookies["claimsight_csrf"])


def test_the_forms_own_example_through_the_pages(harness: Harness) -> None:
    """The customer disputes on the claim page with the item as the form shows it; the desk
    runs the analysis against the stored estimate version from the complaint page."""
    from sqlalchemy import select

    from api.auth.actor import Actor
    from api.auth.roles import Role
    from api.db.models import Claim
    from api.disputes.models import Complaint
    from api.estimates import service as estimates

    h = harness
    customer, headers = h.login(Role.CUSTOMER)
    claim_id = str(h.create_claim(headers)["id"])
    est = build_estimate(
        findings=[Finding("f1", "front_glass", "glass_shatter", "severe", ("p1",), "0.9")],
        vehicle=Vehicle(VehicleClass.COMPACT),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="default",
        policy_terms=PolicyTerms(),
    )
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        estimates._store(  # a stored version, without running the detector first
            session, claim=claim, estimate=est, actor=Actor.of(customer), parent_version=None,
            assessment_id=None, assumptions=(),
        )  # fmt: skip
    csrf = _web_sign_in(h, customer.email)
    disputed = h.client.post(
        f"/web/claims/{claim_id}/dispute",
        data={"csrf_token": csrf, "text": "定损金额太低", "lines": "前挡风玻璃 更换 1800"},
        follow_redirects=False,
    )
    assert disputed.status_code == 303, disputed.text
    with h.session() as session:
        complaint_id = str(session.scalars(select(Complaint.id).where(Complaint.claim_id == uuid.UUID(claim_id))).one())
    handler, handler_headers = h.login(Role.COMPLAINT_HANDLER)
    csrf = _web_sign_in(h, handler.email)
    analysed = h.client.post(
        f"/web/complaints/{complaint_id}/analysis", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert analysed.status_code == 303, analysed.text
    result = h.client.get(f"/complaints/{complaint_id}/analysis", headers=handler_headers).json()
    (pair,) = [c for c in result["comparisons"] if c["customer_items"]]
    assert pair["part"] == "front_glass" and len(pair["estimate_line_ids"]) == 2
    assert [c["unpaired_reason"] for c in result["comparisons"]] == [None]
    rec = result["recommendation"]
    assert Decimal(rec["compensation_low"]["amount"]) > 0 and Decimal(rec["compensation_high"]["amount"]) > 0
