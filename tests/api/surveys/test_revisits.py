"""Revisits at submitted + 3 days, assessed + 5, paid + 7 and closing, sent once by the scheduler
on a frozen clock, whoever runs the tick and however often."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from api import scheduler
from api.auth.roles import Role
from api.payments.models import Payment
from api.scheduler import run_once
from api.surveys import service
from api.surveys.models import Revisit
from api.surveys.states import Stage
from api.workflow.states import ClaimState
from tests.api.signing.helpers import signed_claim_of
from tests.api.surveys.helpers import T0, claim_at, reach, revisit_messages, revisits
from tests.fixtures.harness import Harness

SECOND = timedelta(seconds=1)


def test_each_stage_is_due_at_its_delay_and_sent_once(harness: Harness) -> None:
    customer, headers = harness.login(Role.CUSTOMER)
    claim_id = claim_at(harness, headers)
    reach(harness, claim_id, ClaimState.ASSESSED, T0 + timedelta(days=1))

    before = run_once(harness.state, now=T0 + timedelta(days=3) - SECOND)
    assert before.revisits_sent == 0
    assert {(r.stage, r.due_at) for r in revisits(harness, claim_id)} == {
        (Stage.SUBMITTED, T0 + timedelta(days=3)),
        (Stage.ASSESSED, T0 + timedelta(days=6)),
    }
    assert all(r.sent_at is None for r in revisits(harness, claim_id))

    at_three_days = run_once(harness.state, now=T0 + timedelta(days=3))
    again = run_once(harness.state, now=T0 + timedelta(days=3, hours=1))
    assert (at_three_days.revisits_sent, again.revisits_sent) == (1, 0)
    assert len(revisit_messages(harness, customer.id)) == 1

    assert run_once(harness.state, now=T0 + timedelta(days=6) - SECOND).revisits_sent == 0
    assert run_once(harness.state, now=T0 + timedelta(days=6)).revisits_sent == 1
    messages = revisit_messages(harness, customer.id)
    assert len(messages) == 2
    assert sorted(m.subject for m in messages) == ["理赔回访：定损后回访", "理赔回访：报案后回访"]


def test_paid_plus_seven_days_and_no_second_closing_revisit(harness: Harness) -> None:
    customer, headers = harness.login(Role.CUSTOMER)
    claim_id = uuid.UUID(signed_claim_of(harness, headers, payee=True))
    paid = harness.client.post(f"/claims/{claim_id}/payment/paid", headers=harness.login(Role.SUPERVISOR)[1])
    assert paid.status_code == 200, paid.text
    with harness.session() as session:
        paid_at = session.scalars(select(Payment.paid_at).where(Payment.claim_id == claim_id)).one()
    assert paid_at is not None

    # the revisits after the report (+3 days) and the assessment (+5) go first
    assert run_once(harness.state, now=paid_at + timedelta(days=7) - SECOND).revisits_sent == 2
    stages = {r.stage: r for r in revisits(harness, claim_id)}
    assert set(stages) == {Stage.SUBMITTED, Stage.ASSESSED, Stage.PAID}  # paid and closed together: one revisit
    assert stages[Stage.PAID].due_at == paid_at + timedelta(days=7) and stages[Stage.PAID].sent_at is None
    assert run_once(harness.state, now=paid_at + timedelta(days=7)).revisits_sent == 1
    subjects = [m.subject for m in revisit_messages(harness, customer.id)]
    assert sorted(subjects) == ["理赔回访：定损后回访", "理赔回访：报案后回访", "理赔回访：赔款到账后回访"]


def test_a_claim_closed_without_payment_is_revisited_within_a_week(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    claim_id = claim_at(harness, headers)
    reach(harness, claim_id, ClaimState.CLOSED, T0 + timedelta(days=1))
    run_once(harness.state, now=T0 + timedelta(days=1))
    closing = {r.stage: r.due_at for r in revisits(harness, claim_id)}[Stage.CLOSED]
    assert T0 + timedelta(days=1) < closing <= T0 + timedelta(days=8)


def test_two_workers_ticking_together_send_each_revisit_once(harness: Harness) -> None:
    customer, headers = harness.login(Role.CUSTOMER)
    claim_ids = [claim_at(harness, headers) for _ in range(3)]
    now = T0 + timedelta(days=3)
    # Both workers skip the leader lock (``_tick``): only the conditional writes keep them apart.
    results: list[scheduler.TickResult] = []

    def tick() -> None:
        results.append(scheduler._tick(harness.state, now=now))

    workers = [threading.Thread(target=tick) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(r.revisits_sent for r in results) == 3
    assert len(revisit_messages(harness, customer.id)) == 3
    assert all(len(revisits(harness, c)) == 1 for c in claim_ids)


def test_a_revisit_taken_by_one_worker_is_not_sent_by_another(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    claim_id = claim_at(harness, headers)
    with harness.session() as session:
        assert service.plan(session) >= 1
    with harness.session() as session:
        assert service.plan(session) == 0  # planned once
    with harness.session() as session:
        revisit = session.scalars(select(Revisit).where(Revisit.claim_id == claim_id)).one()
        assert service._claim(session, revisit, sent_at=T0 + timedelta(days=3))
        assert not service._claim(session, revisit, sent_at=T0 + timedelta(days=3))


def test_a_revisit_found_weeks_late_is_skipped_not_sent(harness: Harness) -> None:
    customer, headers = harness.login(Role.CUSTOMER)
    claim_id = claim_at(harness, headers)
    result = run_once(harness.state, now=T0 + timedelta(days=30))
    assert result.revisits_sent == 0
    [revisit] = revisits(harness, claim_id)
    assert revisit.skipped_at is not None and revisit.sent_at is None
    assert revisit_messages(harness, customer.id) == []


@pytest.mark.parametrize("stage", list(Stage))
def test_every_stage_has_a_chinese_and_english_name(stage: Stage) -> None:
    from api.notifications.templates import Lang, render
    from api.notifications.topics import Topic

    for lang in Lang:
        rendered = render(Topic.REVISIT, lang, {"stage": [f"revisit_{stage.value}"]})
        assert "revisit_" not in rendered.subject + rendered.body
