"""An adjuster corrects the findings (add a missed damage, change one, reject one): each correction
is a record, and the parts it touches are re-priced into a new estimate version in the same
transaction. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from api.auth.roles import Role
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.harness import Harness


def _findings(h: Harness, claim_id: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = h.client.get(f"/claims/{claim_id}/findings", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json()["findings"])


def _lines(h: Harness, claim_id: str, version: int, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    body = h.client.get(f"/claims/{claim_id}/estimates/{version}", headers=headers).json()
    return {line["line_id"]: line for line in body["lines"]}


def _setup(h: Harness, *, priced: bool = True) -> tuple[str, dict[str, str], list[dict[str, Any]]]:
    _, customer = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate"), ("hood", "minor")])
    if priced:
        price(h, claim_id, adjuster)
    return claim_id, adjuster, _findings(h, claim_id, adjuster)


def test_a_batch_of_corrections_is_recorded_and_repriced_as_one_version(harness: Harness) -> None:
    claim_id, adjuster, found = _setup(harness)
    bumper, hood = found
    assert [f["origin"] for f in found] == ["ai", "ai"] and not any(f["history"] for f in found)
    batch = {
        "corrections": [
            {"action": "change", "finding_id": bumper["id"], "part": "back_bumper", "reason": "wrong_part"},
            {"action": "reject", "finding_id": hood["id"], "note": "reflection"},
            {
                "action": "add",
                "photo_id": hood["photo_id"],
                "xyxy": [10, 20, 60, 90],
                "damage_type": "dent",
                "part": "front_left_door",
                "severity": "moderate",
            },
        ],
        "note": "review",
    }

    response = harness.client.post(f"/claims/{claim_id}/findings/corrections", json=batch, headers=adjuster)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["estimate_version"] == 2
    assert [r["action"] for r in body["corrections"]] == ["changed", "rejected", "added"]
    changed, rejected, added = body["corrections"]
    assert (changed["before"]["part"], changed["after"]["part"], changed["reason"]) == (
        "front_bumper",
        "back_bumper",
        "wrong_part",
    )
    assert changed["actor_role"] == "senior_adjuster" and changed["estimate_version"] == 2
    assert rejected["reason"] == "false_finding" and rejected["after"]["rejected"] is True
    assert added["finding_id"] is None and added["before"] is None
    assert added["after"]["side"] == "front_left" and added["after"]["origin"] == "adjuster"

    lines = _lines(harness, claim_id, 2, adjuster)
    assert not any(i.startswith(("front_bumper/", "hood/")) for i in lines), list(lines)
    assert "back_bumper/paint" in lines and "front_left_door/paint" in lines
    assert lines["front_left_door/paint"]["evidence"]["finding_ids"] == [added["after"]["finding_id"]]
    v2 = harness.client.get(f"/claims/{claim_id}/estimates/2", headers=adjuster).json()
    assert v2["revision"]["parent_version"] == 1
    assert {d["reason"] for d in v2["revision"]["diffs"]} <= {"finding_corrected", "recomputed"}
    assert {"hood/paint", "back_bumper/paint", "front_bumper/paint"} <= {d["line_id"] for d in v2["revision"]["diffs"]}

    now = {f["id"]: f for f in _findings(harness, claim_id, adjuster)}
    assert now[hood["id"]]["rejected"] is True and now[bumper["id"]]["part"] == "back_bumper"
    new = now[added["after"]["finding_id"]]
    assert new["origin"] == "adjuster" and new["xyxy"] == [10, 20, 60, 90]
    assert [h["action"] for h in new["history"]] == ["added"] and len(now[bumper["id"]]["history"]) == 1


def test_an_adjusters_own_line_survives_the_repricing(harness: Harness) -> None:
    claim_id, adjuster, (bumper, _) = _setup(harness)
    extra = {
        "additions": [
            {
                "line_id": "alignment",
                "kind": "labour",
                "description_zh": "四轮定位",
                "amount": {"amount": "150.00", "currency": "CNY"},
                "reason": "hidden_damage",
            }
        ]
    }
    assert harness.client.post(f"/claims/{claim_id}/estimates/1/revisions", json=extra, headers=adjuster).is_success
    batch = {
        "corrections": [
            {"action": "change", "finding_id": bumper["id"], "severity": "severe", "reason": "wrong_severity"}
        ]
    }

    response = harness.client.post(f"/claims/{claim_id}/findings/corrections", json=batch, headers=adjuster)

    assert response.status_code == 201 and response.json()["estimate_version"] == 3, response.text
    lines = _lines(harness, claim_id, 3, adjuster)
    assert lines["alignment"]["amount"]["amount"] == "150.00" and "hood/paint" in lines


def test_corrections_before_pricing_are_priced_by_the_first_pricing(harness: Harness) -> None:
    claim_id, adjuster, (_, hood) = _setup(harness, priced=False)
    batch = {"corrections": [{"action": "reject", "finding_id": hood["id"]}]}
    response = harness.client.post(f"/claims/{claim_id}/findings/corrections", json=batch, headers=adjuster)
    assert response.status_code == 201 and response.json()["estimate_version"] is None, response.text

    lines = {line["line_id"] for line in price(harness, claim_id, adjuster)["lines"]}

    assert lines and not any(i.startswith("hood/") for i in lines)


def _problem(response: Any) -> tuple[int, list[Any]]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return response.status_code, [e["loc"] for e in response.json().get("errors", [])]


def test_a_bad_correction_is_a_422_naming_the_field_and_writes_nothing(harness: Harness) -> None:
    claim_id, adjuster, (bumper, hood) = _setup(harness)
    add = {"action": "add", "photo_id": hood["photo_id"], "damage_type": "dent", "part": "hood", "severity": "minor"}
    url = f"/claims/{claim_id}/findings/corrections"
    good = {"action": "reject", "finding_id": hood["id"]}
    cases = [
        ({**add, "xyxy": [0, 0, 99999, 10]}, ["body", "corrections", 1, "xyxy"]),
        ({**add, "xyxy": [50, 10, 20, 40]}, ["body", "corrections", 1, "add", "xyxy"]),
        ({**add, "xyxy": [1, 1, 5, 5], "part": "roof_rack"}, ["body", "corrections", 1, "add", "part"]),
        ({**add, "xyxy": [1, 1, 5, 5], "damage_type": "rust"}, ["body", "corrections", 1, "add", "damage_type"]),
        ({**add, "xyxy": [1, 1, 5, 5], "part": "left_mirror", "side": "right"}, ["body", "corrections", 1, "side"]),
        ({**add, "xyxy": [1, 1, 5, 5], "photo_id": bumper["id"]}, ["body", "corrections", 1, "photo_id"]),
        ({**add, "xyxy": [1, 1, 5, 5], "note": "a\x00b"}, ["body", "corrections", 1, "add", "note"]),
        (
            {"action": "change", "finding_id": hood["photo_id"], "severity": "minor", "reason": "other"},
            ["body", "corrections", 1, "finding_id"],
        ),
    ]
    for bad, loc in cases:
        response = harness.client.post(url, json={"corrections": [good, bad]}, headers=adjuster)
        assert _problem(response) == (422, [loc]), (bad, response.text)

    assert [f["rejected"] for f in _findings(harness, claim_id, adjuster)] == [False, False]
    assert len(harness.client.get(f"/claims/{claim_id}/estimates", headers=adjuster).json()) == 1


def test_a_claim_not_under_review_is_a_409(harness: Harness) -> None:
    claim_id, adjuster, (_, hood) = _setup(harness)
    assert harness.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=adjuster).status_code == 200
    batch = {"corrections": [{"action": "reject", "finding_id": hood["id"]}]}

    response = harness.client.post(f"/claims/{claim_id}/findings/corrections", json=batch, headers=adjuster)

    assert _problem(response)[0] == 409 and response.json()["type"].endswith("findings-closed")
