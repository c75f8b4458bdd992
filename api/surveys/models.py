"""ORM models: one revisit per claim and stage (its survey answers on the same row, written once),
and the priority follow-ups a low score opens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.auth.roles import Role
from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum
from api.disputes.desk_states import ContactChannel
from api.surveys.states import FollowUpOutcome, FollowUpStatus, Stage


class Revisit(IdMixin, CreatedAtMixin, Base):
    """A revisit planned for ``due_at``, sent once (``sent_at``, claimed by a conditional write) or
    skipped as stale; the customer's answers, once. Free text: personal data, never logged."""

    __tablename__ = "revisits"
    __table_args__ = (UniqueConstraint("claim_id", "stage"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, 16))
    due_at: Mapped[datetime] = mapped_column(index=True)
    sent_at: Mapped[datetime | None]
    skipped_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    convenience: Mapped[int | None]
    communication: Mapped[int | None]
    amount_fairness: Mapped[int | None]
    overall: Mapped[int | None]
    improve: Mapped[str] = mapped_column(Text, default="")
    would_return: Mapped[str] = mapped_column(String(8), default="")


class SurveyFollowUp(IdMixin, CreatedAtMixin, Base):
    """A priority follow-up (重点回访) of a survey scored 2 or less on some item; closed once
    (a conditional write) with who contacted the customer, how, what came of it and whether the
    customer was calm afterwards. The note is internal; personal data: never logged."""

    __tablename__ = "survey_follow_ups"

    revisit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("revisits.id"), unique=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    low_items: Mapped[str] = mapped_column(String(100))  # comma-separated SCORE_ITEMS
    lowest_score: Mapped[int]
    status: Mapped[FollowUpStatus] = mapped_column(str_enum(FollowUpStatus, 8), default=FollowUpStatus.OPEN)
    contacted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[ContactChannel | None] = mapped_column(str_enum(ContactChannel, 16))
    outcome: Mapped[FollowUpOutcome | None] = mapped_column(str_enum(FollowUpOutcome, 16))
    customer_calmed: Mapped[bool | None]
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    closed_by_role: Mapped[Role | None] = mapped_column(str_enum(Role))
