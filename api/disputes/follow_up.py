"""Keeping the customer informed (issue 14 item 3): a delay notice when the feedback will be
late — its reason and the new time, sent to the customer — and repeated follow-ups of feedback
the customer has not confirmed, each with its outcome, until they answer or the follow-ups run
out and the loop is closed unconfirmed."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, tzinfo

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.db.models import User
from api.disputes import desk_repository
from api.disputes.clock import follow_up_due
from api.disputes.config import DisputeSettings
from api.disputes.contact import add_contact
from api.disputes.customer_notice import notify_delay
from api.disputes.desk_models import ComplaintContact, ComplaintDelayNotice
from api.disputes.desk_states import UNCONFIRMED_OUTCOMES, ContactChannel, ContactOutcome, ContactPurpose, DeskAction
from api.disputes.errors import IllegalComplaintMove, InvalidDelay
from api.disputes.models import Complaint
from api.disputes.resolution import settle
from api.disputes.routing import ensure_may_act
from api.disputes.service import record
from api.disputes.states import OPEN_STATUSES, ComplaintAction, ComplaintStatus
from api.disputes.wording import ensure_neutral
from api.reasons import Reason, TextCode


def promised_time(session: Session, *, complaint: Complaint) -> datetime:
    """When the customer was last told the feedback would come: the 24-hour deadline, or the
    latest delay notice's new time."""
    notices = desk_repository.delay_notices(session, complaint_id=complaint.id)
    return notices[-1].new_time if notices else complaint.feedback_due_at


def send_delay_notice(
    session: Session,
    *,
    complaint: Complaint,
    user: User,
    reason: str,
    new_time: datetime,
    now: datetime,
    tz: tzinfo,
    settings: DisputeSettings,
) -> ComplaintDelayNotice:
    """Tell the customer why the feedback will be late and when it will come. The reason is
    checked for neutral wording; the new time is after now and the time promised before, and
    within ``delay_max_days`` of the complaint (the regulator's 15/30-day clock)."""
    ensure_may_act(complaint, role=user.role, action=DeskAction.DELAY_NOTICE)
    if complaint.status not in OPEN_STATUSES or complaint.feedback_at is not None:
        raise IllegalComplaintMove("The feedback has already been given: there is nothing to delay.")
    ensure_neutral(reason=reason)
    if new_time.tzinfo is None:
        raise InvalidDelay("Give the new time with its time zone (e.g. 2026-12-04T18:00:00+08:00).")
    previous = promised_time(session, complaint=complaint)
    latest = complaint.received_at + timedelta(days=settings.delay_max_days)
    if new_time <= now or new_time <= previous:
        raise InvalidDelay(f"The new time must be later than now and than the time promised ({previous.isoformat()}).")
    if new_time > latest:
        raise InvalidDelay(f"Feedback is due within {settings.delay_max_days} days of the complaint ({latest}).")
    delivery = notify_delay(session, complaint=complaint, reason=reason, new_time=new_time, now=now)
    message_id = delivery.outbox_message_ids[0] if delivery.outbox_message_ids else None  # SMS or e-mail
    notice = ComplaintDelayNotice(
        id=uuid.uuid4(), complaint_id=complaint.id, at=now, staff_id=user.id, reason=reason,
        previous_time=previous, new_time=new_time, in_advance=now < previous, message_id=message_id,
        inbox_message_id=delivery.inbox_message_id,
    )  # fmt: skip
    session.add(notice)
    inbox_id = delivery.inbox_message_id
    record(
        session, complaint=complaint, action=ComplaintAction.DELAY_NOTICE_SENT, actor=Actor.of(user), at=now,
        reason=reason, details={"previous_time": previous.isoformat(), "new_time": new_time.isoformat(),
                                "in_advance": now < previous,
                                "message_ids": [str(m) for m in delivery.outbox_message_ids],
                                "inbox_message_id": str(inbox_id) if inbox_id else None},
    )  # fmt: skip
    complaint.updated_at = now
    return notice


def record_follow_up(
    session: Session,
    *,
    complaint: Complaint,
    user: User,
    channel: ContactChannel,
    outcome: ContactOutcome,
    customer_calmed: bool | None,
    note: str,
    now: datetime,
    tz: tzinfo,
    settings: DisputeSettings,
) -> ComplaintContact:
    """One follow-up of feedback the customer has not confirmed. Their answer settles it as
    their own confirmation would (satisfied closes; not satisfied climbs the ladder); no answer
    schedules the next follow-up, and after ``follow_up_max_attempts`` the loop is closed
    unconfirmed."""
    ensure_may_act(complaint, role=user.role, action=DeskAction.FOLLOW_UP)
    if complaint.status is not ComplaintStatus.AWAITING_CONFIRMATION:
        raise IllegalComplaintMove("Only feedback awaiting the customer's confirmation is followed up.")
    contact = add_contact(
        session, complaint=complaint, user=user, channel=channel, purpose=ContactPurpose.FOLLOW_UP,
        outcome=outcome, customer_calmed=customer_calmed, note=note, now=now,
    )  # fmt: skip
    complaint.follow_up_attempts += 1
    attempt, actor = complaint.follow_up_attempts, Actor.of(user)
    details: dict[str, object] = {"attempt": attempt, "outcome": outcome.value, "channel": channel.value}
    if outcome in UNCONFIRMED_OUTCOMES and attempt >= settings.follow_up_max_attempts:
        complaint.status, complaint.closed_at = ComplaintStatus.CLOSED, now
        reason = Reason(TextCode.FOLLOW_UP_CLOSED_UNCONFIRMED, {"attempt": attempt})
    elif outcome in UNCONFIRMED_OUTCOMES:
        complaint.follow_up_due_at = follow_up_due(now, tz, settings.follow_up_working_days)
        complaint.follow_up_at = None  # the scheduler creates the next follow-up task when it is due
        details["next_due_at"] = complaint.follow_up_due_at.isoformat()
        reason = Reason(TextCode.FOLLOW_UP_UNANSWERED, {"attempt": attempt, "outcome": outcome.value})
    else:
        reason = Reason(TextCode.FOLLOW_UP_ANSWERED, {"attempt": attempt, "outcome": outcome.value})
    record(session, complaint=complaint, action=ComplaintAction.FOLLOW_UP_RECORDED, actor=actor, at=now,
           reason=reason, details=details)  # fmt: skip
    if outcome not in UNCONFIRMED_OUTCOMES:
        settle(
            session, complaint=complaint, actor=actor, satisfied=outcome is ContactOutcome.CONFIRMED_SATISFIED,
            comment=f"told to staff by {channel.value}", now=now, tz=tz, settings=settings,
            details={"on_behalf": True, "channel": channel.value},
        )  # fmt: skip
    complaint.updated_at = now
    return contact
