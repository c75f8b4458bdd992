"""Why a transfer failed is shown to the customer beside their payment: the neutral-wording check
(issue 14 item 6) refuses it as it refuses any staff text sent to a customer; nothing changes."""

from __future__ import annotations

from api.auth.roles import Role
from tests.api.signing.helpers import PAYEE, signed_claim
from tests.fixtures.harness import Harness


def test_a_failure_reason_in_non_neutral_wording_is_refused(harness: Harness) -> None:
    h = harness
    _, customer, claim_id = signed_claim(h)
    url = f"/claims/{claim_id}/payment"
    assert h.client.put(url, json=PAYEE, headers=customer).status_code == 200
    admin = h.login(Role.ADMIN)[1]
    refused = h.client.post(f"{url}/failed", json={"reason": "账号不对，不行"}, headers=admin)
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("non-neutral-wording")
    assert [p["phrase"] for p in refused.json()["phrases"]] == ["不行"]
    assert h.client.get(url, headers=customer).json()["status"] == "pending"
    failed = h.client.post(f"{url}/failed", json={"reason": "账户名与账号不符，请核对后重新填写"}, headers=admin)
    assert failed.status_code == 200 and failed.json()["status"] == "failed"
