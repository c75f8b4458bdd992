"""A re-assessment's result is recorded with the complaint's outcome, which the customer reads:
the neutral-wording check (issue 14 item 6) refuses it as it refuses the decision's reason, and
nothing is revised."""

from __future__ import annotations

import pytest

from api.auth.roles import Role
from tests.api.disputes.test_decisions_flow import _decide, _disputed
from tests.fixtures.harness import Harness


@pytest.mark.parametrize(
    ("assessor", "result", "refused_field", "phrase"),
    [
        ("某某保险公估有限公司", "按规定前挡只能按1500元", "result", "按规定"),
        # the re-assessor's name: the customer reads it beside the result in the outcome's note
        ("公司规定的公估机构", "前挡风玻璃按本地4S店价格1500元", "assessor", "公司规定"),
    ],
)
def test_a_result_in_non_neutral_wording_is_refused_and_nothing_is_revised(
    harness: Harness, assessor: str, result: str, refused_field: str, phrase: str
) -> None:
    h = harness
    customer, claim_id, complaint_id = _disputed(h)
    _, handler = h.login(Role.COMPLAINT_HANDLER)
    _, senior = h.login(Role.SENIOR_ADJUSTER)
    assert _decide(h, complaint_id, handler, "0", remedies=["third_party_reassessment"]).status_code == 201
    body = {
        "assessor": assessor,
        "result": result,
        "revision": {"edits": [{"line_id": "front_glass/parts", "reason": "third_party_reassessment",
                                "amount": {"amount": "1500.00", "currency": "CNY"}}]},
    }  # fmt: skip
    refused = h.client.post(f"/complaints/{complaint_id}/reassessment", json=body, headers=senior)
    assert refused.status_code == 422 and refused.json()["type"].endswith("non-neutral-wording"), refused.text
    assert [(p["field"], p["phrase"]) for p in refused.json()["phrases"]] == [(refused_field, phrase)]
    assert h.client.get(f"/claims/{claim_id}/estimates/2", headers=senior).status_code == 404
    outcome = h.client.get(f"/complaints/{complaint_id}/outcome", headers=customer).json()
    assert [o["kind"] for o in outcome["outcomes"]] == ["reassessment_ordered"]
    fine = {**body, "assessor": "某某保险公估有限公司", "result": "前挡风玻璃按本地4S店价格1500元"}
    recorded = h.client.post(f"/complaints/{complaint_id}/reassessment", json=fine, headers=senior)
    assert recorded.status_code == 201, recorded.text
