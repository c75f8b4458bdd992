"""Priority follow-ups of low survey scores (a score of 2 or less opens one): the desk lists the
open ones (high-risk customers first, then the lowest score) and closes each once with who
contacted the customer, the channel, the outcome and whether the customer was calm afterwards.
Closed ones leave the open list and stay in the history. The one path for the API and the page;
who may do what is decided here.

- The desk (complaint handlers, the senior claims team, supervisors) reads the follow-ups.
- Complaint handlers and supervisors close them; whoever contacted the customer is a member of
  the desk.
- A follow-up is closed once: the write is conditional on it being open, so of two closings at
  once exactly one wins and the other is a 409 ``survey-follow-up-closed``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, cast

import structlog
from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.db.models import Claim, User
from api.disputes.service import DESK_ROLES
from api.disputes.wording import ensure_neutral
from api.errors import PermissionDenied
from api.surveys import repository
from api.surveys.errors import FollowUpClosed, FollowUpNotFound, InvalidClosure
from api.surveys.models import SurveyFollowUp
from api.surveys.schemas import FollowUpClose
from api.surveys.states import SILENT_OUTCOMES, FollowUpStatus
from api.workflow import service as workflow
from api.workflow.states import AuditAction

log = structlog.get_logger(__name__)

READERS: Final = frozenset(DESK_ROLES)
CLOSERS: Final = frozenset({Role.COMPLAINT_HANDLER, Role.SUPERVISOR})


def ensure_may_read(user: User) -> None:
    if user.role not in READERS:
        raise PermissionDenied("The complaint desk reads the survey follow-ups.")


def ensure_may_close(user: User) -> None:
    if user.role not in CLOSERS:
        raise PermissionDenied("Complaint handlers and supervisors close survey follow-ups.")


def listing(session: Session, *, user: User, open_only: bool = True) -> Sequence[SurveyFollowUp]:
    """The open follow-ups (high-risk customers first, then the lowest score), or all of them."""
    ensure_may_read(user)
    return repository.follow_ups(session, open_only=open_only)


def _check(session: Session, *, body: FollowUpClose, user: User) -> uuid.UUID:
    """The closing record holds together; returns who contacted the customer."""
    if body.outcome in SILENT_OUTCOMES and body.customer_calmed is not None:
        raise InvalidClosure("A customer who was not reached says nothing of their mood: leave customer_calmed out.")
    if body.outcome not in SILENT_OUTCOMES and body.customer_calmed is None:
        raise InvalidClosure("Say whether the customer was calm after the contact (customer_calmed).")
    ensure_neutral(note=body.note)
    contacted_by = body.contacted_by_id or user.id
    if contacted_by != user.id:
        staff = session.get(User, contacted_by)
        if staff is None or not staff.is_active or staff.role not in DESK_ROLES:
            raise InvalidClosure("The customer is contacted by a member of the complaint desk.")
    return contacted_by


def close(
    session: Session, *, follow_up_id: uuid.UUID, user: User, body: FollowUpClose, now: datetime
) -> SurveyFollowUp:
    """Close an open follow-up with its record, once; an audit event on the claim says who and when."""
    ensure_may_close(user)
    row = session.get(SurveyFollowUp, follow_up_id)
    if row is None:
        raise FollowUpNotFound()
    contacted_by = _check(session, body=body, user=user)
    result = session.execute(
        update(SurveyFollowUp)
        .where(SurveyFollowUp.id == row.id, SurveyFollowUp.status == FollowUpStatus.OPEN)
        .values(
            status=FollowUpStatus.DONE,
            contacted_by_id=contacted_by,
            channel=body.channel,
            outcome=body.outcome,
            customer_calmed=body.customer_calmed,
            note=body.note,
            closed_at=now,
            closed_by_id=user.id,
            closed_by_role=user.role,
        ),
        execution_options={"synchronize_session": False},
    )
    if cast("CursorResult[Any]", result).rowcount != 1:
        raise FollowUpClosed()
    session.refresh(row)
    claim = session.get(Claim, row.claim_id)
    assert claim is not None
    # The record itself is on the follow-up row; the claim's trail says that it was closed, by whom and when.
    workflow.record(session, claim=claim, action=AuditAction.SURVEY_FOLLOW_UP_CLOSED, actor=Actor.of(user), at=now)
    log.info("survey.follow_up_closed", follow_up_id=str(row.id), outcome=body.outcome.value)
    return row
