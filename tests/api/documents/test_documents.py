"""Document OCR through the API with the fake engine: pre-fill, correct, confirm, flags, masking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select

from api.auth.roles import Role
from api.db.models.ocr import FieldCorrection
from tests.fixtures import images
from tests.fixtures.harness import Harness
from tests.inference.ocr.fakes import Box, FakeOcrEngine
from tests.inference.ocr.test_extract import ID_FRONT_MERGED, VEHICLE_ROWS

TODAY = datetime.now(UTC).date()
POLICY_ROWS = [
    ("机动车商业保险保险单", (300, 40, 800, 90)),
    ("保险单号：PDAA202531010000012345", (60, 130, 600, 160)),
    ("被保险人张伟", (70, 200, 300, 230)),
    ("号牌号码沪AD12346", (70, 275, 400, 305)),
    ("车辆识别代号LSVAU218XN2183294", (70, 425, 700, 455)),
    (
        f"保险期间：自{TODAY - timedelta(days=30):%Y年%m月%d日}00时起至{TODAY + timedelta(days=300):%Y年%m月%d日}止",
        (60, 860, 1000, 890),
    ),
]


def upload_and_read(
    harness: Harness, headers: dict[str, str], claim_id: str, rows: Sequence[tuple[str, Box]], kind: str = "other"
) -> tuple[str, httpx.Response]:
    harness.state.ocr = FakeOcrEngine(rows)
    uploaded = harness.client.post(
        f"/claims/{claim_id}/documents",
        files={"file": ("doc.png", images.png(size=(1000, 700)), "image/png")},
        data={"kind": kind},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    document_id = uploaded.json()["id"]
    return document_id, harness.read_document(claim_id, document_id, headers)


def test_reading_pre_fills_fields_with_confidence_and_box(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)

    _, response = upload_and_read(harness, customer, claim["id"], ID_FRONT_MERGED, kind="id_card")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "id_card_front"
    fields = {f["name"]: f for f in body["fields"]}
    assert fields["id_number"]["value"] == "310115198503071230"
    assert fields["id_number"]["status"] == "ok"
    assert fields["name"]["xyxy"] == [135.0, 60.0, 200.0, 100.0]
    assert 0 < fields["name"]["confidence"] <= 1
    assert fields["name"]["masked"] is False  # the customer sees their own document


def test_corrections_keep_the_ocr_value_and_who_changed_it(harness: Harness) -> None:
    user, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    document_id, _ = upload_and_read(harness, customer, claim["id"], ID_FRONT_MERGED)
    url = f"/claims/{claim['id']}/documents/{document_id}/readings/latest"

    response = harness.client.patch(url, json={"field": "name", "value": "张玮"}, headers=customer)

    assert response.status_code == 200, response.text
    name = next(f for f in response.json()["fields"] if f["name"] == "name")
    assert (name["value"], name["ocr_value"]) == ("张玮", "张伟")
    assert name["corrected_by"] == str(user.id) and name["corrected_at"]
    with harness.session() as session:
        correction = session.scalars(select(FieldCorrection)).one()
    assert (correction.previous_value, correction.value, correction.corrected_by) == ("张伟", "张玮", user.id)

    confirmed = harness.client.post(f"{url}/confirm", headers=customer)
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_by"] == str(user.id)
    unknown = harness.client.patch(url, json={"field": "colour", "value": "red"}, headers=customer)
    assert unknown.status_code == 422
    assert unknown.headers["content-type"].startswith("application/problem+json")


def test_roles_that_do_not_need_personal_data_see_it_masked(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    document_id, _ = upload_and_read(harness, customer, claim["id"], ID_FRONT_MERGED)
    url = f"/claims/{claim['id']}/documents/{document_id}/readings/latest"

    masked = {f["name"]: f for f in harness.client.get(url, headers=handler).json()["fields"]}
    clear = {f["name"]: f for f in harness.client.get(url, headers=adjuster).json()["fields"]}

    assert masked["id_number"]["value"] == "3101**********1230" and masked["id_number"]["masked"]
    assert masked["name"]["value"] == "张*"
    assert masked["sex"]["value"] == "男" and not masked["sex"]["masked"]
    assert clear["id_number"]["value"] == "310115198503071230"
    assert harness.client.patch(url, json={"field": "name", "value": "x"}, headers=handler).status_code == 403


def test_cross_check_mismatches_become_flags_for_staff(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    claim = harness.create_claim(customer)
    upload_and_read(harness, customer, claim["id"], ID_FRONT_MERGED)
    upload_and_read(harness, customer, claim["id"], VEHICLE_ROWS)
    _, policy = upload_and_read(harness, customer, claim["id"], POLICY_ROWS)
    assert policy.json()["kind"] == "policy_commercial"

    flags = harness.client.get(f"/claims/{claim['id']}/document-flags", headers=adjuster)

    assert flags.status_code == 200, flags.text
    (flag,) = flags.json()  # the plate differs; VIN, insured and the policy period agree
    assert flag["check"] == "plate_agrees"
    assert {flag["left_value"], flag["right_value"]} == {"沪AD12345", "沪AD12346"}
    assert harness.client.get(f"/claims/{claim['id']}/document-flags", headers=customer).status_code == 403
    assert harness.client.get(f"/claims/{claim['id']}/document-flags", headers=handler).json()[0]["check"] == (
        "plate_agrees"
    )


def test_customers_may_not_correct_plate_or_vin(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    upload_and_read(harness, customer, claim["id"], VEHICLE_ROWS)
    policy_id, _ = upload_and_read(harness, customer, claim["id"], POLICY_ROWS)
    url = f"/claims/{claim['id']}/documents/{policy_id}/readings/latest"

    for field, value in (("plate", "沪AD12345"), ("vin", "LSVAU218XN2183295")):
        response = harness.client.patch(url, json={"field": field, "value": value}, headers=customer)
        assert response.status_code == 403, response.text
        assert response.json()["type"].endswith(":field-staff-only")

    fields = {f["name"]: f for f in harness.client.get(url, headers=customer).json()["fields"]}
    assert fields["plate"]["value"] == "沪AD12346" and fields["plate"]["corrected_by"] is None
    (flag,) = harness.client.get(f"/claims/{claim['id']}/document-flags", headers=adjuster).json()
    assert flag["check"] == "plate_agrees"


def test_a_correction_does_not_clear_the_mismatch_as_read_and_is_itself_flagged(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    upload_and_read(harness, customer, claim["id"], VEHICLE_ROWS)
    policy_id, _ = upload_and_read(harness, customer, claim["id"], POLICY_ROWS)
    url = f"/claims/{claim['id']}/documents/{policy_id}/readings/latest"

    response = harness.client.patch(url, json={"field": "plate", "value": "沪AD12345"}, headers=adjuster)

    assert response.status_code == 200, response.text
    plate = next(f for f in response.json()["fields"] if f["name"] == "plate")
    assert (plate["value"], plate["ocr_value"]) == ("沪AD12345", "沪AD12346")  # the read value is kept
    flags = harness.client.get(f"/claims/{claim['id']}/document-flags", headers=adjuster).json()
    by_check = {f["check"]: f for f in flags}
    assert set(by_check) == {"plate_agrees", "field_edited"}
    assert {by_check["plate_agrees"]["left_value"], by_check["plate_agrees"]["right_value"]} == {
        "沪AD12345",
        "沪AD12346",
    }
    edited = by_check["field_edited"]
    assert edited["left_source"] == edited["right_source"] == "policy_commercial.plate"
    assert (edited["left_value"], edited["right_value"]) == ("沪AD12346", "沪AD12345")


def test_a_customers_edit_of_a_personal_field_is_flagged_for_staff(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    claim = harness.create_claim(customer)
    document_id, _ = upload_and_read(harness, customer, claim["id"], ID_FRONT_MERGED)
    url = f"/claims/{claim['id']}/documents/{document_id}/readings/latest"
    assert harness.client.patch(url, json={"field": "name", "value": "张玮"}, headers=customer).status_code == 200

    (flag,) = harness.client.get(f"/claims/{claim['id']}/document-flags", headers=adjuster).json()
    assert flag["check"] == "field_edited" and (flag["left_value"], flag["right_value"]) == ("张伟", "张玮")
    (masked,) = harness.client.get(f"/claims/{claim['id']}/document-flags", headers=handler).json()
    assert (masked["left_value"], masked["right_value"]) == ("张*", "张*")
    assert "张伟" not in masked["message"] and "张玮" not in masked["message"]


def test_a_blank_page_reads_no_fields_and_says_why(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)

    _, response = upload_and_read(harness, customer, claim["id"], [])

    assert response.status_code == 200
    assert response.json()["fields"] == [] and response.json()["kind"] == "unknown"
    assert response.json()["messages"] == ["no text found: a blank page, or not a document"]


def test_without_ocr_reading_is_a_503_problem(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    document_id, _ = upload_and_read(harness, customer, claim["id"], [])
    harness.state.ocr = None

    response = harness.client.post(f"/claims/{claim['id']}/documents/{document_id}/readings", headers=customer)

    assert response.status_code == 503
    assert response.json()["title"] == "OCR not loaded"


def test_other_customers_cannot_read_or_see_readings(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, other = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    document_id, _ = upload_and_read(harness, customer, claim["id"], ID_FRONT_MERGED)
    url = f"/claims/{claim['id']}/documents/{document_id}/readings"

    assert harness.client.post(url, headers=other).status_code == 404
    assert harness.client.get(f"{url}/latest", headers=other).status_code == 404


def test_not_read_yet_is_404(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    harness.state.ocr = FakeOcrEngine([])
    uploaded = harness.client.post(
        f"/claims/{claim['id']}/documents",
        files={"file": ("doc.png", images.png(size=(200, 100)), "image/png")},
        headers=customer,
    )
    url = f"/claims/{claim['id']}/documents/{uploaded.json()['id']}/readings/latest"
    assert harness.client.get(url, headers=customer).status_code == 404
