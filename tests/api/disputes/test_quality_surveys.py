"""Survey satisfaction per employee and per team on the supervisor's dashboard (issue 14 item 4
of the brief for item 5): the mean overall score of the surveys answered in the window on the
claims each member of staff handled, with fixture surveys and a frozen clock."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from api.auth.roles import Role
from api.disputes import quality
from api.surveys.models import Revisit
from api.surveys.states import Stage
from tests.fixtures.harness import Harness

NOW = datetime(2026, 11, 6, 4, 0, tzinfo=UTC)  # Friday of 2026-W45 in Shanghai
WEEK = "2026-W45"


def _answered(h: Harness, claim_id: str, customer_id: uuid.UUID, stage: Stage, overall: int, at: datetime) -> None:
    with h.session() as session:
        session.add(
            Revisit(
                claim_id=uuid.UUID(claim_id),
                customer_id=customer_id,
                stage=stage,
                due_at=at,
                sent_at=at,
                answered_at=at,
                convenience=3,
                communication=3,
                amount_fairness=3,
                overall=overall,
            )
        )


def test_survey_satisfaction_per_employee_and_team(harness: Harness) -> None:
    h = harness
    customer, headers = h.login(Role.CUSTOMER)
    adjuster, senior = h.login(Role.SENIOR_ADJUSTER)
    handler = h.user(Role.COMPLAINT_HANDLER)
    reviewed = h.create_claim(headers)["id"]
    complained = h.create_claim(headers)["id"]
    quiet = h.create_claim(headers)["id"]  # nobody on staff handled it: its survey counts for no one
    moved = h.client.post(
        f"/claims/{reviewed}/transitions", json={"to": "under_review", "reason": "审核"}, headers=senior
    )
    assert moved.status_code == 200, moved.text
    filed = h.client.post(f"/claims/{complained}/complaints", json={"channel": "app", "text": "太慢"}, headers=headers)
    assert filed.status_code == 201, filed.text
    held = h.client.get(f"/complaints/{filed.json()['id']}", headers=h.headers(handler)).json()
    assert held["assignee_id"] == str(handler.id)  # routed to the front line's only handler
    _answered(h, reviewed, customer.id, Stage.SUBMITTED, 4, NOW - timedelta(days=1))
    _answered(h, reviewed, customer.id, Stage.ASSESSED, 1, NOW - timedelta(days=2))
    _answered(h, reviewed, customer.id, Stage.PAID, 1, NOW - timedelta(days=30))  # before the window
    _answered(h, complained, customer.id, Stage.SUBMITTED, 5, NOW - timedelta(days=1))
    _answered(h, quiet, customer.id, Stage.SUBMITTED, 1, NOW - timedelta(days=1))
    with h.session() as session:
        board = quality.dashboard(session, week=WEEK, weeks=1, tz=h.state.tz, now=NOW)
    rows = {e["user_id"]: e for e in board["employees"]}
    assert (rows[str(adjuster.id)]["surveys"], rows[str(adjuster.id)]["survey_satisfaction"]) == (2, "2.50")
    assert (rows[str(handler.id)]["surveys"], rows[str(handler.id)]["survey_satisfaction"]) == (1, "5.00")
    assert str(customer.id) not in rows  # the customer acted on their claims but is not staff
    teams = {t["team"]: t for t in board["teams"]}
    assert teams["senior_claims"]["survey_satisfaction"] == "2.50" and teams["front_line"]["surveys"] == 1
    assert rows[str(adjuster.id)]["bad_review_rate"] is None  # 差评率 and the rest still beside it
    with h.session() as session:
        earlier = quality.dashboard(session, week="2026-W41", weeks=1, tz=h.state.tz, now=NOW)
    assert all(e["survey_satisfaction"] in (None, "1.00") for e in earlier["employees"])


def test_the_tally_counts_a_survey_for_each_member_who_handled_its_claim() -> None:
    a, b, claim, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    rows = quality.tally(complaints=[], links=[], steps=[], claims_handled={}, now=NOW,
                         surveys=[(claim, 5), (claim, 2), (other, 1)], claim_staff={claim: {a, b}})  # fmt: skip
    assert {k: (v.surveys, v.to_json()["survey_satisfaction"]) for k, v in rows.items()} == {
        a: (2, "3.50"),
        b: (2, "3.50"),
    }
