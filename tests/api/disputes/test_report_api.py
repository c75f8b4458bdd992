from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from api.disputes import endpoints
from api.disputes.models import Complaint
from api.web import pages_desk
from tests.api.disputes.helpers import make_desk
from tests.fixtures.harness import Harness


def this_week() -> str:
    year, week, _ = (datetime.now(UTC) + timedelta(hours=8)).isocalendar()
    return f"{year}-W{week:02d}"


def test_weekly_report_as_json_and_csv(harness: Harness) -> None:
    desk = make_desk(harness)
    first = desk.file()
    desk.file(text="等了太久，太慢了")
    desk.decide(first["id"], "100.00")
    response = harness.client.get(f"/reports/complaints/weekly?week={this_week()}", headers=desk.supervisor)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    report = response.json()
    assert report["complaints"] == 2
    assert report["by_cause"]["amount"] == 1 and report["by_cause"]["timeliness"] == 1
    customer_id = harness.client.get(f"/complaints/{first['id']}", headers=desk.handler).json()["customer_id"]
    assert report["repeat_complainants"] == [{"customer_id": customer_id, "complaints": 2, "high_risk": True}]

    as_csv = harness.client.get(f"/reports/complaints/weekly?week={this_week()}&format=csv", headers=desk.handler)
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert ["total", "complaints", "2"] in rows and ["repeat_complainant_high_risk", customer_id, "2"] in rows


def test_overdue_steps_count_against_their_team(harness: Harness) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    # move the complaint back in time: received two weeks ago, nothing done since
    with harness.session() as session:
        row = session.get(Complaint, uuid.UUID(complaint["id"]))
        assert row is not None
        shift = timedelta(days=14)
        row.received_at -= shift
        row.feedback_due_at -= shift
        row.step_due_at -= shift
        for step in row.steps:
            step.started_at -= shift
            step.due_at -= shift
        due = row.feedback_due_at.astimezone(harness.state.tz)
    year, week, _ = due.isocalendar()
    report = harness.client.get(f"/reports/complaints/weekly?week={year}-W{week:02d}", headers=desk.handler).json()
    assert report["overdue_by_team"]["feedback"] == 1
    assert report["deadlines_met"] == 0 and report["achievement_rate"] is not None
    overdue = harness.client.get("/complaints?overdue=true", headers=desk.handler).json()
    assert [c["id"] for c in overdue["items"]] == [complaint["id"]]


def test_report_access_and_bad_weeks(harness: Harness) -> None:
    desk = make_desk(harness)
    assert (
        harness.client.get(f"/reports/complaints/weekly?week={this_week()}", headers=desk.customer).status_code == 403
    )
    for week in ("2026-48", "2026-W54", "2025-W53"):
        response = harness.client.get(f"/reports/complaints/weekly?week={week}", headers=desk.handler)
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    bad_format = harness.client.get(f"/reports/complaints/weekly?week={this_week()}&format=xml", headers=desk.handler)
    assert bad_format.status_code == 422


def test_a_week_at_the_edge_of_the_calendar_is_a_422_not_a_500(harness: Harness) -> None:
    # Found by the schema fuzzer (tests/reliability): the window before 0001-W11 and the Monday
    # after 9999-W52 are outside the dates Python can hold.
    desk = make_desk(harness)
    for week in ("0001-W11", "9999-W52"):
        response = harness.client.get(f"/reports/complaints/weekly?week={week}", headers=desk.supervisor)
        assert response.status_code == 422, (week, response.text)
        assert response.json()["type"].endswith("invalid-week")


def test_one_minute_after_filing_no_deadline_is_missed(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """The measured failure: 0 % one minute after filing. The clock is frozen a minute on."""
    desk = make_desk(harness)
    filed = desk.file()
    received = datetime.fromisoformat(filed["received_at"])
    monkeypatch.setattr(endpoints, "utcnow", lambda: received + timedelta(minutes=1))
    monkeypatch.setattr(pages_desk, "utcnow", lambda: received + timedelta(minutes=1))
    year, week, _ = received.astimezone(harness.state.tz).isocalendar()
    report = harness.client.get(f"/reports/complaints/weekly?week={year}-W{week:02d}", headers=desk.handler).json()
    assert report["deadlines_due"] == 0 and report["achievement_rate"] is None
    assert report["deadlines_pending"] >= 1 and sum(report["overdue_by_team"].values()) == 0
