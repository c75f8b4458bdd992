from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.auth.roles import Role
from api.db.base import Base, IdMixin, str_enum, utcnow
from api.workflow.states import AuditAction, ClaimState


class AuditEvent(IdMixin, Base):
    """Who did what to a claim, when, and why. Rows are only ever added."""

    __tablename__ = "audit_events"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction))
    # None: the service itself (scheduler, assessment pipeline).
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[Role | None] = mapped_column(str_enum(Role))
    actor_label: Mapped[str] = mapped_column(String(64), default="")
    from_state: Mapped[ClaimState | None] = mapped_column(str_enum(ClaimState))
    to_state: Mapped[ClaimState | None] = mapped_column(str_enum(ClaimState))
    # A person's reason as typed; a system text is stored as a code and parameters instead
    # (api.reasons), never as prose.
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_code: Mapped[str | None] = mapped_column(String(64))
    reason_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
