"""The customer profile staff read, and the service tags they add and remove."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.auth.roles import Role
from api.customers.rules import RuleTag
from api.disputes.classify import Cause
from api.disputes.clock import Level
from api.disputes.states import ComplaintStatus
from api.fraud.signals import FraudSignal
from api.schemas import Money
from api.surveys.states import Stage
from api.workflow.states import CaseTier, ClaimState


class TagCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=20, description="The tag as staff read it, e.g. 需电话回访")


class TagRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    label: str
    added_by_id: uuid.UUID
    added_at: datetime
    removed_by_id: uuid.UUID | None
    removed_at: datetime | None


class RiskRead(BaseModel):
    high_risk: bool
    reasons: list[dict[str, Any]] = Field(description="Each rule that holds: its code and figures")
    rule_tags: list[RuleTag]
    computed_at: datetime | None
    flagged_at: datetime | None


class PolicyFacts(BaseModel):
    """A policy as the claim's confirmed OCR reading gives it (personal fields masked)."""

    claim_id: uuid.UUID
    kind: str
    facts: dict[str, str | None]


class ClaimSummary(BaseModel):
    claim_id: uuid.UUID
    policy_number: str
    state: ClaimState
    tier: CaseTier
    reported_at: datetime
    claimed: Money | None = Field(description="The customer's figure: the disputed total, else the reported amount")
    estimate: Money | None = Field(description="The latest estimate version's payable amount")


class ComplaintSummary(BaseModel):
    complaint_id: uuid.UUID
    claim_id: uuid.UUID
    received_at: datetime
    cause: Cause | None
    status: ComplaintStatus
    level: Level
    severe: bool


class SurveySummary(BaseModel):
    survey_id: uuid.UUID
    claim_id: uuid.UUID
    stage: Stage
    sent_at: datetime | None
    answered_at: datetime | None
    convenience: int | None
    communication: int | None
    amount_fairness: int | None
    overall: int | None


class FraudSummary(BaseModel):
    claim_id: uuid.UUID
    signal: FraudSignal
    created_at: datetime


class CustomerProfile(BaseModel):
    """Staff only; never logged. The e-mail is masked as notifications mask it."""

    customer_id: uuid.UUID
    email_masked: str
    risk: RiskRead
    tags: list[TagRead] = Field(description="Manual tags, the removed ones too (removed_at set)")
    policies: list[PolicyFacts]
    claims: list[ClaimSummary]
    complaints: list[ComplaintSummary]
    surveys: list[SurveySummary]
    fraud_signals: list[FraudSummary]


class QueueRisk(BaseModel):
    """What a queue row shows of its customer."""

    high_risk: bool
    rule_tags: list[RuleTag]
    tags: list[str]


TAG_WRITERS = frozenset({Role.COMPLAINT_HANDLER, Role.JUNIOR_ADJUSTER, Role.SENIOR_ADJUSTER, Role.SUPERVISOR})
