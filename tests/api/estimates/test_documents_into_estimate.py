"""Issue 17 item 3: the vehicle licence and the commercial policy, once confirmed, fill the estimate
(vehicle class, make, model, year; the absolute deductible) without the adjuster typing them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from api.auth.roles import Role
from tests.api.documents.test_documents import POLICY_ROWS, upload_and_read
from tests.api.estimates.helpers import assessed_claim
from tests.fixtures.harness import Harness
from tests.inference.ocr.test_extract import VEHICLE_ROWS

TODAY = datetime.now(UTC).date()
# The same car as the licence (plate 沪AD12345: a new-energy plate), with a 500-yuan deductible.
COMMERCIAL = [
    (text.replace("沪AD12346", "沪AD12345"), box) for text, box in POLICY_ROWS if not text.startswith("保险期间")
] + [
    ("绝对免赔额：500.00元", (70, 500, 500, 530)),
    (
        f"保险期间：自{TODAY - timedelta(days=30):%Y年%m月%d日}00时起至{TODAY + timedelta(days=300):%Y年%m月%d日}止",
        (60, 860, 1000, 890),
    ),
]


def _documents(harness: Harness, claim_id: str, customer: dict[str, str]) -> dict[str, str]:
    urls = {}
    for kind, rows in (("vehicle_licence", VEHICLE_ROWS), ("policy_commercial", COMMERCIAL)):
        document_id, reading = upload_and_read(harness, customer, claim_id, rows)
        assert reading.status_code == 200 and reading.json()["kind"] == kind, reading.text
        urls[kind] = f"/claims/{claim_id}/documents/{document_id}/readings/latest"
    return urls


def _estimate(harness: Harness, claim_id: str, headers: dict[str, str], **body: Any) -> Any:
    return harness.client.post(f"/claims/{claim_id}/estimates", json={"region": "310000", **body}, headers=headers)


def test_an_estimate_after_documents_are_confirmed_carries_the_vehicle_and_deductible(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    urls = _documents(harness, claim_id, customer)

    unconfirmed = _estimate(harness, claim_id, adjuster)
    assert unconfirmed.status_code == 422, unconfirmed.text  # readings not confirmed yet: nothing is taken
    assert "vehicle.vehicle_class" in unconfirmed.json()["detail"]

    corrected = harness.client.patch(
        urls["vehicle_licence"], json={"field": "registration_date", "value": "2020-07-02"}, headers=adjuster
    )
    assert corrected.status_code == 200, corrected.text
    for url in urls.values():
        assert harness.client.post(f"{url}/confirm", headers=adjuster).status_code == 200

    inputs = harness.client.get(f"/claims/{claim_id}/estimates/from-documents", headers=adjuster).json()
    assert inputs["vehicle_facts"]["registration_date"] == {
        "value": "2020-07-02",
        "as_read": "2019-07-02",
        "corrected": True,
        "source": "vehicle_licence.registration_date",
    }
    assert inputs["policy_facts"]["policy_commercial"]["deductible"]["value"] == "500.00"
    assert (inputs["vehicle"]["vehicle_class"], inputs["absolute_deductible"]) == ("new_energy", "500.00")

    priced = _estimate(harness, claim_id, adjuster)  # no vehicle, no policy terms typed

    assert priced.status_code == 201, priced.text
    estimate = harness.client.get(f"/claims/{claim_id}/estimates/1", headers=adjuster).json()
    vehicle = {"vehicle_class": "new_energy", "make": "大众汽车", "model": "SVW71612BM", "year": 2020}
    assert estimate["vehicle"] == vehicle
    assert estimate["settlement"]["absolute_deductible"] == {"amount": "500.00", "currency": "CNY"}
    notes = "\n".join(estimate["assumptions"])
    assert "vehicle from the confirmed vehicle licence: plate 沪AD12345; vin LSVAU218XN2183294" in notes
    assert "registration_date 2020-07-02 (corrected from what OCR read: vehicle_licence.registration_date)" in notes
    assert "absolute deductible 500.00 CNY from the confirmed policy_commercial.deductible" in notes
    # The reading keeps the value as read beside the correction.
    fields = {f["name"]: f for f in harness.client.get(urls["vehicle_licence"], headers=adjuster).json()["fields"]}
    registered = fields["registration_date"]
    assert (registered["value"], registered["ocr_value"]) == ("2020-07-02", "2019-07-02")


def test_what_the_adjuster_sends_wins_over_the_documents(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    for url in _documents(harness, claim_id, customer).values():
        assert harness.client.post(f"{url}/confirm", headers=adjuster).status_code == 200

    priced = _estimate(
        harness,
        claim_id,
        adjuster,
        vehicle={"vehicle_class": "compact", "model": "Lavida"},
        policy_terms={"fault_deductible_rate": "0.10"},
    )

    assert priced.status_code == 201, priced.text
    estimate = harness.client.get(f"/claims/{claim_id}/estimates/1", headers=adjuster).json()
    assert estimate["vehicle"] == {"vehicle_class": "compact", "make": "大众汽车", "model": "Lavida", "year": 2019}
    assert estimate["settlement"]["absolute_deductible"]["amount"] == "0.00"  # the terms sent, whole
