"""HTTP for the desk's routing and contact with the customer (issue 14 item 3): who holds a
complaint at its level, reassignment, the severe and upset marks, the contact log, follow-ups of
unconfirmed feedback, delay notices, the staff a complaint is linked to, the scripts for the
complaint's stage and the wording check.
Who may act at which level is decided in ``routing`` (the services ask it), not here."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import User
from api.deps import SessionDep, StateDep, require_roles
from api.disputes import (
    contact,
    desk_repository,
    follow_up,
    quality,
    quality_endpoints,
    repository,
    routing,
    scripts,
    service,
)
from api.disputes.config import DisputeSettings, get_dispute_settings
from api.disputes.desk_schemas import (
    AssigneeUpdate,
    ContactCreate,
    ContactRead,
    DelayNoticeCreate,
    DelayNoticeRead,
    FollowUpCreate,
    MarkCreate,
    RoutingRead,
    ScriptRead,
    ScriptsRead,
    StaffLinkCreate,
    StaffLinkRead,
    WordingCheckCreate,
    WordingCheckRead,
    WordingFindingRead,
)
from api.disputes.models import Complaint
from api.disputes.states import ComplaintAction
from api.disputes.wording import check
from api.errors import problem_responses
from api.reasons import stored_text

router = APIRouter(tags=["complaints"])

DisputeSettingsDep = Annotated[DisputeSettings, Depends(get_dispute_settings)]
DeskUser = Annotated[User, Depends(require_roles(*service.DESK_ROLES))]
SupervisorUser = Annotated[User, Depends(require_roles(Role.SUPERVISOR))]
WRITE = problem_responses(401, 403, 404, 409, 422)


def routing_read(session: SessionDep, complaint: Complaint) -> RoutingRead:
    return RoutingRead(
        level=complaint.level,
        team=routing.TEAM_ZH[complaint.level],
        assignee_id=complaint.assignee_id,
        holder_roles=list(routing.holder_roles(complaint.level, severe=complaint.severe)),
        acting_roles=sorted(routing.acting_roles(complaint.level)),
        severe=complaint.severe,
        severe_reason=complaint.severe_reason or _rule_severe_reason(session, complaint),
        customer_upset=complaint.customer_upset,
        promised_feedback_at=follow_up.promised_time(session, complaint=complaint),
        follow_up_attempts=complaint.follow_up_attempts,
        mediation_offer=complaint.mediation_offer,
    )


def _rule_severe_reason(session: SessionDep, complaint: Complaint) -> str:
    """Marked severe by the rules at intake: the marking event's reason, in the API's English."""
    marks = [
        e for e in repository.events(session, complaint_id=complaint.id) if e.action is ComplaintAction.MARKED_SEVERE
    ]
    return stored_text(marks[-1].reason, marks[-1].reason_code, marks[-1].reason_params) if marks else ""


@router.get("/complaints/{complaint_id}/routing", responses=problem_responses(401, 403, 404, 422))
def get_routing(complaint_id: uuid.UUID, session: SessionDep, user: DeskUser) -> RoutingRead:
    """The team and assignee of the complaint's level, who may act there, and its marks."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    return routing_read(session, complaint)


@router.post("/complaints/{complaint_id}/assignment", responses=WRITE)
def assign(complaint_id: uuid.UUID, body: AssigneeUpdate, session: SessionDep, user: SupervisorUser) -> RoutingRead:
    """A supervisor hands the complaint to a member of the team holding its level."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    routing.assign(session, complaint=complaint, user=user, assignee_id=body.assignee_id, reason=body.reason,
                   now=utcnow())  # fmt: skip
    return routing_read(session, complaint)


@router.post("/complaints/{complaint_id}/severe", responses=WRITE)
def mark_severe(complaint_id: uuid.UUID, body: MarkCreate, session: SessionDep, user: DeskUser) -> RoutingRead:
    """Mark the complaint severe: a supervisor holds and decides it from now on."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    routing.mark_severe(session, complaint=complaint, user=user, reason=body.reason, now=utcnow())
    return routing_read(session, complaint)


@router.post("/complaints/{complaint_id}/upset", responses=WRITE)
def mark_upset(complaint_id: uuid.UUID, body: MarkCreate, session: SessionDep, user: DeskUser) -> RoutingRead:
    """Mark the customer upset: no solution is proposed until a calming contact is logged."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    contact.mark_upset(session, complaint=complaint, user=user, reason=body.reason, now=utcnow())
    return routing_read(session, complaint)


@router.post("/complaints/{complaint_id}/contacts", status_code=status.HTTP_201_CREATED, responses=WRITE)
def log_contact(complaint_id: uuid.UUID, body: ContactCreate, session: SessionDep, user: DeskUser) -> ContactRead:
    """Log a contact with the customer: channel, purpose, outcome, whether they were calmed."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    row = contact.log_contact(
        session, complaint=complaint, user=user, channel=body.channel, purpose=body.purpose, outcome=body.outcome,
        customer_calmed=body.customer_calmed, note=body.note, now=utcnow(),
    )  # fmt: skip
    return ContactRead.model_validate(row)


@router.get("/complaints/{complaint_id}/contacts", responses=problem_responses(401, 403, 404, 422))
def contacts(complaint_id: uuid.UUID, session: SessionDep, user: DeskUser) -> list[ContactRead]:
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    return [ContactRead.model_validate(c) for c in desk_repository.contacts(session, complaint_id=complaint.id)]


@router.post("/complaints/{complaint_id}/follow-ups", status_code=status.HTTP_201_CREATED, responses=WRITE)
def record_follow_up(
    complaint_id: uuid.UUID,
    body: FollowUpCreate,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: DeskUser,
) -> ContactRead:
    """Follow up feedback the customer has not confirmed: their answer settles it; no answer
    schedules the next follow-up, until the loop is closed unconfirmed."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    row = follow_up.record_follow_up(
        session, complaint=complaint, user=user, channel=body.channel, outcome=body.outcome,
        customer_calmed=body.customer_calmed, note=body.note, now=utcnow(), tz=state.tz, settings=settings,
    )  # fmt: skip
    return ContactRead.model_validate(row)


@router.post("/complaints/{complaint_id}/delay-notices", status_code=status.HTTP_201_CREATED, responses=WRITE)
def send_delay_notice(
    complaint_id: uuid.UUID,
    body: DelayNoticeCreate,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: DeskUser,
) -> DelayNoticeRead:
    """Tell the customer why the feedback will be late and when it will come."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    row = follow_up.send_delay_notice(
        session, complaint=complaint, user=user, reason=body.reason, new_time=body.new_time, now=utcnow(),
        tz=state.tz, settings=settings,
    )  # fmt: skip
    return DelayNoticeRead.model_validate(row)


@router.get("/complaints/{complaint_id}/delay-notices", responses=problem_responses(401, 403, 404, 422))
def delay_notices(complaint_id: uuid.UUID, session: SessionDep, user: DeskUser) -> list[DelayNoticeRead]:
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    rows = desk_repository.delay_notices(session, complaint_id=complaint.id)
    return [DelayNoticeRead.model_validate(r) for r in rows]


@router.post("/complaints/{complaint_id}/staff-links", status_code=status.HTTP_201_CREATED, responses=WRITE)
def link_staff(complaint_id: uuid.UUID, body: StaffLinkCreate, session: SessionDep, user: DeskUser) -> StaffLinkRead:
    """Link the complaint to a member of staff responsible for what it is about."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    row = quality.link_staff(
        session, complaint=complaint, user=user, staff_id=body.user_id, reason=body.reason, now=utcnow()
    )
    return StaffLinkRead.model_validate(row)


@router.get("/complaints/{complaint_id}/scripts", responses=problem_responses(401, 403, 404, 422))
def get_scripts(complaint_id: uuid.UUID, session: SessionDep, user: DeskUser) -> ScriptsRead:
    """The script library for the stage the complaint is in (接诉 / 解释 / 跟进), as its page shows it."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    stage = scripts.stage_of_complaint(session, complaint=complaint)
    return ScriptsRead(stage=stage, scripts=[ScriptRead.model_validate(s) for s in scripts.for_stage(stage)])


@router.post("/wording/check", responses=problem_responses(401, 403, 422))
def check_wording(body: WordingCheckCreate, user: DeskUser) -> WordingCheckRead:
    """Check text before it is sent to a customer: the phrases to avoid and what to say instead."""
    findings = check(body.text)
    return WordingCheckRead(
        neutral=not findings, findings=[WordingFindingRead(phrase=f.phrase, suggestion=f.suggestion) for f in findings]
    )


router.include_router(quality_endpoints.router)
