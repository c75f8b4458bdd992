"""The adjuster chooses the operation per part (repair / paint / replace / remove_refit) and its
hours, adds parts no photo shows and lines of their own (wheel alignment, consumables), sets
quantities: one revision, each figure from the catalog with its basis. SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from api.auth.roles import Role
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.harness import Harness

ALIGNMENT = {
    "line_id": "wheel_alignment",
    "kind": "labour",
    "description_zh": "四轮定位",
    "amount": {"amount": "150.00", "currency": "CNY"},
    "reason": "hidden_damage",
}


def _lines(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {line["line_id"]: line for line in body["lines"]}


def _priced(h: Harness) -> tuple[str, dict[str, str], dict[str, Any]]:
    _, customer = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate")])
    return claim_id, adjuster, price(h, claim_id, adjuster)


def test_operations_per_part_and_own_lines_in_one_revision(harness: Harness) -> None:
    claim_id, adjuster, v1 = _priced(harness)
    finding_ids = _lines(v1)["front_bumper/paint"]["evidence"]["finding_ids"]
    body = {
        "operations": [
            {"part": "front_bumper", "action": "replace", "reason": "replace_instead_of_repair"},
            {"part": "hood", "action": "repair", "hours": "2", "reason": "hidden_damage", "note": "under the bonnet"},
            {"part": "left_mirror", "action": "replace", "quantity": "2", "reason": "hidden_damage"},
        ],
        "additions": [ALIGNMENT],
        "note": "review",
    }

    response = harness.client.post(f"/claims/{claim_id}/estimates/1/revisions", json=body, headers=adjuster)

    assert response.status_code == 201, response.text
    v2 = response.json()
    lines = _lines(v2)
    assert "front_bumper/labour.repair" not in lines
    parts = lines["front_bumper/parts"]
    assert parts["action"] == "replace" and parts["amount"]["amount"] == "1200.00" and parts["catalog_basis"]
    assert parts["evidence"]["finding_ids"] == finding_ids and parts["origin"] == "ai"
    assert lines["front_bumper/labour.remove_refit"]["quantity"] == "1.5"
    repair = lines["hood/labour.repair"]
    assert repair["quantity"] == "2" and repair["amount"]["amount"] == "240.00" and repair["origin"] == "adjuster"
    assert "hood/paint" in lines and lines["hood/paint"]["catalog_basis"]
    mirror = lines["left_mirror/parts"]
    assert mirror["quantity"] == "2"
    assert mirror["amount"]["amount"] == str(2 * float(mirror["unit_price"]["amount"])) + "0"
    assert lines["wheel_alignment"]["amount"]["amount"] == "150.00"
    reasons = {d["line_id"]: (d["change"], d["reason"], d["note"]) for d in v2["revision"]["diffs"]}
    assert reasons["front_bumper/labour.repair"] == ("removed", "replace_instead_of_repair", "")
    assert reasons["front_bumper/parts"] == ("added", "replace_instead_of_repair", "")
    assert reasons["hood/labour.repair"] == ("added", "hidden_damage", "under the bonnet")
    assert reasons["wheel_alignment"] == ("added", "hidden_damage", "")
    assert all(reason == "recomputed" for line_id, (_, reason, _) in reasons.items() if line_id.endswith("/salvage"))


def test_an_operation_keeps_the_adjusters_own_line_on_that_part(harness: Harness) -> None:
    claim_id, adjuster, _ = _priced(harness)
    bracket = {**ALIGNMENT, "line_id": "bracket", "kind": "parts", "part": "front_bumper", "description_zh": "支架"}
    url = f"/claims/{claim_id}/estimates"
    assert harness.client.post(f"{url}/1/revisions", json={"additions": [bracket]}, headers=adjuster).is_success
    body = {"operations": [{"part": "front_bumper", "action": "paint", "reason": "repair_instead_of_replace"}]}

    v3 = harness.client.post(f"{url}/2/revisions", json=body, headers=adjuster)

    assert v3.status_code == 201, v3.text
    assert set(_lines(v3.json())) == {"bracket", "front_bumper/paint", "front_bumper/materials"}


def test_a_bad_operation_is_a_422_and_no_version(harness: Harness) -> None:
    claim_id, adjuster, _ = _priced(harness)
    url = f"/claims/{claim_id}/estimates/1/revisions"
    for operation, field in [
        ({"part": "front_glass", "action": "paint", "reason": "other"}, None),
        ({"part": "spoiler", "action": "repair", "reason": "other"}, "part"),
        ({"part": "hood", "action": "polish", "reason": "other"}, "action"),
        ({"part": "hood", "action": "repair", "hours": "-1", "reason": "other"}, "hours"),
    ]:
        response = harness.client.post(url, json={"operations": [operation]}, headers=adjuster)
        assert response.status_code == 422, (operation, response.text)
        if field is not None:
            assert [e["loc"][-1] for e in response.json()["errors"]] == [field]
    assert len(harness.client.get(f"/claims/{claim_id}/estimates", headers=adjuster).json()) == 1
