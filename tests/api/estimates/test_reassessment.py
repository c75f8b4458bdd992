"""Re-assessment: once an approved estimate's claim is back under review (approval withdrawn for
new photos, or a complaint decision ordering a re-assessment), the adjuster changes it into a new
version with its diff to the approved one, and approves that within authority. SQLite and PostgreSQL."""

from __future__ import annotations

from api.auth.roles import Role
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.harness import Harness


def test_an_approved_estimate_back_under_review_is_revised_and_approved_again(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, senior = h.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate")])
    price(h, claim_id, senior)
    assert h.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=senior).status_code == 200
    closed = h.client.post(
        f"/claims/{claim_id}/estimates/1/revisions",
        json={"operations": [{"part": "hood", "action": "paint", "reason": "hidden_damage"}]},
        headers=senior,
    )
    assert closed.status_code == 409 and closed.json()["type"].endswith("already-approved")
    back = h.client.post(
        f"/claims/{claim_id}/transitions", json={"to": "under_review", "reason": "new photos"}, headers=senior
    )
    assert back.status_code == 200, back.text

    revised = h.client.post(
        f"/claims/{claim_id}/estimates/1/revisions",
        json={"operations": [{"part": "hood", "action": "paint", "reason": "hidden_damage"}]},
        headers=senior,
    )

    assert revised.status_code == 201, revised.text
    assert revised.json()["version"] == 2 and revised.json()["parent_version"] == 1
    again = h.client.post(
        f"/claims/{claim_id}/estimates/2/revisions",
        json={"operations": [{"part": "front_bumper", "action": "replace", "reason": "replace_instead_of_repair"}]},
        headers=senior,
    )
    assert again.status_code == 201, again.text
    v3 = h.client.get(f"/claims/{claim_id}/estimates/3", headers=senior).json()
    assert v3["since_approved"]["approved_version"] == 1
    diffs = {d["line_id"]: (d["change"], d["reason"]) for d in v3["since_approved"]["diffs"]}
    assert diffs["hood/paint"] == ("added", "hidden_damage")
    assert diffs["front_bumper/parts"] == ("added", "replace_instead_of_repair")
    assert diffs["front_bumper/labour.repair"] == ("removed", "replace_instead_of_repair")
    assert "since_approved" not in h.client.get(f"/claims/{claim_id}/estimates/3", headers=customer).json()

    stale = h.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=senior)
    assert stale.status_code == 409 and stale.json()["type"].endswith("already-approved")
    approved = h.client.post(f"/claims/{claim_id}/estimates/3/approve", headers=senior)
    assert approved.status_code == 200, approved.text
    assert h.client.get(f"/claims/{claim_id}", headers=senior).json()["state"] == "assessed"
    statuses = [s["status"] for s in h.client.get(f"/claims/{claim_id}/estimates", headers=senior).json()]
    assert statuses == ["approved", "superseded", "approved"]


def test_findings_of_a_reopened_claim_are_corrected_into_a_new_version(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, senior = h.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate"), ("hood", "minor")])
    price(h, claim_id, senior)
    assert h.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=senior).status_code == 200
    h.client.post(f"/claims/{claim_id}/transitions", json={"to": "under_review", "reason": "dispute"}, headers=senior)
    hood = h.client.get(f"/claims/{claim_id}/findings", headers=senior).json()["findings"][1]

    response = h.client.post(
        f"/claims/{claim_id}/findings/corrections",
        json={"corrections": [{"action": "reject", "finding_id": hood["id"]}]},
        headers=senior,
    )

    assert response.status_code == 201 and response.json()["estimate_version"] == 2, response.text
    v2 = h.client.get(f"/claims/{claim_id}/estimates/2", headers=senior).json()
    assert {d["change"] for d in v2["since_approved"]["diffs"] if d["line_id"].startswith("hood/")} == {"removed"}


def test_a_re_assessment_above_the_first_approvers_authority_needs_one_who_has_it(harness: Harness) -> None:
    """A junior adjuster approved version 1 (a simple case within 5,000); the re-assessment adds a
    hidden damage that takes it above the junior's limit: the same junior is refused version 2 (a
    problem naming the limit) and a senior adjuster approves it."""
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    _, junior = h.login(Role.JUNIOR_ADJUSTER)
    _, senior = h.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "minor")])
    price(h, claim_id, junior)
    first = h.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=junior)
    assert first.status_code == 200, first.text
    back = h.client.post(
        f"/claims/{claim_id}/transitions", json={"to": "under_review", "reason": "new photos"}, headers=senior
    )
    assert back.status_code == 200, back.text
    hidden = {
        "line_id": "hidden/radiator",
        "kind": "parts",
        "description_zh": "散热器（拆检发现）",
        "amount": {"amount": "6000.00", "currency": "CNY"},
        "reason": "hidden_damage",
    }
    revised = h.client.post(f"/claims/{claim_id}/estimates/1/revisions", json={"additions": [hidden]}, headers=senior)
    assert revised.status_code == 201, revised.text

    refused = h.client.post(f"/claims/{claim_id}/estimates/2/approve", headers=junior)

    assert refused.status_code in (403, 409), refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert "limit" in refused.json()["detail"] or "may not approve" in refused.json()["detail"]
    assert h.client.get(f"/claims/{claim_id}", headers=senior).json()["state"] == "under_review"
    approved = h.client.post(f"/claims/{claim_id}/estimates/2/approve", headers=senior)
    assert approved.status_code == 200, approved.text
    assert h.client.get(f"/claims/{claim_id}", headers=senior).json()["state"] == "assessed"
