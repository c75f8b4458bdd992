"""The improvement-actions register (issue 14 item 6; the seed's 周度复盘 and 预防措施落地检查):
each action comes from a weekly review (its ISO week and the cause, finer cause or team it
answers), has an owning department and a due date, and is closed with the evidence that it
worked — or did not."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Session

from api.db.models import User
from api.disputes.desk_models import ImprovementAction
from api.disputes.desk_schemas import ImprovementActionCreate, ImprovementActionUpdate
from api.disputes.desk_states import ActionStatus
from api.disputes.errors import IllegalComplaintMove, InvalidWeek
from api.disputes.report import parse_week
from api.errors import InvalidInput, NotFound

EVIDENCED = frozenset({ActionStatus.EFFECTIVE, ActionStatus.NOT_EFFECTIVE})


class ActionNotFound(NotFound):
    code = "improvement-action-not-found"
    title = "Improvement action not found"


class EvidenceRequired(InvalidInput):
    code = "evidence-required"
    title = "Whether an action worked is recorded with its evidence"


def create(session: Session, *, user: User, body: ImprovementActionCreate, now: datetime) -> ImprovementAction:
    try:
        parse_week(body.source_week)
    except ValueError as exc:
        raise InvalidWeek(str(exc)) from exc
    row = ImprovementAction(
        id=uuid.uuid4(), source_week=body.source_week, source_topic=body.source_topic, title=body.title,
        description=body.description, department=body.department, due_date=body.due_date,
        status=ActionStatus.OPEN, evidence="", created_by_id=user.id, created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def update(
    session: Session, *, action_id: uuid.UUID, user: User, body: ImprovementActionUpdate, now: datetime
) -> ImprovementAction:
    """Mark the action done, or record whether it worked with the evidence (then it is final)."""
    row = session.get(ImprovementAction, action_id, with_for_update=True)
    if row is None:
        raise ActionNotFound()
    if row.status in EVIDENCED:
        raise IllegalComplaintMove("The action's effect is already recorded.")
    if body.status in EVIDENCED and not body.evidence.strip():
        raise EvidenceRequired("Say what shows that the action worked (or did not): figures, dates, checks.")
    if body.status is ActionStatus.OPEN:
        raise IllegalComplaintMove("An action is reopened by recording a new one.")
    row.status, row.updated_by_id, row.updated_at = body.status, user.id, now
    if body.evidence.strip():
        row.evidence, row.evidence_at = body.evidence.strip(), now
    return row


def is_overdue(row: ImprovementAction, today: date) -> bool:
    return row.status is ActionStatus.OPEN and row.due_date < today
