"""Done-when of the live price list: an import changes the NEXT estimate's prices and the version
it cites (in the estimate and the 定损单); estimates made before keep theirs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from api.auth.roles import Role
from tests.api.catalogs.helpers import part_up, sample_csv, upload
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.harness import Harness


def _parts_amount(estimate: dict[str, Any]) -> Decimal:
    lines = [line for line in estimate["lines"] if line["line_id"] == "front_glass/parts"]
    assert len(lines) == 1, [line["line_id"] for line in estimate["lines"]]
    return Decimal(lines[0]["amount"]["amount"])


def test_an_import_reprices_the_next_estimate_and_earlier_ones_keep_theirs(harness: Harness) -> None:
    client = harness.client
    customer = harness.login(Role.CUSTOMER)[1]
    adjuster = harness.login(Role.SENIOR_ADJUSTER)[1]
    supervisor = harness.login(Role.SUPERVISOR)[1]
    before_claim = assessed_claim(harness, customer, parts=[("front_glass", "severe", "glass_shatter")])
    before = price(harness, before_claim, adjuster)
    assert before["catalog_version"] == "sample-2026.2"

    imported = upload(client, supervisor, sample_csv(reprice=part_up("front_glass", 10)), activate="true")
    assert imported.status_code == 201, imported.text
    body = imported.json()
    assert body["created"] and body["activated"] and body["version"]["number"] == 2
    assert body["version"]["label"] == "catalog-2" and body["version"]["active"]

    after_claim = assessed_claim(harness, customer, parts=[("front_glass", "severe", "glass_shatter")])
    after = price(harness, after_claim, adjuster)
    assert after["catalog_version"] == "catalog-2"
    assert _parts_amount(after) == (_parts_amount(before) * Decimal("1.10")).quantize(Decimal("0.01"))

    again = client.get(f"/claims/{before_claim}/estimates/1", headers=adjuster).json()
    assert again["catalog_version"] == "sample-2026.2" and _parts_amount(again) == _parts_amount(before)
    report_new = client.get(f"/claims/{after_claim}/estimates/1/report.html", headers=adjuster)
    report_old = client.get(f"/claims/{before_claim}/estimates/1/report.html", headers=adjuster)
    assert report_new.status_code == report_old.status_code == 200
    assert "价格库 catalog-2" in report_new.text and "catalog-2" not in report_old.text
    assert "价格库 sample-2026.2" in report_old.text

    # an operation on the earlier estimate is priced from the version it cites, not the active one
    operation = {"part": "front_glass", "action": "replace", "reason": "price_correction"}
    url = f"/claims/{before_claim}/estimates/1/revisions"
    revised = client.post(url, json={"operations": [operation]}, headers=adjuster)
    assert revised.status_code == 201, revised.text
    assert revised.json()["catalog_version"] == "sample-2026.2"
    assert _parts_amount(revised.json()) == _parts_amount(before)
