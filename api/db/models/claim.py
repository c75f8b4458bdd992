from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum, utcnow
from api.workflow.states import CUSTOMER_STATUS, CaseTier, ClaimState, CustomerStatus


class Claim(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_state_tier", "state", "tier"),)

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    policy_number: Mapped[str] = mapped_column(String(64))
    policy_start: Mapped[date]
    accident_at: Mapped[datetime]
    # The report time is the time the claim was filed (== created_at), kept apart for clarity.
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    description: Mapped[str] = mapped_column(Text, default="")

    # Facts that decide the case tier (DOMAIN.md §1).
    vehicles_involved: Mapped[int] = mapped_column(default=1)
    injuries: Mapped[bool] = mapped_column(default=False)
    repeat_repair: Mapped[bool] = mapped_column(default=False)
    third_party_assessment: Mapped[bool] = mapped_column(default=False)
    estimated_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")

    tier: Mapped[CaseTier] = mapped_column(str_enum(CaseTier))
    state: Mapped[ClaimState] = mapped_column(str_enum(ClaimState), default=ClaimState.SUBMITTED)
    assessment_due_at: Mapped[datetime]
    payment_due_at: Mapped[datetime | None]
    assessment_escalated_at: Mapped[datetime | None]
    payment_escalated_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Where a photo was taken (EXIF GPS, WGS84 degrees), kept only when the customer consented at
    # upload; the stored photo files never carry their GPS position.
    location_lat: Mapped[float | None]
    location_lon: Mapped[float | None]
    # The customer's separate consent (PIPL) to use the claim's photos for training the models, asked
    # when the claim is reported; off unless given. Only such claims' photos leave in a labels export.
    # The customer may withdraw it, or give it later, from the claim page (api.claims.consent):
    # ``training_consent_at`` is when it was last given, ``training_consent_withdrawn_at`` when it was
    # withdrawn (null while it stands); the audit trail keeps every change.
    training_consent: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    training_consent_at: Mapped[datetime | None]
    training_consent_withdrawn_at: Mapped[datetime | None]
    # The adjuster working the claim (the queue's assignment); taken under the claim's row lock.
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_at: Mapped[datetime | None]
    # Optimistic locking: every UPDATE checks and bumps it; a write based on a stale read
    # fails (StaleDataError → 409 concurrent-update) instead of silently undoing another's.
    version_id: Mapped[int] = mapped_column(server_default=text("1"))

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 (SQLAlchemy reads it once)

    @property
    def customer_status(self) -> CustomerStatus:
        return CUSTOMER_STATUS[self.state]
