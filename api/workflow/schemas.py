from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.auth.roles import Role
from api.reasons import ReasonFields
from api.workflow.states import AuditAction, CaseTier, ClaimState, CustomerStatus


class TransitionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: ClaimState
    reason: str = Field(min_length=1, max_length=2000, description="Why; kept in the audit trail")


class AuditEventRead(ReasonFields):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    action: AuditAction
    actor_id: uuid.UUID | None
    actor_role: Role | None
    actor_label: str
    from_state: ClaimState | None
    to_state: ClaimState | None


class TimelineStep(BaseModel):
    status: CustomerStatus
    label: str = Field(examples=["定损完成"])
    reached_at: datetime | None
    due_at: datetime | None = Field(description="The published deadline for this step")
    current: bool
    done: bool = Field(description="Completed; the current step is not done until the claim moves past it")
    overdue: bool


class Timeline(BaseModel):
    claim_id: uuid.UUID
    tier: CaseTier
    status: CustomerStatus
    status_label: str
    steps: list[TimelineStep]
