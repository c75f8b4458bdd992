"""The profile's policies come from confirmed OCR readings only (issue 14 item 5): a policy read but
not yet confirmed is not shown; once confirmed its facts are, with a person's correction over what
OCR read, and nothing personal (the insured's name) beside them."""

from __future__ import annotations

from api.auth.roles import Role
from tests.api.documents.test_documents import POLICY_ROWS, upload_and_read
from tests.fixtures.harness import Harness


def test_the_profile_shows_a_policy_once_its_reading_is_confirmed(harness: Harness) -> None:
    h = harness
    customer, headers = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    claim_id = h.create_claim(headers)["id"]
    document_id, reading = upload_and_read(h, headers, claim_id, POLICY_ROWS)
    assert reading.status_code == 200 and reading.json()["kind"] == "policy_commercial", reading.text
    url = f"/claims/{claim_id}/documents/{document_id}/readings/latest"
    profile_url = f"/customers/{customer.id}/profile"

    assert h.client.get(profile_url, headers=adjuster).json()["policies"] == []  # read, not confirmed

    fixed = h.client.patch(url, json={"field": "policy_number", "value": "PDAA202531010000099999"}, headers=adjuster)
    assert fixed.status_code == 200, fixed.text
    assert h.client.post(f"{url}/confirm", headers=adjuster).status_code == 200
    profile = h.client.get(profile_url, headers=adjuster)
    assert profile.status_code == 200, profile.text
    [policy] = profile.json()["policies"]
    assert policy["claim_id"] == claim_id and policy["kind"] == "policy_commercial"
    assert policy["facts"]["policy_number"] == "PDAA202531010000099999"  # the correction, not as read
    assert {"period_start", "period_end"} <= set(policy["facts"])
    assert "张伟" not in profile.text
