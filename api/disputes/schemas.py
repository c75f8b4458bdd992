"""Request and response bodies of the complaint desk. Amounts travel as strings beside their
currency; floats are refused."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.disputes.analysis import Flag, GapCause
from api.disputes.classify import Cause
from api.disputes.clock import Level
from api.disputes.quote import Operation
from api.disputes.recommend import Remedy, Tier
from api.disputes.states import (
    Channel,
    ComplaintAction,
    ComplaintStatus,
    DecisionStatus,
    Delivery,
    OutcomeKind,
    Reassessor,
    Verdict,
)
from api.disputes.vocabulary import Unpaired
from api.estimates.schemas import EstimateRevisionCreate
from api.reasons import ReasonFields, ReasonRead, reason_items, render
from api.schemas import MAX_VERSION, AmountStr, Currency, Money
from pricing import Action, LineKind, PartCode, PriceType


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError('send numbers as strings (e.g. "1.5"), not JSON floats')
    return value


class SignedMoney(BaseModel):
    """An estimate amount; salvage and adjustments are negative."""

    model_config = ConfigDict(extra="forbid")

    amount: AmountStr
    currency: Currency = Currency.CNY

    _floats = field_validator("amount", mode="before")(_no_float)

    @field_validator("amount")
    @classmethod
    def _two_places(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value != value.quantize(Decimal("0.01")):
            raise ValueError("amount must be finite with at most 2 decimal places")
        return value.quantize(Decimal("0.01"))


Text = Annotated[str, Field(max_length=4000)]


class ComplaintCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Channel
    text: str = Field(min_length=1, max_length=4000, description="The problem in the customer's words")
    demand: str = Field(default="", max_length=2000, description="What the customer asks for")
    contact: str = Field(default="", max_length=200)
    estimate_version: int | None = Field(
        default=None, ge=1, le=MAX_VERSION, description="The estimate version disputed"
    )


class ComplaintUpdate(BaseModel):
    """The handler's reclassification, with the reason."""

    model_config = ConfigDict(extra="forbid")

    cause: Cause
    reason: str = Field(min_length=1, max_length=2000)


class StepRead(ReasonFields):
    model_config = ConfigDict(from_attributes=True)

    level: Level
    started_at: datetime
    due_at: datetime
    ended_at: datetime | None
    overdue: bool
    assignee_id: uuid.UUID | None = None


class EventRead(ReasonFields):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    action: ComplaintAction
    actor_id: uuid.UUID | None
    actor_role: str | None
    actor_label: str
    details: dict[str, Any]


class ComplaintRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    claim_id: uuid.UUID
    channel: Channel
    text: str
    demand: str
    estimate_version: int | None
    received_at: datetime
    cause: Cause | None
    status: ComplaintStatus
    level: Level
    level_label: str
    step_due_at: datetime
    feedback_due_at: datetime
    feedback_at: datetime | None
    confirmed_at: datetime | None
    satisfied: bool | None
    closed_at: datetime | None
    overdue: bool = Field(description="An open step or the feedback is past its deadline")
    mediation_offer: str = Field(default="", description="At the last level: the mediation body and its contact")
    mediation_offered_at: datetime | None = None


class ComplaintStaffRead(ComplaintRead):
    customer_id: uuid.UUID
    contact: str
    cause_set_by_handler: bool
    classification: dict[str, Any]
    follow_up_due_at: datetime | None
    follow_up_at: datetime | None
    follow_up_attempts: int = 0
    assignee_id: uuid.UUID | None = None
    severe: bool = False
    severe_reason: str = ""
    customer_upset: bool = Field(default=False, description="No solution is proposed until a calming contact")
    steps: list[StepRead]
    events: list[EventRead] = []


class FigureLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    amount: Money
    operation: Operation | None = None
    quantity: Decimal = Field(default=Decimal(1), gt=0, le=1000)
    hours: Decimal | None = Field(default=None, gt=0, le=1000)
    price_type: PriceType | None = None

    _floats = field_validator("quantity", "hours", mode="before")(_no_float)


class EstimateLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_id: str = Field(min_length=1, max_length=100)
    kind: LineKind
    part: PartCode | None = None
    action: Action | None = None
    description_zh: str = Field(default="", max_length=200)
    description_en: str = Field(default="", max_length=200)
    quantity: Decimal = Field(default=Decimal(1), ge=0, le=10000)
    unit_price: SignedMoney | None = None
    amount: SignedMoney | None = Field(description="None: the line awaits manual pricing")
    price_type: PriceType | None = None
    source: str = Field(default="", max_length=200)
    price_list_version: str = Field(default="", max_length=64)
    rule_ids: list[str] = Field(default_factory=list, max_length=20)

    _floats = field_validator("quantity", mode="before")(_no_float)


class EstimateIn(BaseModel):
    """The estimate version the complaint disputes, as the adjuster's system holds it.
    Stored with the analysis (the service keeps no estimates of its own yet)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=MAX_VERSION)
    catalog_version: str = Field(min_length=1, max_length=64)
    rules_version: str = Field(default="", max_length=64)
    currency: Currency = Currency.CNY
    lines: list[EstimateLineIn] = Field(min_length=1, max_length=500)
    recovered: Money = Money(amount=Decimal(0))
    fault_deductible: Money = Money(amount=Decimal(0))
    absolute_deductible: Money = Money(amount=Decimal(0))
    payable: Money
    policy_clause: str = Field(min_length=1, max_length=500)


class AnalysisCreate(BaseModel):
    """The customer's figure — exactly one of ``total``, ``lines``, ``quote_text`` or an OCR-read
    ``document_id`` — and the
    estimate it is compared with: the claim's stored version the complaint disputes (its latest
    when the complaint names none), or ``estimate`` as given when it is not stored here."""

    model_config = ConfigDict(extra="forbid")

    estimate: EstimateIn | None = None
    total: Money | None = None
    lines: list[FigureLineIn] | None = Field(default=None, min_length=1, max_length=200)
    quote_text: str | None = Field(default=None, min_length=1, max_length=20000)
    document_id: uuid.UUID | None = Field(
        default=None, description="A repair quote uploaded to the claim and read by OCR (its latest reading)"
    )
    stated_total: Money | None = Field(default=None, description="The quote's own total, checked against its items")
    default_price_type: PriceType | None = Field(
        default=None, description="Price type of items that do not say (e.g. oem_guide for a 4S dealer's quote)"
    )

    @model_validator(mode="after")
    def _exactly_one_figure(self) -> AnalysisCreate:
        given = [x for x in (self.total, self.lines, self.quote_text, self.document_id) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of total, lines, quote_text or document_id")
        return self


class ComponentRead(BaseModel):
    cause: GapCause
    amount: dict[str, str]


class ComparisonRead(BaseModel):
    part: PartCode | None
    operation: Operation | None
    customer_items: list[str]
    estimate_line_ids: list[str]
    customer_amount: dict[str, str]
    estimate_amount: dict[str, str]
    gap: dict[str, str]
    components: list[ComponentRead]
    flags: list[Flag]
    unpaired_reason: Unpaired | None = Field(
        default=None, description="Why only one side has lines; null when the customer's item and ours pair"
    )


class RecommendationRead(BaseModel):
    tier: Tier
    remedies: list[Remedy]
    compensation_low: dict[str, str]
    compensation_high: dict[str, str]
    reassessment: bool
    reasons: list[str] = Field(description="The reasons in English (their codes: reason_codes)")
    reason_codes: list[ReasonRead]

    @model_validator(mode="before")
    @classmethod
    def _codes(cls, data: Any) -> Any:
        if isinstance(data, dict) and "reason_codes" not in data:
            items = reason_items(list(data.get("reasons") or []))
            data = {**data, "reason_codes": items, "reasons": [render(r["code"], r.get("params")) for r in items]}
        return data


class AnalysisRead(BaseModel):
    id: uuid.UUID
    created_at: datetime
    fingerprint: str
    figure_total: dict[str, str]
    estimate_version: int
    estimate_payable: dict[str, str]
    gap: dict[str, str]
    by_cause: dict[GapCause, dict[str, str]]
    comparisons: list[ComparisonRead]
    components: list[ComponentRead]
    flags: list[Flag]
    repeated_on: list[str]
    recommendation: RecommendationRead


class VoucherIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(min_length=1, max_length=64, examples=["维修代金券"])
    value: Money


class DecisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    remedies: list[Remedy] = Field(min_length=1, max_length=10)
    compensation: Money = Money(amount=Decimal(0))
    reason: str = Field(min_length=1, max_length=2000)
    delivery: Delivery | None = Field(
        default=None,
        description="How a compensation above zero is paid: a payment adjustment (default) or an estimate "
        "revision (a new version citing the complaint, approved by an adjuster as usual)",
    )
    speed_up_days: int | None = Field(default=None, ge=1, le=2, description="With speed_up_payment")
    voucher: VoucherIn | None = Field(default=None, description="With voucher: its type and value")
    reassessment_by: Reassessor | None = Field(
        default=None, description="Order a re-assessment (third_party_reassessment implies third_party)"
    )


class DecisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    complaint_id: uuid.UUID
    decided_by_id: uuid.UUID
    decided_by_role: str
    verdict: Verdict
    remedies: list[Remedy]
    compensation: AmountStr
    currency: str
    reason: str
    status: DecisionStatus
    authority_limit: AmountStr | None
    reviewed_by_id: uuid.UUID | None
    reviewed_at: datetime | None
    review_reason: str
    created_at: datetime
    delivery: Delivery | None = None
    speed_up_days: int | None = None
    voucher_type: str | None = None
    voucher_value: AmountStr | None = None
    reassessment_by: Reassessor | None = None
    delivered_at: datetime | None = None


class OutcomeRead(BaseModel):
    """One thing a decision did, citing its complaint and decision."""

    model_config = ConfigDict(from_attributes=True)

    kind: OutcomeKind
    decision_id: uuid.UUID
    amount: AmountStr | None
    currency: str | None
    estimate_version: int | None
    voucher_type: str | None
    deadline_before: datetime | None
    deadline_after: datetime | None
    reassessor: Reassessor | None
    note: str
    created_at: datetime


class DecisionSummaryRead(BaseModel):
    """The decision as the customer reads it (no staff identities)."""

    model_config = ConfigDict(from_attributes=True)

    verdict: Verdict
    remedies: list[Remedy]
    compensation: AmountStr
    currency: str
    reason: str
    delivered_at: datetime | None


class PayableRead(BaseModel):
    estimate_version: int | None
    estimate_payable: Money
    adjustments: Money
    total: Money


class ComplaintOutcomeRead(BaseModel):
    """What the complaint's decision did, and what the customer is now to be paid."""

    complaint_id: uuid.UUID
    status: ComplaintStatus
    claim_state: str
    decision: DecisionSummaryRead | None
    outcomes: list[OutcomeRead]
    payable: PayableRead


class ReassessmentResultCreate(BaseModel):
    """The ordered re-assessment's result: who assessed, what they found, and the estimate
    revision it makes (a new version; an adjuster approves it as usual)."""

    model_config = ConfigDict(extra="forbid")

    assessor: str = Field(min_length=1, max_length=200, examples=["某某保险公估有限公司"])
    result: str = Field(min_length=1, max_length=2000)
    revision: EstimateRevisionCreate


class ReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool
    reason: str = Field(min_length=1, max_length=2000)


class EscalationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class ConfirmationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    satisfied: bool
    comment: str = Field(default="", max_length=2000)


class ExplanationLineRead(BaseModel):
    item: str
    customer_amount: dict[str, str] | None
    estimate_amount: dict[str, str] | None
    text: str


class ExplanationRead(BaseModel):
    lang: str
    estimate_version: int
    summary: str
    lines: list[ExplanationLineRead]
    closing: str
