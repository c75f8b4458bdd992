"""The 定损单 of a version with a damage an adjuster boxed: the AI's line shows the detector's
confidence, the adjuster's line names its origin and who instead (a person's finding has no AI
confidence: it was stored as 1.0 and printed as 置信度 1.00). On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

from api.auth.roles import Role
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.harness import Harness


def _row(html: str, line_id: str) -> str:
    match = re.search(rf'<tr id="line-{re.escape(line_id)}">(.*?)</tr>', html, re.S)
    assert match is not None, f"no row for {line_id}"
    return match.group(1)


def _boxed_by_people(harness: Harness) -> tuple[Any, dict[str, str], dict[str, str], str, int]:
    """A priced claim whose adjuster boxed a missed scratch on the hood and one the customer reported
    on the trunk: (the adjuster's user, their headers, the customer's, the claim id, the version the boxes made)."""
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
    response = harness.client.post(f"/claims/{claim_id}/findings/corrections", json=batch, headers=adjuster)
    assert response.status_code == 201, response.text
    version = response.json()["estimate_version"]
    return adjuster_user, adjuster, customer, claim_id, int(version)


def test_an_adjusters_line_names_its_origin_and_who_never_a_confidence(harness: Harness) -> None:
    adjuster_user, adjuster, customer, claim_id, version = _boxed_by_people(harness)

    staff = harness.client.get(f"/claims/{claim_id}/estimates/{version}/report.html", headers=adjuster).text
    ai, hood, trunk = (_row(staff, i) for i in ("front_bumper/paint", "hood/paint", "trunk/paint"))
    assert re.search(r"置信度 0\.\d\d", ai), ai
    assert "置信度" not in hood and "置信度" not in trunk
    assert f"定损员新增（高级定损员 {adjuster_user.email}）" in hood
    assert f"客户报告（高级定损员 {adjuster_user.email}）" in trunk

    mine = harness.client.get(f"/claims/{claim_id}/estimates/{version}/report.html", headers=customer).text
    hood = _row(mine, "hood/paint")
    assert "定损员新增（高级定损员）" in hood and "置信度" not in hood
    assert adjuster_user.email not in mine  # the customer's copy names the role, not the person

    # the API says the same: a confidence for the AI's line only, for staff and for the customer
    for headers in (adjuster, customer):
        body = harness.client.get(f"/claims/{claim_id}/estimates/{version}", headers=headers).json()
        confidence = {line["line_id"]: line["evidence"]["confidence"] for line in body["lines"]}
        assert re.fullmatch(r"0\.\d{4}", confidence["front_bumper/paint"]), confidence
        assert confidence["hood/paint"] is None and confidence["trunk/paint"] is None


def test_a_line_an_adjuster_added_without_a_photo_names_who(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    adjuster_user, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    price(harness, claim_id, adjuster)
    alignment = {
        "line_id": "wheel_alignment",
        "kind": "labour",
        "description_zh": "四轮定位",
        "amount": {"amount": "150.00", "currency": "CNY"},
        "reason": "hidden_damage",
    }
    revised = harness.client.post(
        f"/claims/{claim_id}/estimates/1/revisions", json={"additions": [alignment]}, headers=adjuster
    )
    assert revised.status_code == 201, revised.text

    staff = harness.client.get(f"/claims/{claim_id}/estimates/2/report.html", headers=adjuster).text
    row = _row(staff, "wheel_alignment")
    assert f"定损员新增（高级定损员 {adjuster_user.email}）" in row and "置信度" not in row


def test_a_box_a_person_drew_is_captioned_with_its_origin_never_a_confidence(harness: Harness) -> None:
    _, adjuster, _, claim_id, version = _boxed_by_people(harness)

    html = harness.client.get(f"/claims/{claim_id}/estimates/{version}/report.html", headers=adjuster).text
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)
    assert len(captions) == 1, captions
    labels = sorted(re.sub(r"^#\d+ ", "", b) for b in captions[0].split("：", 1)[1].strip().split("；"))
    assert len(labels) == 3 and re.fullmatch(r"凹陷·前保险杠 \d\d?%", labels[0]), labels  # the detector's score
    # A person's box was stored with confidence 1.0: the caption said "100%", a score no model gave.
    assert labels[1:] == ["划痕·发动机盖 定损员新增", "划痕·行李箱盖 客户报告"], labels
