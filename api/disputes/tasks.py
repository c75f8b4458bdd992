"""The complaint clock, run by the scheduler: overdue steps escalate by themselves (one level
per missed deadline, each recorded with its reason) and unconfirmed feedback gets a follow-up
task once its follow-up is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, cast
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import CursorResult, Result, update
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.disputes import repository
from api.disputes.clock import overdue_escalations
from api.disputes.config import DisputeSettings, get_dispute_settings
from api.disputes.models import Complaint
from api.disputes.resolution import move_up
from api.disputes.service import record
from api.disputes.states import ComplaintAction
from api.reasons import Reason, TextCode

log = structlog.get_logger(__name__)

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class ClockResult:
    escalated: list[Complaint]
    follow_ups: list[Complaint]


def escalate_overdue_complaints(
    session: Session,
    *,
    now: datetime,
    tz: tzinfo = DEFAULT_TZ,
    settings: DisputeSettings | None = None,
) -> ClockResult:
    """Escalate every open complaint whose step is past due, and create follow-up tasks for
    feedback the customer has not confirmed in time. Safe to run again, and in two processes at
    once: each complaint is taken by a conditional write on what was read (``_take_step``,
    ``_take_follow_up``), so a deadline escalates once and a follow-up is created once."""
    settings = settings or get_dispute_settings()
    actor = Actor.system("scheduler")
    escalated: list[Complaint] = []
    for complaint in repository.overdue_steps(session, now=now):
        steps = overdue_escalations(
            level=complaint.level, due_at=complaint.step_due_at, now=now, tz=tz, days=settings.step_working_days
        )
        if not steps or not _take_step(session, complaint):
            continue
        for step in steps:
            move_up(
                session,
                complaint=complaint,
                actor=actor,
                at=step.at,
                due_at=step.due_at,
                reason=Reason(
                    TextCode.STEP_OVERDUE, {"level": step.from_level.value, "since": step.at.astimezone(tz).isoformat()}
                ),
                overdue=True,
                settings=settings,
            )
        escalated.append(complaint)
        log.info("complaint.escalated", complaint_id=str(complaint.id), level=complaint.level)
    follow_ups: list[Complaint] = []
    for complaint in repository.follow_ups_due(session, now=now):
        if not _take_follow_up(session, complaint, now=now):
            continue
        complaint.follow_up_at = now
        record(
            session,
            complaint=complaint,
            action=ComplaintAction.FOLLOW_UP_CREATED,
            actor=actor,
            at=now,
            reason=Reason(TextCode.FOLLOW_UP_DUE),
            details={
                "follow_up_due_at": complaint.follow_up_due_at.isoformat() if complaint.follow_up_due_at else None
            },
        )
        follow_ups.append(complaint)
        log.info("complaint.follow_up", complaint_id=str(complaint.id))
    return ClockResult(escalated, follow_ups)


def _take_step(session: Session, complaint: Complaint) -> bool:
    """Whether this transaction takes the complaint's overdue step: a write conditional on the
    level and deadline read. A tick that wrote first leaves it unmatched (on SQLite this write
    waits for that tick's commit; on PostgreSQL its row lock), so this one skips the complaint."""
    result = session.execute(
        update(Complaint)
        .where(
            Complaint.id == complaint.id,
            Complaint.level == complaint.level,
            Complaint.step_due_at == complaint.step_due_at,
        )
        .values(step_due_at=complaint.step_due_at),
        execution_options={"synchronize_session": False},
    )
    return _matched(result) == 1


def _take_follow_up(session: Session, complaint: Complaint, *, now: datetime) -> bool:
    """Whether this transaction creates the complaint's follow-up (nobody has yet)."""
    result = session.execute(
        update(Complaint)
        .where(Complaint.id == complaint.id, Complaint.follow_up_at.is_(None))
        .values(follow_up_at=now),
        execution_options={"synchronize_session": False},
    )
    return _matched(result) == 1


def _matched(result: Result[Any]) -> int:
    return cast("CursorResult[Any]", result).rowcount
