"""The contact log (issue 14 item 3): every contact with the customer — channel, purpose, outcome,
whether the customer was calm afterwards — and the calming gate that follows from it (the seed's
客户心理疏导: for an upset customer, calm them first and propose a solution only then).

A contact that leaves the customer upset marks them upset; only a calming contact that reached
them and left them calm lifts the mark. While the mark stands, no solution is proposed
(:func:`ensure_calm`, asked by decisions and approvals: 409 ``customer-upset``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.db.models import User
from api.disputes.desk_models import ComplaintContact
from api.disputes.desk_states import ContactChannel, ContactOutcome, ContactPurpose, DeskAction
from api.disputes.errors import CustomerUpset, InvalidDecision
from api.disputes.models import Complaint
from api.disputes.routing import ensure_may_act
from api.disputes.service import record
from api.disputes.states import ComplaintAction
from api.reasons import Reason, TextCode

CALMING_GATE = "calming_contact"
FOLLOW_UP_ONLY = frozenset({ContactOutcome.CONFIRMED_SATISFIED, ContactOutcome.NOT_SATISFIED})


def ensure_calm(complaint: Complaint) -> None:
    """The calming gate: no solution is proposed while the customer is marked upset."""
    if complaint.customer_upset:
        raise CustomerUpset(
            "The customer is marked upset: log a calming contact (purpose calming, reached, customer calmed) "
            "before proposing a solution.",
            gate=CALMING_GATE,
        )


def add_contact(
    session: Session,
    *,
    complaint: Complaint,
    user: User,
    channel: ContactChannel,
    purpose: ContactPurpose,
    outcome: ContactOutcome,
    customer_calmed: bool | None,
    note: str,
    now: datetime,
) -> ComplaintContact:
    """Write the contact and apply what it says about the customer's mood (the one place that
    sets or lifts the upset mark)."""
    if outcome is ContactOutcome.NOT_REACHED and customer_calmed is not None:
        raise InvalidDecision("A contact that did not reach the customer says nothing of their mood.")
    row = ComplaintContact(
        id=uuid.uuid4(), complaint_id=complaint.id, at=now, staff_id=user.id, staff_role=user.role,
        channel=channel, purpose=purpose, outcome=outcome, customer_calmed=customer_calmed, note=note,
    )  # fmt: skip
    session.add(row)
    actor = Actor.of(user)
    details = {"contact_id": str(row.id), "channel": channel.value, "purpose": purpose.value,
               "outcome": outcome.value, "customer_calmed": customer_calmed}  # fmt: skip
    record(session, complaint=complaint, action=ComplaintAction.CONTACT_LOGGED, actor=actor, at=now, details=details)
    if customer_calmed is False and not complaint.customer_upset:
        complaint.customer_upset = True
        record(session, complaint=complaint, action=ComplaintAction.MARKED_UPSET, actor=actor, at=now,
               reason=Reason(TextCode.CONTACT_LEFT_UPSET, {"purpose": purpose.value}),
               details={"upset": True})  # fmt: skip
    elif customer_calmed is True and complaint.customer_upset and purpose is ContactPurpose.CALMING:
        complaint.customer_upset = False
        record(session, complaint=complaint, action=ComplaintAction.MARKED_UPSET, actor=actor, at=now,
               reason=Reason(TextCode.CUSTOMER_CALMED), details={"upset": False})  # fmt: skip
    complaint.updated_at = now
    return row


def log_contact(
    session: Session,
    *,
    complaint: Complaint,
    user: User,
    channel: ContactChannel,
    purpose: ContactPurpose,
    outcome: ContactOutcome,
    customer_calmed: bool | None,
    note: str,
    now: datetime,
) -> ComplaintContact:
    """Log a contact (a follow-up of feedback goes through ``follow_up.record_follow_up``)."""
    ensure_may_act(complaint, role=user.role, action=DeskAction.CONTACT)
    if purpose is ContactPurpose.FOLLOW_UP or outcome in FOLLOW_UP_ONLY:
        raise InvalidDecision("A follow-up of the feedback is recorded as a follow-up (POST …/follow-ups).")
    return add_contact(
        session, complaint=complaint, user=user, channel=channel, purpose=purpose, outcome=outcome,
        customer_calmed=customer_calmed, note=note, now=now,
    )  # fmt: skip


def mark_upset(session: Session, *, complaint: Complaint, user: User, reason: str, now: datetime) -> Complaint:
    """Mark the customer upset (e.g. from the complaint's tone); lifted only by a calming contact."""
    ensure_may_act(complaint, role=user.role, action=DeskAction.CONTACT)
    if not complaint.customer_upset:
        complaint.customer_upset = True
        complaint.updated_at = now
        record(session, complaint=complaint, action=ComplaintAction.MARKED_UPSET, actor=Actor.of(user), at=now,
               reason=reason, details={"upset": True})  # fmt: skip
    return complaint
