"""Several API processes on one database: the scheduler ticks once across them, and the work of a
tick (claim and complaint escalation) is done once even when two ticks do overlap."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.auth.roles import Role
from api.db.engine import make_engine, make_session_factory, unit_of_work
from api.db.locks import exclusive
from api.db.models import AuditEvent, OutboxMessage
from api.disputes.models import ComplaintEvent
from api.disputes.states import ComplaintAction
from api.disputes.tasks import escalate_overdue_complaints
from api.notifications.senders import RecordingSender
from api.notifications.topics import Topic
from api.scheduler import run_once
from api.workflow.service import escalate_overdue
from api.workflow.states import AuditAction
from tests.api.disputes.helpers import make_desk
from tests.fixtures.harness import Harness


@pytest.fixture
def second_factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a second engine: what another API process on the same database would use."""
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    engine.dispose()


def _overlapping(first: sessionmaker[Session], second: sessionmaker[Session], work: Callable[[Session], Any]) -> None:
    """Run ``work`` in ``first`` and, before it commits, in ``second`` on another thread; then
    commit the first. Two ticks overlapping in the worst order."""
    errors: list[BaseException] = []

    def other() -> None:
        try:
            with unit_of_work(second) as session:
                work(session)
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)

    with unit_of_work(first) as session:
        work(session)
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.5)  # the second tick reads and tries its writes while the first holds them
    thread.join(timeout=30)
    assert not thread.is_alive() and errors == []


def _count(harness: Harness, stmt: Any) -> int:
    with harness.session() as session:
        return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def test_overlapping_ticks_escalate_each_overdue_claim_once(
    harness: Harness, second_factory: sessionmaker[Session]
) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claims = [harness.create_claim(customer) for _ in range(3)]
    now = max(datetime.fromisoformat(c["assessment_due_at"]) for c in claims) + timedelta(seconds=1)

    _overlapping(harness.state.session_factory, second_factory, lambda s: escalate_overdue(s, now=now))

    escalations = select(AuditEvent).where(AuditEvent.action == AuditAction.ESCALATED)
    notices = select(OutboxMessage).where(OutboxMessage.topic == Topic.CLAIM_ESCALATED)
    assert _count(harness, escalations) == 3
    assert _count(harness, notices) == 3


def test_overlapping_ticks_escalate_a_complaint_step_once(
    harness: Harness, second_factory: sessionmaker[Session]
) -> None:
    desk = make_desk(harness)
    complaint = desk.file()
    due = datetime.fromisoformat(complaint["step_due_at"])

    _overlapping(harness.state.session_factory, second_factory, lambda s: escalate_overdue_complaints(s, now=due))

    events = select(ComplaintEvent).where(
        ComplaintEvent.complaint_id == uuid.UUID(complaint["id"]), ComplaintEvent.action == ComplaintAction.ESCALATED
    )
    assert _count(harness, events) == 1
    detail = harness.client.get(f"/complaints/{complaint['id']}", headers=desk.handler).json()
    assert len(detail["steps"]) == 2


def test_a_process_that_does_not_hold_the_scheduler_lock_skips_its_tick(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    now = datetime.fromisoformat(claim["assessment_due_at"]) + timedelta(seconds=1)
    with exclusive(harness.state.engine, "scheduler", wait=False) as held:
        assert held
        result = run_once(harness.state, now=now)
    assert result.skipped and result.escalated == 0
    assert run_once(harness.state, now=now).escalated == 1


def test_two_app_states_ticking_together_escalate_and_notify_once(
    harness_factory: Callable[..., Any],
) -> None:
    with harness_factory() as first, harness_factory() as second:
        senders = [RecordingSender(), RecordingSender()]
        first.state.notifier, second.state.notifier = senders
        _, customer = first.login(Role.CUSTOMER)
        claims = [first.create_claim(customer) for _ in range(4)]
        start = max(datetime.fromisoformat(c["assessment_due_at"]) for c in claims) + timedelta(seconds=1)

        for tick in range(3):
            now = start + timedelta(seconds=tick)
            barrier = threading.Barrier(2)

            def tick_in(h: Harness, now: datetime = now, barrier: threading.Barrier = barrier) -> None:
                barrier.wait(timeout=10)
                run_once(h.state, now=now)

            threads = [threading.Thread(target=tick_in, args=(h,)) for h in (first, second)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)

        escalations = select(AuditEvent).where(AuditEvent.action == AuditAction.ESCALATED)
        assert _count(first, escalations) == 4
        sent = [n for sender in senders for n in sender.sent]
        escalated = [n for n in sent if n.topic == Topic.CLAIM_ESCALATED.value]
        assert len(escalated) == 4 and len({n.claim_id for n in escalated}) == 4
        requested = [n for n in sent if n.topic == Topic.DOCUMENTS_MISSING.value]
        assert len({n.claim_id for n in requested}) == 4  # the claims have no documents: each asked once
        # 4 "submitted" + 4 "documents missing" + 4 "escalated", once each
        assert len(sent) == len({n.id for n in sent}) == 12


def test_the_scheduler_lock_is_held_across_processes(db_url: str, tmp_path: Any) -> None:
    """Another process holding the lock (here: a child Python) makes this one skip."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from api.db.engine import make_engine\n"
        "from api.db.locks import exclusive\n"
        f"engine = make_engine({db_url!r})\n"
        "with exclusive(engine, 'scheduler', wait=False) as held:\n"
        "    print('held' if held else 'busy', flush=True)\n"
        "    sys.stdin.read()\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        engine = make_engine(db_url)
        try:
            with exclusive(engine, "scheduler", wait=False) as held:
                assert not held
        finally:
            engine.dispose()
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)
    engine = make_engine(db_url)
    try:
        with exclusive(engine, "scheduler", wait=False) as held:
            assert held
    finally:
        engine.dispose()
