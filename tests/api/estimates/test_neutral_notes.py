"""The notes an adjuster writes beside changed lines, and an added line's name, are shown to the
customer on their estimate: the neutral-wording check (issue 14 item 6) refuses them as it
refuses a complaint's reason — a 422 naming the phrase and the suggested wording, nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from api.auth.roles import Role
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.harness import Harness

EDIT = {"line_id": "front_bumper/paint", "reason": "price_correction", "amount": {"amount": "900.00"}}
ADDITION = {"line_id": "hidden/1", "kind": "labour", "description_zh": "四轮定位", "reason": "hidden_damage",
            "amount": {"amount": "150.00", "currency": "CNY"}}  # fmt: skip


@pytest.mark.parametrize(
    ("revision", "field", "phrase"),
    [
        ({"edits": [{**EDIT, "note": "按规定只能赔这么多"}]}, "edits[0].note", "按规定"),
        ({"edits": [EDIT], "note": "这个不行"}, "note", "不行"),
        ({"additions": [{**ADDITION, "note": "公司规定要加这一项"}]}, "additions[0].note", "公司规定"),
        ({"additions": [{**ADDITION, "description_zh": "不可能修复的部件"}]}, "additions[0].description_zh", "不可能"),
    ],
    ids=["edit-note", "revision-note", "addition-note", "added-line-name"],
)
def test_non_neutral_staff_text_for_the_customer_is_refused(
    harness: Harness, revision: dict[str, Any], field: str, phrase: str
) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    price(harness, claim_id, adjuster)
    before = harness.row_counts()
    refused = harness.client.post(f"/claims/{claim_id}/estimates/1/revisions", json=revision, headers=adjuster)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["type"].endswith("non-neutral-wording")
    assert [(p["field"], p["phrase"]) for p in body["phrases"]] == [(field, phrase)]
    assert harness.row_counts() == before

    fine = {**revision, "edits": [{**EDIT, "note": "根据维修厂报价核实调整"}]} if "edits" in revision else revision
    if "additions" in fine:
        fine = {"additions": [{**ADDITION, "note": "拆检发现隐蔽损失"}]}
    fine.pop("note", None)
    accepted = harness.client.post(f"/claims/{claim_id}/estimates/1/revisions", json=fine, headers=adjuster)
    assert accepted.status_code == 201, accepted.text
