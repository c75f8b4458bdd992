"""The adjuster's queue: one row per claim waiting for work, and the assignment of a claim."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from api.customers.rules import RuleTag
from api.schemas import Money
from api.workflow.states import CaseTier, ClaimState


class AiStatus(StrEnum):
    NOT_RUN = "not_run"  # no assessment yet
    RUNNING = "running"  # the claim is 'assessing'
    FINDINGS = "findings"  # the latest assessment found damage
    NO_FINDINGS = "no_findings"  # it ran and found nothing
    CORRECTED = "corrected"  # an adjuster has corrected its findings


class QueueSort(StrEnum):
    """Sort keys; a leading '-' reverses (``-amount``: largest first)."""

    DUE = "due"
    AMOUNT = "amount"
    PHOTOS = "photos"
    REPORTED = "reported"
    RISK = "risk"


class AmountSource(StrEnum):
    ESTIMATE = "estimate"  # the latest estimate version's payable amount
    CUSTOMER = "customer"  # the customer's own figure, before any estimate


class DeadlineKind(StrEnum):
    ASSESSMENT = "assessment"
    PAYMENT = "payment"


class QueueItem(BaseModel):
    claim_id: uuid.UUID
    policy_number: str
    tier: CaseTier
    state: ClaimState
    reported_at: datetime
    amount: Money | None
    amount_source: AmountSource | None
    ai_status: AiStatus
    ai_findings: int = Field(description="Findings of the latest assessment that are not rejected")
    photo_count: int
    assignee_id: uuid.UUID | None
    assignee_email: str | None
    assigned_at: datetime | None
    deadline: DeadlineKind | None = Field(description="The deadline that runs now (api.workflow), if any")
    due_at: datetime | None
    seconds_left: int | None = Field(description="Until the deadline; negative once it is past")
    overdue: bool
    customer_id: uuid.UUID
    high_risk: bool = Field(
        description="The customer's stored high-risk flag (api.customers.rules); such claims sort first"
    )
    risk_signals: list[str] = Field(description="Fraud signals on this claim")
    rule_tags: list[RuleTag] = Field(description="The customer's rule service tags")
    tags: list[str] = Field(description="The customer's manual service tags")


class AssignmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_id: uuid.UUID | None = Field(
        default=None, description="The adjuster to assign; leave out to take the claim yourself"
    )


class AssignmentRead(BaseModel):
    claim_id: uuid.UUID
    assignee_id: uuid.UUID | None
    assigned_at: datetime | None
