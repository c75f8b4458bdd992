"""Closing a priority follow-up of a low survey score (issue 14 item 4): who contacted the
customer, the channel, the outcome, whether the customer was calm, an internal note in neutral
wording; complaint handlers and supervisors close, once — two closings at once: exactly one wins,
on SQLite and PostgreSQL. Closed ones leave the open list and stay in the history."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import AuditEvent
from api.workflow.states import AuditAction
from tests.api.surveys.test_answers import sent_survey
from tests.fixtures.harness import Harness, make_settings
from tests.fixtures.live_server import LiveServer, at_once, live_harness

LOW = {"convenience": 4, "communication": 2, "amount_fairness": 1, "overall": 3}
CLOSE = {"channel": "phone", "outcome": "explained", "customer_calmed": True, "note": "已逐项说明定损金额构成"}


def low_score_follow_up(h: Harness) -> dict[str, Any]:
    """A follow-up opened by a customer's low score; the desk's view of it."""
    _, customer = h.login(Role.CUSTOMER)
    survey_id = sent_survey(h, customer)
    assert h.client.post(f"/surveys/{survey_id}/answers", json=LOW, headers=customer).status_code == 201
    [row] = [f for f in h.client.get("/survey-follow-ups", headers=h.login(Role.SUPERVISOR)[1]).json()
             if f["revisit_id"] == survey_id]  # fmt: skip
    return dict(row)


def _close(h: Harness, follow_up_id: str, headers: dict[str, str], body: dict[str, Any] = CLOSE) -> httpx.Response:
    return h.client.post(f"/survey-follow-ups/{follow_up_id}/closure", json=body, headers=headers)


def _audit(h: Harness, claim_id: str) -> list[AuditEvent]:
    with h.session() as session:
        query = select(AuditEvent).where(
            AuditEvent.claim_id == uuid.UUID(claim_id), AuditEvent.action == AuditAction.SURVEY_FOLLOW_UP_CLOSED
        )
        rows = list(session.scalars(query).all())
        session.expunge_all()
        return rows


def test_a_handler_closes_a_follow_up_which_leaves_the_open_list_and_stays_in_history(harness: Harness) -> None:
    h = harness
    follow_up = low_score_follow_up(h)
    handler_user, handler = h.login(Role.COMPLAINT_HANDLER)
    closed = _close(h, follow_up["id"], handler)
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert body["status"] == "done" and body["outcome"] == "explained" and body["channel"] == "phone"
    assert body["customer_calmed"] is True and body["note"] == CLOSE["note"]
    assert body["closed_by_id"] == body["contacted_by_id"] == str(handler_user.id)
    assert body["closed_at"] is not None

    assert h.client.get("/survey-follow-ups", headers=handler).json() == []
    history = h.client.get("/survey-follow-ups?open=false", headers=handler).json()
    assert [(f["id"], f["status"], f["outcome"]) for f in history] == [(follow_up["id"], "done", "explained")]
    [event] = _audit(h, follow_up["claim_id"])
    assert event.actor_id == handler_user.id and event.actor_role is Role.COMPLAINT_HANDLER


def test_closing_again_is_a_409_problem_and_changes_nothing(harness: Harness) -> None:
    h = harness
    follow_up = low_score_follow_up(h)
    supervisor = h.login(Role.SUPERVISOR)[1]
    assert _close(h, follow_up["id"], supervisor).status_code == 200
    again = _close(h, follow_up["id"], h.login(Role.COMPLAINT_HANDLER)[1], {**CLOSE, "outcome": "resolved"})
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["type"].endswith("survey-follow-up-closed")
    [row] = h.client.get("/survey-follow-ups?open=false", headers=supervisor).json()
    assert row["outcome"] == "explained"
    assert len(_audit(h, follow_up["claim_id"])) == 1


@pytest.mark.parametrize("role", [Role.SENIOR_ADJUSTER, Role.JUNIOR_ADJUSTER, Role.ADMIN, Role.CUSTOMER])
def test_only_handlers_and_supervisors_close(harness: Harness, role: Role) -> None:
    follow_up = low_score_follow_up(harness)
    refused = _close(harness, follow_up["id"], harness.login(role)[1])
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert len(harness.client.get("/survey-follow-ups", headers=harness.login(Role.SUPERVISOR)[1]).json()) == 1


def test_an_unknown_follow_up_is_not_found(harness: Harness) -> None:
    missing = _close(harness, str(uuid.uuid4()), harness.login(Role.COMPLAINT_HANDLER)[1])
    assert missing.status_code == 404 and missing.json()["type"].endswith("survey-follow-up-not-found")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"outcome": "not_reached", "customer_calmed": False}, "invalid-follow-up-closure"),  # mood of nobody reached
        ({"outcome": "resolved", "customer_calmed": None}, "invalid-follow-up-closure"),  # reached: say the mood
        ({"note": "这个不可能再赔，按公司规定办"}, "non-neutral-wording"),
        ({"channel": "pigeon"}, "validation-error"),
        ({"outcome": "forgotten"}, "validation-error"),
    ],
)
def test_a_closing_record_that_does_not_hold_is_a_422_and_leaves_it_open(
    harness: Harness, change: dict[str, Any], problem: str
) -> None:
    follow_up = low_score_follow_up(harness)
    handler = harness.login(Role.COMPLAINT_HANDLER)[1]
    refused = _close(harness, follow_up["id"], handler, {**CLOSE, **change})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"].endswith(problem), refused.json()
    assert [f["id"] for f in harness.client.get("/survey-follow-ups", headers=handler).json()] == [follow_up["id"]]


def test_the_contact_may_be_another_member_of_the_desk_but_not_a_customer(harness: Harness) -> None:
    h = harness
    follow_up = low_score_follow_up(h)
    supervisor = h.login(Role.SUPERVISOR)[1]
    customer = h.login(Role.CUSTOMER)[0]
    refused = _close(h, follow_up["id"], supervisor, {**CLOSE, "contacted_by_id": str(customer.id)})
    assert refused.status_code == 422 and refused.json()["type"].endswith("invalid-follow-up-closure")
    handler = h.login(Role.COMPLAINT_HANDLER)[0]
    closed = _close(h, follow_up["id"], supervisor, {**CLOSE, "outcome": "not_reached", "customer_calmed": None,
                                                     "contacted_by_id": str(handler.id)})  # fmt: skip
    assert closed.status_code == 200, closed.text
    assert closed.json()["contacted_by_id"] == str(handler.id) and closed.json()["customer_calmed"] is None


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    from api.app import create_app

    with live_harness(create_app(make_settings(db_url, tmp_path / "var"))) as server:
        yield server


def test_two_closings_at_once_exactly_one_wins(live: LiveServer) -> None:
    h = live.h
    follow_up = low_score_follow_up(h)
    closers = [h.login(Role.COMPLAINT_HANDLER)[1], h.login(Role.SUPERVISOR)[1]]
    outcomes = ["resolved", "explained"]
    url = f"{live.base_url}/survey-follow-ups/{follow_up['id']}/closure"

    def closing(headers: dict[str, str], outcome: str) -> Any:
        return lambda: httpx.post(url, json={**CLOSE, "outcome": outcome}, headers=headers, timeout=60.0)

    responses = at_once([closing(headers, o) for headers, o in zip(closers, outcomes, strict=True)])
    assert all(isinstance(r, httpx.Response) for r in responses), responses
    assert Counter(r.status_code for r in responses) == {200: 1, 409: 1}, [r.text for r in responses]
    [winner] = [r.json() for r in responses if r.status_code == 200]
    [loser] = [r.json() for r in responses if r.status_code == 409]
    assert loser["type"].endswith("survey-follow-up-closed")
    [row] = h.client.get("/survey-follow-ups?open=false", headers=closers[1]).json()
    assert row["outcome"] == winner["outcome"] and row["closed_by_id"] == winner["closed_by_id"]
    assert len(_audit(h, follow_up["claim_id"])) == 1
