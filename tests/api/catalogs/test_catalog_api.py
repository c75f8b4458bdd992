"""POST /catalogs and friends: the whole file validated (line + field for every problem, nothing
stored), the diff report's figures, dry runs, the same file twice, explicit activation."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from api.auth.roles import Role
from pricing import load_sample_catalog
from pricing.price_list import export_rows
from tests.api.catalogs.helpers import part_up, sample_csv, upload
from tests.fixtures.harness import Harness

BAD_ROWS = (
    "part_price,hood,compact,,,,,oem_guide,,,,-5,,CNY,dealer,2026-12-01,",  # amount
    "labour_rate,,,,,,,,paint,,Shanghai,90.00,,CNY,dealer,soon,",  # region and effective_date
    "part_price,hood,compact,,,,,oem_guide,,,,2500.00,,CNY,dealer,2026-12-01,ABC#1",  # oe_number
)


def _versions(harness: Harness, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = harness.client.get("/catalogs", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json())


def test_every_problem_is_reported_with_line_and_field_and_nothing_is_stored(harness: Harness) -> None:
    admin = harness.login(Role.ADMIN)[1]
    data = sample_csv(extra=BAD_ROWS)
    first_bad = data.decode().count("\n") - len(BAD_ROWS) + 1
    response = upload(harness.client, admin, data, activate="true")
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("price-list-rejected")
    found = {(e["line"], e["field"]) for e in problem["errors"]}
    assert found == {
        (first_bad, "amount"),
        (first_bad + 1, "region"),
        (first_bad + 1, "effective_date"),
        (first_bad + 2, "oe_number"),
    }, problem["errors"]
    assert [v["number"] for v in _versions(harness, admin)] == [1]


def test_json_lists_are_numbered_by_row_and_a_header_problem_is_line_one(harness: Harness) -> None:
    admin = harness.login(Role.ADMIN)[1]
    rows = [dict(r) for r in export_rows(load_sample_catalog())[:3]]
    rows[1]["amount"] = "abc"
    response = upload(harness.client, admin, json.dumps({"rows": rows}).encode(), name="list.json")
    assert response.status_code == 422
    assert [(e["line"], e["field"]) for e in response.json()["errors"]] == [(2, "amount")]
    header = upload(harness.client, admin, b"record,part_code,discount\n")
    assert header.status_code == 422 and header.json()["errors"][0]["line"] == 1


def test_the_diff_reports_new_removed_and_changed_rows_with_drift(harness: Harness) -> None:
    supervisor = harness.login(Role.SUPERVISOR)[1]
    oe_row = "part_price,hood,compact,Honda,Civic,,,oem_guide,,,,2600.00,,CNY,dealer,2026-12-01,60100-T20-A00ZZ"
    data = sample_csv(
        reprice=part_up("front_bumper", 10),
        keep=lambda r: not (r["record"] == "labour_rate" and r["region"] == "110000"),
        extra=(oe_row,),
    )
    response = upload(harness.client, supervisor, data, dry_run="true")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dry_run"] and not body["created"] and body["version"] is None
    diff = body["diff"]
    sample = export_rows(load_sample_catalog())
    bumper = [r for r in sample if r["record"] == "part_price" and r["part_code"] == "front_bumper"]
    removed = [r for r in sample if r["record"] == "labour_rate" and r["region"] == "110000"]
    assert diff["base_version"] == "sample-2026.2"
    assert (diff["added_count"], diff["removed_count"], diff["changed_count"]) == (1, len(removed), len(bumper))
    assert diff["added"][0]["oe_number"] == "60100-T20-A00ZZ" and diff["added"][0]["new"] == "2600.00"
    part = next(g for g in diff["by_part"] if g["code"] == "front_bumper")
    old = sum((Decimal(r["amount"]) for r in bumper), Decimal(0))
    new = sum(((Decimal(r["amount"]) * Decimal("1.1")).quantize(Decimal("0.01")) for r in bumper), Decimal(0))
    painted = [r for r in sample if r["record"] == "paint_material" and r["part_code"] == "front_bumper"]
    paint = sum((Decimal(r["amount"]) for r in painted), Decimal(0))
    assert Decimal(part["old_total"]) == old + paint and Decimal(part["new_total"]) == new + paint
    assert Decimal(part["drift_pct"]) == ((new - old) * 100 / (old + paint)).quantize(Decimal("0.01"))
    money = [r for r in sample if r["record"] != "labour_hours" and r not in removed]
    base = sum((Decimal(r["amount"]) for r in money), Decimal(0))
    assert Decimal(diff["overall_drift_pct"]) == ((new - old) * 100 / base).quantize(Decimal("0.01"))
    changed = diff["changed"][0]
    assert Decimal(changed["drift_pct"]) == ((Decimal(changed["new"]) / Decimal(changed["old"]) - 1) * 100).quantize(
        Decimal("0.01")
    )
    assert [v["number"] for v in _versions(harness, supervisor)] == [1]  # the dry run stored nothing


def test_the_same_file_twice_is_one_version_and_activation_is_explicit(harness: Harness) -> None:
    supervisor = harness.login(Role.SUPERVISOR)[1]
    data = sample_csv(reprice=part_up("hood", 3))
    first = upload(harness.client, supervisor, data, label="supplier-2026-12")
    second = upload(harness.client, supervisor, data)
    assert first.status_code == 201 and second.status_code == 200, second.text
    assert not first.json()["activated"] and not second.json()["created"]
    assert second.json()["version"]["number"] == 2 and second.json()["label"] == "supplier-2026-12"
    versions = _versions(harness, supervisor)
    assert [(v["number"], v["active"]) for v in versions] == [(2, False), (1, True)]
    assert versions[0]["sha256"] == first.json()["sha256"] and versions[0]["summary"]["changed"] > 0
    activated = harness.client.post("/catalogs/2/activate", headers=supervisor)
    assert activated.status_code == 200 and activated.json()["active"]
    assert [v["active"] for v in _versions(harness, supervisor)] == [True, False]
    missing = harness.client.post("/catalogs/7/activate", headers=supervisor)
    assert missing.status_code == 404
    taken = upload(harness.client, supervisor, sample_csv(reprice=part_up("hood", 4)), label="supplier-2026-12")
    assert taken.status_code == 409
    odd = upload(harness.client, supervisor, b"x", name="list.xlsx")
    assert odd.status_code == 415
