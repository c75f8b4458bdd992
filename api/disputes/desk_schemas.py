"""Request and response bodies of the desk's routing, contact log and service quality."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.customers.rules import RuleTag
from api.disputes.clock import Level
from api.disputes.desk_states import ActionStatus, ContactChannel, ContactOutcome, ContactPurpose, Department
from api.disputes.schemas import ComplaintStaffRead
from api.disputes.scripts import Stage as ScriptStage


class ComplaintQueueRead(ComplaintStaffRead):
    """A row of the desk's queue: the complaint with its customer's stored high-risk flag and
    service tags (as the adjuster's queue shows them); high-risk customers' rows come first."""

    high_risk: bool = Field(description="The customer's stored high-risk flag (priority follow-up)")
    rule_tags: list[RuleTag] = Field(description="The customer's rule service tags")
    tags: list[str] = Field(description="The customer's manual service tags")


class AssigneeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=2000)


class MarkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class ContactCreate(BaseModel):
    """A contact with the customer. ``customer_calmed``: false marks them upset; true on a
    calming contact lifts the mark (no solution is proposed until then)."""

    model_config = ConfigDict(extra="forbid")

    channel: ContactChannel
    purpose: ContactPurpose
    outcome: ContactOutcome
    customer_calmed: bool | None = None
    note: str = Field(default="", max_length=2000, description="Internal; never sent to the customer")


class FollowUpCreate(BaseModel):
    """A follow-up of feedback the customer has not confirmed, and what came of it."""

    model_config = ConfigDict(extra="forbid")

    channel: ContactChannel
    outcome: ContactOutcome
    customer_calmed: bool | None = None
    note: str = Field(default="", max_length=2000)


class ContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    staff_id: uuid.UUID
    staff_role: str
    channel: ContactChannel
    purpose: ContactPurpose
    outcome: ContactOutcome
    customer_calmed: bool | None
    note: str


class DelayNoticeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500, description="Sent to the customer: neutral wording")
    new_time: AwareDatetime = Field(description="When the customer will have the feedback")


class DelayNoticeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    staff_id: uuid.UUID
    reason: str
    previous_time: datetime
    new_time: datetime
    in_advance: bool
    message_id: uuid.UUID | None = Field(description="The first SMS or e-mail queued (None: the in-app inbox only)")
    inbox_message_id: uuid.UUID | None = Field(default=None, description="The customer's in-app message")


class RoutingRead(BaseModel):
    """Who holds the complaint at its level, and who may act there."""

    level: Level
    team: str
    assignee_id: uuid.UUID | None
    holder_roles: list[str]
    acting_roles: list[str]
    severe: bool
    severe_reason: str
    customer_upset: bool
    promised_feedback_at: datetime
    follow_up_attempts: int
    mediation_offer: str


class StaffLinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=2000)


class StaffLinkRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user_id: uuid.UUID
    linked_by_id: uuid.UUID
    at: datetime
    reason: str


class WordingCheckCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000)


class ScriptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    title_zh: str
    text_zh: str
    title_en: str
    text_en: str


class ScriptsRead(BaseModel):
    """The scripts for the stage the complaint is in (接诉 intake / 解释 explanation / 跟进 follow-up)."""

    stage: ScriptStage
    scripts: list[ScriptRead]


class WordingFindingRead(BaseModel):
    phrase: str
    suggestion: str


class WordingCheckRead(BaseModel):
    neutral: bool
    findings: list[WordingFindingRead]


class ImprovementActionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source_week: str = Field(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W48"])
    source_topic: str = Field(default="", max_length=64, description="The cause, finer cause or team it answers")
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    department: Department
    due_date: date


class ImprovementActionUpdate(BaseModel):
    """The action's progress: done, or the evidence that it worked (or did not)."""

    model_config = ConfigDict(extra="forbid")

    status: ActionStatus
    evidence: str = Field(default="", max_length=4000)


class ImprovementActionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    source_week: str
    source_topic: str
    title: str
    description: str
    department: Department
    due_date: date
    status: ActionStatus
    evidence: str
    evidence_at: datetime | None
    created_at: datetime
    overdue: bool = False
