"""ORM models of the desk's contact with the customer and its service quality (issue 14 items 3
and 6): the contact log, delay notices, the staff a complaint is linked to, and the
improvement-actions register fed by the weekly review. Rows of the first three are only added."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.auth.roles import Role
from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum, utcnow
from api.disputes.desk_states import ActionStatus, ContactChannel, ContactOutcome, ContactPurpose, Department


class ComplaintContact(IdMixin, Base):
    """One contact with the customer: channel, purpose, outcome, whether the customer was calm
    afterwards. The note is internal (never sent to the customer); personal data: never logged."""

    __tablename__ = "complaint_contacts"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    staff_role: Mapped[Role] = mapped_column(str_enum(Role))
    channel: Mapped[ContactChannel] = mapped_column(str_enum(ContactChannel))
    purpose: Mapped[ContactPurpose] = mapped_column(str_enum(ContactPurpose))
    outcome: Mapped[ContactOutcome] = mapped_column(str_enum(ContactOutcome))
    customer_calmed: Mapped[bool | None]
    note: Mapped[str] = mapped_column(Text, default="")


class ComplaintDelayNotice(IdMixin, Base):
    """The customer told why the feedback will be late and when it will come (the seed: 特殊情况
    需提前说明原因及预计时间); ``in_advance`` when told before the promised time had passed."""

    __tablename__ = "complaint_delay_notices"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    previous_time: Mapped[datetime]
    new_time: Mapped[datetime]
    in_advance: Mapped[bool]
    message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("outbox_messages.id"))
    # The customer's in-app message (topic complaint.delayed), when their preferences include the inbox.
    inbox_message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inbox_messages.id"))


class ComplaintStaffLink(IdMixin, Base):
    """A member of staff responsible for what the complaint is about (差评 counted against them)."""

    __tablename__ = "complaint_staff_links"
    __table_args__ = (UniqueConstraint("complaint_id", "user_id"),)

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    linked_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)


class ImprovementAction(IdMixin, CreatedAtMixin, Base):
    """One improvement action from a weekly review: what, who owns it, by when, and the
    evidence that it worked (or did not)."""

    __tablename__ = "improvement_actions"

    source_week: Mapped[str] = mapped_column(String(8), index=True)  # the review's ISO week, 2026-W48
    source_topic: Mapped[str] = mapped_column(String(64), default="")  # a cause, finer cause or team
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[Department] = mapped_column(str_enum(Department))
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus), default=ActionStatus.OPEN)
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
