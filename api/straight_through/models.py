"""One straight-through decision per estimate version: the rule set's version, each rule's
outcome, approved or referred to an adjuster."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum


class Outcome(StrEnum):
    APPROVED = "approved"  # approved by the rule set, through the estimate approval
    REFERRED = "referred"  # goes to an adjuster; the failed rules say why


class StraightThroughDecision(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "straight_through_decisions"
    # One decision per estimate version: two triggers at once decide (and approve) once.
    __table_args__ = (UniqueConstraint("claim_id", "estimate_version"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    estimate_version: Mapped[int]
    rule_set: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, length=16))
    # [{rule, passed, detail, reason_zh, reason_en}] in the rule set's order
    rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
