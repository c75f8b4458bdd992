"""Every free-text field the desk writes that the customer reads goes through the neutral-wording
check before it is stored or sent (issue 14 item 6): the voucher's type (on the outcome card) and
the re-assessor's name (test_reassessment_wording.py) as the decision's reason, the delay notice's
reason and the re-assessment's result already are. Refused: a 422 naming the field, and
nothing recorded."""

from __future__ import annotations

import httpx

from api.auth.roles import Role
from tests.api.disputes.test_decisions_flow import _decide, _disputed
from tests.fixtures.harness import Harness


def _phrases(response: httpx.Response) -> list[tuple[str, str]]:
    body = response.json()
    assert response.status_code == 422 and body["type"].endswith("non-neutral-wording"), body
    return [(p["field"], p["phrase"]) for p in body["phrases"]]


def test_a_voucher_type_in_non_neutral_wording_is_refused(harness: Harness) -> None:
    h = harness
    customer, _, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    voucher = {"type": "按规定只能给代金券", "value": {"amount": "100.00", "currency": "CNY"}}
    refused = _decide(h, complaint_id, handler, "0", remedies=["voucher"], voucher=voucher)
    assert _phrases(refused) == [("voucher_type", "按规定")]
    assert h.client.get(f"/complaints/{complaint_id}/outcome", headers=customer).json()["decision"] is None
