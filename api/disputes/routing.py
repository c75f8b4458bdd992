"""Routing (issue 14 item 3): a team and an assignee for each level of the ladder — 一线客服 →
理赔专员团队 → 客服部跨部门小组 → 第三方调解 / 最终方案 — and who may act at each level. This is
the one place the desk's per-level authority is decided; every service that changes a complaint
asks :func:`ensure_may_act` first, so the API and the pages obey the same table.

- A level's work is assigned to its holders' role (the front line: complaint handlers; the claims
  specialists: senior adjusters; the customer-service department's cross-functional group and
  mediation / final offer: supervisors). Whoever holds a higher level may step in below it.
- A severe complaint (bad service, repeated unresolved complaints) is held and decided by a
  supervisor at any level.
- Anyone at the desk logs a contact with the customer; only a supervisor reassigns.

>>> may_act(Role.COMPLAINT_HANDLER, level=Level.SENIOR_CLAIMS, severe=False, action=DeskAction.DECIDE)
False
>>> may_act(Role.SENIOR_ADJUSTER, level=Level.FRONT_LINE, severe=False, action=DeskAction.DECIDE)
True
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Final

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.db.models import User
from api.disputes import desk_repository
from api.disputes.clock import LADDER, Level
from api.disputes.config import DisputeSettings
from api.disputes.customer_notice import notify_customer
from api.disputes.desk_states import DeskAction
from api.disputes.errors import IllegalComplaintMove, InvalidAssignee, NotAtThisLevel, SupervisorRequired
from api.disputes.models import Complaint
from api.disputes.service import DESK_ROLES, record
from api.disputes.states import ComplaintAction, ComplaintStatus
from api.reasons import Reason, TextCode

TEAM_ZH: Final = {
    Level.FRONT_LINE: "一线客服",
    Level.SENIOR_CLAIMS: "理赔专员团队",
    Level.CUSTOMER_SERVICE: "客服部跨部门小组",
    Level.MEDIATION: "第三方调解/最终方案",
}
HOLDER: Final = {
    Level.FRONT_LINE: Role.COMPLAINT_HANDLER,
    Level.SENIOR_CLAIMS: Role.SENIOR_ADJUSTER,
    Level.CUSTOMER_SERVICE: Role.SUPERVISOR,
    Level.MEDIATION: Role.SUPERVISOR,
}
ANY_LEVEL: Final = frozenset({DeskAction.CONTACT})
SUPERVISOR_ONLY: Final = frozenset({DeskAction.ASSIGN})


def acting_roles(level: Level) -> frozenset[Role]:
    """The roles that may act at ``level``: its holders and the holders of every level above."""
    return frozenset(HOLDER[x] for x in LADDER if x.rank >= level.rank)


def holder_roles(level: Level, *, severe: bool) -> tuple[Role, ...]:
    """Who the complaint is assigned to at ``level``."""
    return (Role.SUPERVISOR,) if severe else (HOLDER[level],)


def may_act(role: Role | None, *, level: Level, severe: bool, action: DeskAction) -> bool:
    if role not in DESK_ROLES:
        return False
    if action in ANY_LEVEL:
        return True
    if action in SUPERVISOR_ONLY or (severe and action is DeskAction.DECIDE):
        return role is Role.SUPERVISOR
    return role in acting_roles(level)


def ensure_may_act(complaint: Complaint, *, role: Role | None, action: DeskAction) -> None:
    """Refuse (403) an action the role may not take on the complaint at its level."""
    if may_act(role, level=complaint.level, severe=complaint.severe, action=action):
        return
    if complaint.severe and action is DeskAction.DECIDE:
        why = f" ({complaint.severe_reason})" if complaint.severe_reason else " by the rules"
        raise SupervisorRequired(f"Complaint marked severe{why}: a supervisor decides it.")
    if action in SUPERVISOR_ONLY:
        raise NotAtThisLevel(f"Only a supervisor may {action.value.replace('_', ' ')}.")
    allowed = ", ".join(sorted(acting_roles(complaint.level)))
    raise NotAtThisLevel(f"At {complaint.level.value} ({TEAM_ZH[complaint.level]}) only {allowed} may act.")


def _set_assignee(complaint: Complaint, assignee_id: uuid.UUID | None) -> None:
    complaint.assignee_id = assignee_id
    for step in complaint.steps:
        if step.ended_at is None:
            step.assignee_id = assignee_id


def route(session: Session, *, complaint: Complaint, actor: Actor, at: datetime, reason: str | Reason) -> User | None:
    """Assign the complaint to the least-loaded holder of its level (a supervisor when severe);
    unassigned (the team's queue) when the team has nobody."""
    roles = holder_roles(complaint.level, severe=complaint.severe)
    assignee = desk_repository.least_loaded(session, roles=roles)
    _set_assignee(complaint, assignee.id if assignee else None)
    record(
        session, complaint=complaint, action=ComplaintAction.ASSIGNED, actor=actor, at=at, reason=reason,
        details={"level": complaint.level.value, "team": TEAM_ZH[complaint.level],
                 "assignee_id": str(assignee.id) if assignee else None, "automatic": True},
    )  # fmt: skip
    return assignee


def assign(
    session: Session, *, complaint: Complaint, user: User, assignee_id: uuid.UUID, reason: str, now: datetime
) -> Complaint:
    """A supervisor hands the complaint to a member of the team that holds its level."""
    ensure_may_act(complaint, role=user.role, action=DeskAction.ASSIGN)
    if complaint.status is ComplaintStatus.CLOSED:
        raise IllegalComplaintMove("The complaint is closed.")
    roles = holder_roles(complaint.level, severe=complaint.severe)
    target = session.get(User, assignee_id)
    if target is None or not target.is_active or target.role not in roles:
        raise InvalidAssignee(f"At {complaint.level.value} the complaint is held by: {', '.join(roles)}.")
    _set_assignee(complaint, target.id)
    complaint.updated_at = now
    record(
        session, complaint=complaint, action=ComplaintAction.ASSIGNED, actor=Actor.of(user), at=now, reason=reason,
        details={"level": complaint.level.value, "assignee_id": str(target.id), "automatic": False},
    )  # fmt: skip
    return complaint


def mark_severe(session: Session, *, complaint: Complaint, user: User, reason: str, now: datetime) -> Complaint:
    """Mark the complaint severe: from now on a supervisor holds and decides it."""
    ensure_may_act(complaint, role=user.role, action=DeskAction.MARK)
    actor = Actor.of(user)
    complaint.severe, complaint.severe_reason, complaint.updated_at = True, reason, now
    record(session, complaint=complaint, action=ComplaintAction.MARKED_SEVERE, actor=actor, at=now, reason=reason)
    holder = session.get(User, complaint.assignee_id) if complaint.assignee_id else None
    if holder is None or holder.role is not Role.SUPERVISOR:
        route(session, complaint=complaint, actor=actor, at=now, reason=Reason(TextCode.SEVERE_SUPERVISOR))
    return complaint


def mediation_text(settings: DisputeSettings) -> str:
    return (
        "您的投诉已进入第三方调解/最终方案阶段。如对处理结果仍有异议，可联系"
        f"{settings.mediation_body}：{settings.mediation_contact}。"
    )


def on_level_entered(
    session: Session, *, complaint: Complaint, actor: Actor, at: datetime, settings: DisputeSettings
) -> None:
    """A new level: its holder is assigned; at the last level the customer is offered the
    mediation body's contact (once), on their complaint and through the outbox."""
    route(
        session,
        complaint=complaint,
        actor=actor,
        at=at,
        reason=Reason(TextCode.LEVEL_ENTERED, {"level": complaint.level.value}),
    )
    if complaint.level.next is not None or complaint.mediation_offered_at is not None:
        return
    text = mediation_text(settings)
    complaint.mediation_offered_at, complaint.mediation_offer = at, text
    message_id = notify_customer(session, complaint=complaint, kind="mediation_offered", text=text, now=at)
    record(
        session, complaint=complaint, action=ComplaintAction.MEDIATION_OFFERED, actor=actor, at=at,
        reason=Reason(TextCode.MEDIATION_OFFERED,
                      {"body": settings.mediation_body, "contact": settings.mediation_contact}),
        details={"body": settings.mediation_body, "contact": settings.mediation_contact,
                 "message_id": str(message_id)},
    )  # fmt: skip
