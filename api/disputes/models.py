"""ORM models of the complaint desk: complaints, their steps on the escalation ladder, every
event (who, when, why), the analyses with the estimate snapshot they used, and decisions."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.auth.roles import Role
from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum, utcnow
from api.disputes import desk_models  # noqa: F401  (the contact log and service-quality tables, with these)
from api.disputes.classify import Cause
from api.disputes.clock import Level
from api.disputes.states import (
    Channel,
    ComplaintAction,
    ComplaintStatus,
    DecisionStatus,
    Delivery,
    OutcomeKind,
    Reassessor,
    Verdict,
)


class Complaint(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_status_step_due", "status", "step_due_at"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    filed_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    # Personal data: never logged.
    demand: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    estimate_version: Mapped[int | None]
    received_at: Mapped[datetime]

    cause: Mapped[Cause | None] = mapped_column(str_enum(Cause))
    cause_set_by_handler: Mapped[bool] = mapped_column(default=False)
    classification: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    status: Mapped[ComplaintStatus] = mapped_column(str_enum(ComplaintStatus), default=ComplaintStatus.OPEN)
    level: Mapped[Level] = mapped_column(str_enum(Level), default=Level.FRONT_LINE)
    step_due_at: Mapped[datetime]
    feedback_due_at: Mapped[datetime]
    feedback_at: Mapped[datetime | None]
    follow_up_due_at: Mapped[datetime | None]
    follow_up_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    satisfied: Mapped[bool | None]
    closed_at: Mapped[datetime | None]
    # Routing and contact (0018): who holds it at its level, whether it needs a supervisor, whether
    # the customer is upset (no solution is proposed until a calming contact is logged), how many
    # follow-ups of unconfirmed feedback were made, when the mediation body's contact was offered.
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    severe: Mapped[bool] = mapped_column(default=False, server_default=sql_text("false"))
    severe_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    customer_upset: Mapped[bool] = mapped_column(default=False, server_default=sql_text("false"))
    follow_up_attempts: Mapped[int] = mapped_column(default=0, server_default=sql_text("0"))
    mediation_offered_at: Mapped[datetime | None]
    mediation_offer: Mapped[str] = mapped_column(Text, default="", server_default="")  # as the customer read it
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking (see Claim.version_id).
    version_id: Mapped[int] = mapped_column(server_default=sql_text("1"))

    steps: Mapped[list[ComplaintStep]] = relationship(
        order_by="ComplaintStep.started_at", cascade="all, delete-orphan", lazy="selectin"
    )
    # What the decisions did (compensation paid or revised into the estimate, a deadline moved,
    # a voucher, a re-assessment): shown to the customer beside the question they confirm.
    outcomes: Mapped[list[ComplaintOutcome]] = relationship(
        order_by="ComplaintOutcome.created_at", lazy="selectin", viewonly=True
    )
    decisions: Mapped[list[ComplaintDecision]] = relationship(
        order_by="ComplaintDecision.created_at", lazy="selectin", viewonly=True
    )

    @property
    def approved_decision(self) -> ComplaintDecision | None:
        approved = [d for d in self.decisions if d.status is DecisionStatus.APPROVED]
        return approved[-1] if approved else None

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 (SQLAlchemy reads it once)


class ComplaintStep(IdMixin, Base):
    """One level of the ladder: when it started, when it was due, when it ended."""

    __tablename__ = "complaint_steps"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    level: Mapped[Level] = mapped_column(str_enum(Level))
    started_at: Mapped[datetime]
    due_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]
    # True when the step ended by missing its deadline (escalated by the clock).
    overdue: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_code: Mapped[str | None] = mapped_column(String(64))  # a system text (api.reasons)
    reason_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Who held the step (0018): answers for its deadline on the supervisor's dashboard.
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class ComplaintEvent(IdMixin, Base):
    """Who did what to a complaint, when and why. Rows are only ever added."""

    __tablename__ = "complaint_events"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[ComplaintAction] = mapped_column(str_enum(ComplaintAction))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[Role | None] = mapped_column(str_enum(Role))
    actor_label: Mapped[str] = mapped_column(String(64), default="")
    # A person's reason as typed, or a system text as a code and parameters (api.reasons).
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_code: Mapped[str | None] = mapped_column(String(64))
    reason_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ComplaintAnalysis(IdMixin, CreatedAtMixin, Base):
    """An amount-dispute analysis: the customer's figure, the estimate snapshot it used (amounts
    as strings) and the result — enough to reproduce it."""

    __tablename__ = "complaint_analyses"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    estimate_version: Mapped[int]
    estimate_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    figure: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    gap: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))


class ComplaintDecision(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "complaint_decisions"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    decided_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    decided_by_role: Mapped[Role] = mapped_column(str_enum(Role))
    verdict: Mapped[Verdict] = mapped_column(str_enum(Verdict))
    remedies: Mapped[list[str]] = mapped_column(JSON, default=list)
    compensation: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[DecisionStatus] = mapped_column(str_enum(DecisionStatus))
    authority_limit: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    review_reason: Mapped[str] = mapped_column(Text, default="")
    # How it reaches the customer (0014): the compensation's path, a speed-up, a voucher, a
    # re-assessment; delivered_at once carried out (within authority, or when approved).
    delivery: Mapped[Delivery | None] = mapped_column(str_enum(Delivery))
    speed_up_days: Mapped[int | None]
    voucher_type: Mapped[str | None] = mapped_column(String(64))
    voucher_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    reassessment_by: Mapped[Reassessor | None] = mapped_column(str_enum(Reassessor))
    delivered_at: Mapped[datetime | None]


class ComplaintOutcome(IdMixin, CreatedAtMixin, Base):
    """One thing a decision did, citing the complaint and decision: a payment adjustment, an
    estimate version, a moved payment deadline, a voucher issued to the customer, a
    re-assessment ordered or its result. Rows are only ever added."""

    __tablename__ = "complaint_outcomes"

    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaint_decisions.id"))
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[OutcomeKind] = mapped_column(str_enum(OutcomeKind))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    estimate_version: Mapped[int | None]
    voucher_type: Mapped[str | None] = mapped_column(String(64))
    deadline_before: Mapped[datetime | None]
    deadline_after: Mapped[datetime | None]
    reassessor: Mapped[Reassessor | None] = mapped_column(str_enum(Reassessor))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_by_role: Mapped[Role | None] = mapped_column(str_enum(Role))
