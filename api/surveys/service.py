"""Revisits: planned when a claim reaches a stage, sent once when due (the scheduler), answered
once by the claim's customer; a low score opens a priority follow-up. The one path for the API,
the page and the scheduler."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import structlog
from sqlalchemy import CursorResult, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.customers.service import recompute as recompute_risk
from api.db.engine import unit_of_work
from api.db.models import User
from api.notifications import Topic, notify_user
from api.surveys import repository
from api.surveys.errors import SurveyAnswered, SurveyNotFound, SurveyNotOpen
from api.surveys.models import Revisit, SurveyFollowUp
from api.surveys.report import Satisfaction, satisfaction
from api.surveys.schemas import SurveyAnswer
from api.surveys.states import DELAYS, LOW_SCORE, SCORE_ITEMS, STALE_AFTER, Stage

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class RevisitTick:
    planned: int
    sent: int
    skipped: int


def plan(session: Session) -> int:
    """Plan the revisit of every stage a claim has reached and has none of yet (due at the
    stage's time plus its delay). The (claim, stage) unique key makes a second planner's insert
    fail; that one is skipped, so each revisit exists once."""
    planned = 0
    for stage in Stage:
        for claim_id, customer_id, reached_at in repository.anchors(session, stage):
            try:
                with session.begin_nested():
                    revisit = Revisit(claim_id=claim_id, customer_id=customer_id, stage=stage)
                    revisit.due_at = reached_at + DELAYS[stage]
                    session.add(revisit)
            except IntegrityError:
                continue
            planned += 1
    return planned


def _claim(session: Session, revisit: Revisit, **values: Any) -> bool:
    """Whether this transaction takes the revisit (nobody sent or skipped it yet)."""
    result = session.execute(
        update(Revisit)
        .where(Revisit.id == revisit.id, Revisit.sent_at.is_(None), Revisit.skipped_at.is_(None))
        .values(**values),
        execution_options={"synchronize_session": False},
    )
    return cast("CursorResult[Any]", result).rowcount == 1


def send_due(session: Session, *, now: datetime) -> tuple[int, int]:
    """Send each due revisit once, on the customer's own channels; one found long after its due
    time is skipped. Returns (sent, skipped)."""
    sent = skipped = 0
    for revisit in repository.due(session, now=now):
        if revisit.due_at < now - STALE_AFTER:
            skipped += _claim(session, revisit, skipped_at=now)
            continue
        if not _claim(session, revisit, sent_at=now):
            continue  # another worker sent it
        notify_user(
            session,
            user_id=revisit.customer_id,
            topic=Topic.REVISIT,
            params={"stage": [f"revisit_{revisit.stage.value}"]},
            claim_id=revisit.claim_id,
            now=now,
        )
        sent += 1
        log.info("revisit.sent", revisit_id=str(revisit.id), stage=revisit.stage.value)
    return sent, skipped


def run(session_factory: sessionmaker[Session], *, now: datetime) -> RevisitTick:
    """The scheduler's job: plan, then send (each in its own transaction)."""
    with unit_of_work(session_factory) as session:
        planned = plan(session)
    with unit_of_work(session_factory) as session:
        sent, skipped = send_due(session, now=now)
    return RevisitTick(planned, sent, skipped)


def my_surveys(session: Session, *, user: User) -> Sequence[Revisit]:
    return repository.of_customer(session, user.id)


def _own(session: Session, *, user: User, revisit_id: uuid.UUID) -> Revisit:
    revisit = session.get(Revisit, revisit_id)
    if revisit is None or revisit.customer_id != user.id:
        raise SurveyNotFound()
    return revisit


def answer(
    session: Session, *, user: User, revisit_id: uuid.UUID, body: SurveyAnswer, now: datetime
) -> tuple[Revisit, SurveyFollowUp | None]:
    """Record the customer's answers, once (a second answer is a 409, also when two race: the
    write is conditional on no answer yet). A score of 2 or less opens a priority follow-up."""
    revisit = _own(session, user=user, revisit_id=revisit_id)
    if revisit.sent_at is None:
        raise SurveyNotOpen("This survey has not been sent yet.")
    scores = {item: getattr(body, item) for item in SCORE_ITEMS}
    result = session.execute(
        update(Revisit)
        .where(Revisit.id == revisit.id, Revisit.answered_at.is_(None))
        .values(answered_at=now, improve=body.improve, would_return=body.would_return or "", **scores),
        execution_options={"synchronize_session": False},
    )
    if cast("CursorResult[Any]", result).rowcount != 1:
        raise SurveyAnswered()
    session.refresh(revisit)
    low = [item for item in SCORE_ITEMS if scores[item] <= LOW_SCORE]
    follow_up = None
    if low:
        follow_up = SurveyFollowUp(
            revisit_id=revisit.id,
            claim_id=revisit.claim_id,
            customer_id=revisit.customer_id,
            low_items=",".join(low),
            lowest_score=min(scores.values()),
            created_at=now,
        )
        session.add(follow_up)
        session.flush()
        log.info("survey.low_score", revisit_id=str(revisit.id), follow_up_id=str(follow_up.id))
        recompute_risk(session, customer_id=revisit.customer_id, now=now)  # the 满意度低 service tag
    return revisit, follow_up


def follow_ups(session: Session, *, open_only: bool = True) -> Sequence[SurveyFollowUp]:
    return repository.follow_ups(session, open_only=open_only)


def weekly_satisfaction(session: Session, *, start: datetime, end: datetime) -> Satisfaction:
    """Satisfaction of the surveys sent in [start, end)."""
    return satisfaction([r.overall for r in repository.sent_between(session, start=start, end=end)])
