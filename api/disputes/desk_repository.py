"""Every query of the desk's routing, contact log and service quality."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.auth.roles import Role
from api.db.models import AuditEvent, User
from api.disputes.desk_models import ComplaintContact, ComplaintDelayNotice, ComplaintStaffLink, ImprovementAction
from api.disputes.desk_states import ActionStatus
from api.disputes.models import Complaint, ComplaintStep
from api.disputes.states import ComplaintStatus
from api.surveys.models import Revisit


def least_loaded(session: Session, *, roles: Sequence[Role]) -> User | None:
    """The active user of ``roles`` holding the fewest complaints not yet closed (ties: the
    longest-standing account first), so new work spreads over the team."""
    load = (
        select(Complaint.assignee_id, func.count().label("n"))
        .where(Complaint.status != ComplaintStatus.CLOSED, Complaint.assignee_id.is_not(None))
        .group_by(Complaint.assignee_id)
        .subquery()
    )
    stmt = (
        select(User)
        .outerjoin(load, load.c.assignee_id == User.id)
        .where(User.role.in_(roles), User.is_active.is_(True))
        .order_by(func.coalesce(load.c.n, 0), User.created_at, User.id)
        .limit(1)
    )
    return session.scalars(stmt).first()


def contacts(session: Session, *, complaint_id: uuid.UUID) -> Sequence[ComplaintContact]:
    stmt = select(ComplaintContact).where(ComplaintContact.complaint_id == complaint_id)
    return session.scalars(stmt.order_by(ComplaintContact.at, ComplaintContact.id)).all()


def delay_notices(session: Session, *, complaint_id: uuid.UUID) -> Sequence[ComplaintDelayNotice]:
    stmt = select(ComplaintDelayNotice).where(ComplaintDelayNotice.complaint_id == complaint_id)
    return session.scalars(stmt.order_by(ComplaintDelayNotice.at, ComplaintDelayNotice.id)).all()


def staff_links(session: Session, *, complaint_id: uuid.UUID) -> Sequence[ComplaintStaffLink]:
    stmt = select(ComplaintStaffLink).where(ComplaintStaffLink.complaint_id == complaint_id)
    return session.scalars(stmt.order_by(ComplaintStaffLink.at)).all()


def link_exists(session: Session, *, complaint_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    stmt = select(ComplaintStaffLink.id).where(
        ComplaintStaffLink.complaint_id == complaint_id, ComplaintStaffLink.user_id == user_id
    )
    return session.scalar(stmt) is not None


def staff_on_claim(session: Session, *, claim_id: uuid.UUID) -> Sequence[User]:
    """Staff who acted on the claim (its audit trail): the candidates a complaint is linked to."""
    ids = select(AuditEvent.actor_id).where(AuditEvent.claim_id == claim_id, AuditEvent.actor_id.is_not(None))
    stmt = select(User).where(User.id.in_(ids), User.role != Role.CUSTOMER).order_by(User.created_at)
    return session.scalars(stmt).all()


def staff(session: Session, *, roles: Sequence[Role]) -> Sequence[User]:
    stmt = select(User).where(User.role.in_(roles), User.is_active.is_(True))
    return session.scalars(stmt.order_by(User.role, User.created_at)).all()


# ---- the supervisor's dashboard ------------------------------------------------------------------


def complaints_between(session: Session, *, since: datetime, until: datetime) -> Sequence[Complaint]:
    stmt = select(Complaint).where(Complaint.received_at >= since, Complaint.received_at < until)
    return session.scalars(stmt.order_by(Complaint.received_at)).all()


def steps_due_between(session: Session, *, since: datetime, until: datetime) -> Sequence[ComplaintStep]:
    stmt = select(ComplaintStep).where(ComplaintStep.due_at >= since, ComplaintStep.due_at < until)
    return session.scalars(stmt.order_by(ComplaintStep.due_at)).all()


def links_for(session: Session, *, complaint_ids: Sequence[uuid.UUID]) -> Sequence[ComplaintStaffLink]:
    if not complaint_ids:
        return []
    stmt = select(ComplaintStaffLink).where(ComplaintStaffLink.complaint_id.in_(complaint_ids))
    return session.scalars(stmt).all()


def claims_handled(session: Session, *, since: datetime, until: datetime) -> dict[uuid.UUID, int]:
    """Per member of staff, how many claims they acted on in [since, until) (the 差评率's base)."""
    stmt = (
        select(AuditEvent.actor_id, func.count(func.distinct(AuditEvent.claim_id)))
        .where(AuditEvent.at >= since, AuditEvent.at < until, AuditEvent.actor_id.is_not(None))
        .group_by(AuditEvent.actor_id)
    )
    return {row[0]: int(row[1]) for row in session.execute(stmt).all() if row[0] is not None}


def surveys_answered(session: Session, *, since: datetime, until: datetime) -> list[tuple[uuid.UUID, int]]:
    """(claim id, overall score) of each revisit survey answered in [since, until)."""
    stmt = select(Revisit.claim_id, Revisit.overall).where(
        Revisit.answered_at >= since, Revisit.answered_at < until, Revisit.overall.is_not(None)
    )
    return [(claim_id, overall) for claim_id, overall in session.execute(stmt) if overall is not None]


def staff_of_claims(session: Session, *, claim_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Who handled each claim: acted on it (audit trail), or held one of its complaints or their steps.
    Customers are left in (the dashboard drops them with every other row of theirs)."""
    out: dict[uuid.UUID, set[uuid.UUID]] = {cid: set() for cid in claim_ids}
    if not claim_ids:
        return out
    acted = select(AuditEvent.claim_id, AuditEvent.actor_id).where(
        AuditEvent.claim_id.in_(claim_ids), AuditEvent.actor_id.is_not(None)
    )
    held = select(Complaint.claim_id, Complaint.assignee_id).where(
        Complaint.claim_id.in_(claim_ids), Complaint.assignee_id.is_not(None)
    )
    stepped = (
        select(Complaint.claim_id, ComplaintStep.assignee_id)
        .join(Complaint, Complaint.id == ComplaintStep.complaint_id)
        .where(Complaint.claim_id.in_(claim_ids), ComplaintStep.assignee_id.is_not(None))
    )
    for stmt in (acted, held, stepped):
        for claim_id, user_id in session.execute(stmt.distinct()):
            if user_id is not None:
                out[claim_id].add(user_id)
    return out


def users(session: Session, *, ids: Sequence[uuid.UUID]) -> Sequence[User]:
    if not ids:
        return []
    return session.scalars(select(User).where(User.id.in_(ids))).all()


# ---- the improvement-actions register ------------------------------------------------------------


def improvement_actions(
    session: Session, *, status: ActionStatus | None = None, week: str | None = None
) -> Sequence[ImprovementAction]:
    stmt = select(ImprovementAction)
    if status is not None:
        stmt = stmt.where(ImprovementAction.status == status)
    if week is not None:
        stmt = stmt.where(ImprovementAction.source_week == week)
    return session.scalars(stmt.order_by(ImprovementAction.due_date, ImprovementAction.created_at)).all()


def overdue_actions(session: Session, *, today: date) -> int:
    stmt = select(func.count()).where(ImprovementAction.status == ActionStatus.OPEN, ImprovementAction.due_date < today)
    return int(session.scalar(stmt) or 0)
