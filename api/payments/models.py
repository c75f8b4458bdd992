"""The payment of a claim: who is paid into which account, how much, and what became of it."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from api.auth.roles import Role
from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum, utcnow
from api.payments.states import PaymentStatus


class Payment(IdMixin, CreatedAtMixin, Base):
    """One per claim. Personal data (payee name, account number): never logged; the account is
    shown masked to everyone but the roles that pay (see ``api.payments.service.sees_account``)."""

    __tablename__ = "payments"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), unique=True)
    signature_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("estimate_signatures.id"))
    payee_name: Mapped[str] = mapped_column(String(100))
    bank_name: Mapped[str] = mapped_column(String(100))
    account_number: Mapped[str] = mapped_column(String(32))
    status: Mapped[PaymentStatus] = mapped_column(str_enum(PaymentStatus), default=PaymentStatus.PENDING)
    # Set when paid: the amount paid (the signed estimate's payable plus complaint adjustments).
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    paid_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    failure_reason: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_by_role: Mapped[Role | None] = mapped_column(str_enum(Role))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(server_default=text("1"))

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 (SQLAlchemy reads it once)
