"""The desk's complaint queue through the API (issue 14 item 5): each row carries its customer's
stored high-risk flag, rule service tags and manual tags, as the adjuster's queue does, and
high-risk customers' complaints come first."""

from __future__ import annotations

from datetime import timedelta

from api.auth.roles import Role
from tests.api.customers.helpers import T0, complaint_at, risk_at
from tests.fixtures.harness import Harness

DAY = timedelta(days=1)


def test_complaint_rows_carry_the_flag_and_the_service_tags_high_risk_first(harness: Harness) -> None:
    h = harness
    calm, calm_headers = h.login(Role.CUSTOMER)
    risky, risky_headers = h.login(Role.CUSTOMER)
    first = h.create_claim(calm_headers)["id"]
    second = h.create_claim(risky_headers)["id"]
    calm_complaint = complaint_at(h, calm_headers, first, T0)
    risky_complaints = {complaint_at(h, risky_headers, second, T0 + d * DAY) for d in (1, 2)}
    assert risk_at(h, risky.id, T0 + 3 * DAY)[0] is True
    assert risk_at(h, calm.id, T0 + 3 * DAY)[0] is False
    desk = h.login(Role.COMPLAINT_HANDLER)[1]
    tagged = h.client.post(f"/customers/{calm.id}/tags", json={"label": "需电话回访"}, headers=desk)
    assert tagged.status_code == 201, tagged.text

    page = h.client.get("/complaints", headers=desk)
    assert page.status_code == 200, page.text
    rows = page.json()["items"]
    assert {r["id"] for r in rows[:2]} == risky_complaints and rows[2]["id"] == calm_complaint
    by_id = {r["id"]: r for r in rows}
    for complaint_id in risky_complaints:
        row = by_id[complaint_id]
        assert row["customer_id"] == str(risky.id) and row["high_risk"] is True
        assert "repeated_complaints" in row["rule_tags"] and row["tags"] == []
    calm_row = by_id[calm_complaint]
    assert calm_row["high_risk"] is False and calm_row["tags"] == ["需电话回访"]
    assert calm_row["rule_tags"] == ["first_claim"]
    # a filtered page is sorted the same way and carries the same fields
    open_rows = h.client.get("/complaints?status=open&limit=1", headers=desk).json()["items"]
    assert [r["id"] for r in open_rows] == [rows[0]["id"]] and open_rows[0]["high_risk"] is True
