"""Each estimate line says where it came from (ai / adjuster / customer_reported) and who
changed it, with the reason code, across versions. On SQLite and PostgreSQL."""

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
    "note": "pulls left",
}


def _lines(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {line["line_id"]: line for line in body["lines"]}


def test_every_line_says_its_origin_and_who_changed_it(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    adjuster_user, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    price(harness, claim_id, adjuster)
    photo_id = harness.client.get(f"/claims/{claim_id}/findings", headers=adjuster).json()["findings"][0]["photo_id"]
    add = {"action": "add", "photo_id": photo_id, "xyxy": [1, 1, 50, 50], "damage_type": "scratch"}
    batch = {
        "corrections": [
            {**add, "part": "hood", "severity": "minor"},
            {**add, "part": "trunk", "severity": "minor", "origin": "customer_reported", "reason": "customer_reported"},
        ]
    }
    assert harness.client.post(f"/claims/{claim_id}/findings/corrections", json=batch, headers=adjuster).is_success
    revised = harness.client.post(
        f"/claims/{claim_id}/estimates/2/revisions", json={"additions": [ALIGNMENT]}, headers=adjuster
    )
    assert revised.status_code == 201, revised.text

    staff = _lines(revised.json())
    assert staff["front_bumper/paint"]["origin"] == "ai" and staff["front_bumper/paint"]["changes"] == []
    assert staff["hood/paint"]["origin"] == "adjuster"
    assert staff["trunk/paint"]["origin"] == "customer_reported"
    assert staff["wheel_alignment"]["origin"] == "adjuster"
    [hood_change] = staff["hood/paint"]["changes"]
    assert hood_change == {
        "version": 2,
        "change": "added",
        "reason": "finding_corrected",
        "actor_role": "senior_adjuster",
        "actor_id": str(adjuster_user.id),
        "note": "",
    }
    [alignment] = staff["wheel_alignment"]["changes"]
    assert (alignment["version"], alignment["reason"], alignment["note"]) == (3, "hidden_damage", "pulls left")

    mine = _lines(harness.client.get(f"/claims/{claim_id}/estimates/3", headers=customer).json())
    assert mine["trunk/paint"]["origin"] == "customer_reported"
    assert mine["wheel_alignment"]["changes"][0]["actor_id"] is None  # customers see the role, not the person
