"""The complaint page's routing and contact panel (issue 14 items 3 and 6): who holds the
complaint at its level, the marks (severe, customer upset), the contact log, follow-ups, delay
notices, reassignment, the staff it is linked to, and the script library for its stage. Each form
calls the same service as its API endpoint; who may act where is the service's (``routing``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Response
from fastapi.params import Depends
from sqlalchemy.orm import Session

from api.auth.roles import STAFF_ROLES, Role
from api.db.base import utcnow
from api.db.models import User
from api.deps import SessionDep, StateDep
from api.disputes import contact, desk_repository, follow_up, quality, routing, scripts
from api.disputes import service as disputes
from api.disputes.config import DisputeSettings, get_dispute_settings
from api.disputes.desk_states import ContactChannel, ContactOutcome, ContactPurpose
from api.disputes.models import Complaint
from api.errors import InvalidInput
from api.web.render import PageRoute, redirect
from api.web.session import CsrfChecked, PageUser, require

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DisputeSettingsDep = Annotated[DisputeSettings, Depends(get_dispute_settings)]
DESK = tuple(disputes.DESK_ROLES)


def desk_context(session: Session, *, complaint: Complaint, user: User) -> dict[str, Any]:
    """What the complaint page shows of routing and contact, and the forms' choices."""
    stage = scripts.stage_of_complaint(session, complaint=complaint)
    holders = routing.holder_roles(complaint.level, severe=complaint.severe)
    staff = {u.id: u for u in desk_repository.staff(session, roles=tuple(STAFF_ROLES))}
    links = desk_repository.staff_links(session, complaint_id=complaint.id)
    linked = {link.user_id for link in links}
    return {
        "team": routing.TEAM_ZH[complaint.level],
        "assignee": staff.get(complaint.assignee_id) if complaint.assignee_id else None,
        "acting_roles": sorted(routing.acting_roles(complaint.level)),
        "promised_at": follow_up.promised_time(session, complaint=complaint),
        "contacts": desk_repository.contacts(session, complaint_id=complaint.id),
        "delay_notices": desk_repository.delay_notices(session, complaint_id=complaint.id),
        "staff_links": [(link, staff.get(link.user_id)) for link in links],
        "link_candidates": [
            u for u in desk_repository.staff_on_claim(session, claim_id=complaint.claim_id) if u.id not in linked
        ],
        "assignable": [u for u in staff.values() if u.role in holders] if user.role is Role.SUPERVISOR else [],
        "stage": stage,
        "scripts": scripts.for_stage(stage),
        "channels": list(ContactChannel),
        "purposes": [p for p in ContactPurpose if p is not ContactPurpose.FOLLOW_UP],
        "outcomes": [o for o in ContactOutcome if o not in contact.FOLLOW_UP_ONLY],
        "follow_up_outcomes": list(ContactOutcome),
    }


def _calmed(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _locked(session: Session, complaint_id: uuid.UUID, user: User) -> Complaint:
    require(user, *DESK)
    return disputes.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)


def _back(complaint: Complaint, anchor: str = "contact") -> Response:
    return redirect(f"/web/complaints/{complaint.id}#{anchor}")


@router.post("/web/complaints/{complaint_id}/contacts")
def log_contact(
    complaint_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    channel: Annotated[ContactChannel, Form()],
    purpose: Annotated[ContactPurpose, Form()],
    outcome: Annotated[ContactOutcome, Form()],
    customer_calmed: Annotated[str, Form(max_length=8)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    complaint = _locked(session, complaint_id, user)
    contact.log_contact(
        session, complaint=complaint, user=user, channel=channel, purpose=purpose, outcome=outcome,
        customer_calmed=_calmed(customer_calmed), note=note, now=utcnow(),
    )  # fmt: skip
    return _back(complaint)


@router.post("/web/complaints/{complaint_id}/follow-ups")
def record_follow_up(
    complaint_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: PageUser,
    _csrf: CsrfChecked,
    channel: Annotated[ContactChannel, Form()],
    outcome: Annotated[ContactOutcome, Form()],
    customer_calmed: Annotated[str, Form(max_length=8)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    complaint = _locked(session, complaint_id, user)
    follow_up.record_follow_up(
        session, complaint=complaint, user=user, channel=channel, outcome=outcome,
        customer_calmed=_calmed(customer_calmed), note=note, now=utcnow(), tz=state.tz, settings=settings,
    )  # fmt: skip
    return _back(complaint)


@router.post("/web/complaints/{complaint_id}/delay-notices")
def send_delay_notice(
    complaint_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: PageUser,
    _csrf: CsrfChecked,
    reason: Annotated[str, Form(min_length=1, max_length=500)],
    new_time: Annotated[str, Form(min_length=1, max_length=40)],
) -> Response:
    """The new time as the form's local date and time, in the service's time zone."""
    complaint = _locked(session, complaint_id, user)
    try:
        when = datetime.fromisoformat(new_time)
    except ValueError as exc:
        raise InvalidInput("new time: a date and time, e.g. 2026-12-03T18:00") from exc
    when = when if when.tzinfo else when.replace(tzinfo=state.tz)
    follow_up.send_delay_notice(
        session, complaint=complaint, user=user, reason=reason, new_time=when, now=utcnow(), tz=state.tz,
        settings=settings,
    )  # fmt: skip
    return _back(complaint)


@router.post("/web/complaints/{complaint_id}/upset")
def mark_upset(
    complaint_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    complaint = _locked(session, complaint_id, user)
    contact.mark_upset(session, complaint=complaint, user=user, reason=reason, now=utcnow())
    return _back(complaint)


@router.post("/web/complaints/{complaint_id}/severe")
def mark_severe(
    complaint_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    complaint = _locked(session, complaint_id, user)
    routing.mark_severe(session, complaint=complaint, user=user, reason=reason, now=utcnow())
    return _back(complaint, "routing")


@router.post("/web/complaints/{complaint_id}/assignment")
def assign(
    complaint_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    assignee_id: Annotated[uuid.UUID, Form()],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    require(user, Role.SUPERVISOR)
    complaint = _locked(session, complaint_id, user)
    routing.assign(session, complaint=complaint, user=user, assignee_id=assignee_id, reason=reason, now=utcnow())
    return _back(complaint, "routing")


@router.post("/web/complaints/{complaint_id}/staff-links")
def link_staff(
    complaint_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    user_id: Annotated[uuid.UUID, Form()],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    complaint = _locked(session, complaint_id, user)
    quality.link_staff(session, complaint=complaint, user=user, staff_id=user_id, reason=reason, now=utcnow())
    return _back(complaint, "routing")
