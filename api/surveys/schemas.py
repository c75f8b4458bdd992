from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.disputes.desk_states import ContactChannel
from api.surveys.states import (
    QUESTION_IMPROVE,
    QUESTION_RETURN,
    SCORE_ITEMS,
    SCORE_ZH,
    STAGE_ZH,
    FollowUpOutcome,
    FollowUpStatus,
    Stage,
)

Score = Field(ge=1, le=5, description="1 (very dissatisfied) to 5 (very satisfied)")


class SurveyAnswer(BaseModel):
    """The customer's answers: four 5-point scores and the two open questions (optional)."""

    model_config = ConfigDict(extra="forbid")

    convenience: int = Score
    communication: int = Score
    amount_fairness: int = Score
    overall: int = Score
    improve: str = Field(default="", max_length=1000, description=QUESTION_IMPROVE)
    would_return: Literal["yes", "no", "unsure"] | None = Field(default=None, description=QUESTION_RETURN)


class Question(BaseModel):
    key: str
    label: str


QUESTIONS = [Question(key=item, label=SCORE_ZH[item]) for item in SCORE_ITEMS]
OPEN_QUESTIONS = [Question(key="improve", label=QUESTION_IMPROVE), Question(key="would_return", label=QUESTION_RETURN)]


class SurveyRead(BaseModel):
    id: uuid.UUID
    claim_id: uuid.UUID
    stage: Stage
    stage_label: str
    sent_at: datetime | None
    answered_at: datetime | None
    questions: list[Question] = QUESTIONS
    open_questions: list[Question] = OPEN_QUESTIONS
    convenience: int | None
    communication: int | None
    amount_fairness: int | None
    overall: int | None
    improve: str
    would_return: str

    @classmethod
    def of(cls, revisit: object) -> SurveyRead:
        data = {name: getattr(revisit, name) for name in cls.model_fields if hasattr(revisit, name)}
        data["stage_label"] = STAGE_ZH[data["stage"]]
        return cls(**data)


class SurveyList(BaseModel):
    items: list[SurveyRead]
    unanswered: int


class FollowUpClose(BaseModel):
    """How the priority follow-up ended. ``customer_calmed`` is required when the customer was
    reached and left out when not; the note is internal, and is checked for neutral wording as
    every staff text is."""

    model_config = ConfigDict(extra="forbid")

    channel: ContactChannel
    outcome: FollowUpOutcome
    customer_calmed: bool | None = Field(default=None, description="Whether the customer was calm afterwards")
    note: str = Field(default="", max_length=2000)
    contacted_by_id: uuid.UUID | None = Field(
        default=None, description="The member of the desk who contacted the customer (default: the caller)"
    )


class FollowUpRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    revisit_id: uuid.UUID
    claim_id: uuid.UUID
    customer_id: uuid.UUID
    low_items: str
    lowest_score: int
    status: FollowUpStatus
    created_at: datetime
    contacted_by_id: uuid.UUID | None = None
    channel: ContactChannel | None = None
    outcome: FollowUpOutcome | None = None
    customer_calmed: bool | None = None
    note: str = ""
    closed_at: datetime | None = None
    closed_by_id: uuid.UUID | None = None
    high_risk: bool = Field(default=False, description="The customer's stored high-risk flag (such rows come first)")
