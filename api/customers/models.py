"""ORM models: the customer's stored risk flag (with the reasons and rule tags of its last
computation) and the manual service tags staff add and remove (who and when, both kept)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin


class CustomerRisk(Base):
    """One row per customer, rewritten by ``api.customers.service.recompute``. ``reasons`` holds
    each rule that holds (``{"code", "detail"}``, no personal data); ``rule_tags`` the rule tags."""

    __tablename__ = "customer_risks"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    high_risk: Mapped[bool] = mapped_column(default=False, index=True)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    rule_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    computed_at: Mapped[datetime]
    flagged_at: Mapped[datetime | None]  # when the flag last went on; None while it is off


class CustomerTag(IdMixin, CreatedAtMixin, Base):
    """A service tag a handler or supervisor put on the customer; removing it keeps the row."""

    __tablename__ = "customer_tags"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(20))
    added_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime]
    removed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None]
